"""Reverting a listing to an earlier version: its fields, the relations it recorded, and
its phones and hours from their own history, written back by the one writer."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils import timezone

from directory.listings.values import M2M_FIELDS
from directory.listings.writer import ListingChange, phones_by_kind, save_listings
from directory.models import (
    Listing,
    OpeningHours,
    Phone,
)
from directory.rules.hours import Interval


@dataclass(frozen=True)
class RestoreResult:
    phones_and_hours_restored: bool


def _state_before(model: type[models.Model], *, listing_id: int, cutoff: datetime.datetime) -> list | None:
    """The rows of `model` (Phone or OpeningHours) that `listing_id` had just before
    `cutoff`, from their history; None when some of its rows have no history (written
    by a bulk path before history was kept), since the past then cannot be known."""
    current_ids = set(model.objects.filter(listing_id=listing_id).values_list("pk", flat=True))
    recorded_ids = set(
        model.history.filter(listing_id=listing_id, history_type="+").values_list("id", flat=True)
    )
    if not current_ids <= recorded_ids:
        return None
    latest: dict[int, Any] = {}
    records = model.history.filter(listing_id=listing_id, history_date__lt=cutoff).order_by(
        "history_date", "history_id"
    )
    for record in records:
        latest[record.id] = record
    return [record for record in latest.values() if record.history_type != "-"]


@dataclass(frozen=True)
class VersionContacts:
    phones: list  # historical Phone records
    hours: list  # historical OpeningHours records


def version_contacts(listing: Listing, version) -> VersionContacts | None:
    """The phones and hours `listing` had at `version` (a history record): those written
    before the listing's next record. None when their history is incomplete."""
    later = listing.history.filter(history_date__gt=version.history_date).order_by("history_date").first()
    cutoff = later.history_date if later else timezone.now()
    phones = _state_before(Phone, listing_id=listing.pk, cutoff=cutoff)
    hours = _state_before(OpeningHours, listing_id=listing.pk, cutoff=cutoff)
    if phones is None or hours is None:
        return None
    return VersionContacts(
        phones=sorted(phones, key=lambda p: (p.kind, p.number)),
        hours=sorted(hours, key=lambda h: (h.weekday, h.opens, h.closes)),
    )


def listing_revert(*, listing: Listing, version, change: ListingChange, reviewer: AbstractBaseUser) -> RestoreResult:
    """Write `version` (a history record of `listing`) back, as `reviewer`: `change` holds
    its fields and relations as the reviewer confirmed them on the revert form; to them
    come who verified it, as the version says, and the phones and hours the version had,
    where their history allows (else they are left as they are)."""
    contacts = version_contacts(listing, version)
    change.fields["verified_by"] = version.verified_by
    if contacts is not None:
        change.phones = phones_by_kind([(record.kind, record.number) for record in contacts.phones])
        change.hours = [Interval(record.weekday, record.opens, record.closes) for record in contacts.hours]
    reason = f"Reverted to the version of {version.history_date:%Y-%m-%d %H:%M}"
    save_listings([change], actor=reviewer, reason=reason)
    return RestoreResult(phones_and_hours_restored=contacts is not None)


def historic_relations(version) -> dict[str, list[int]] | None:
    """The related ids a listing version recorded, for the revert form; None when the
    version holds no snapshot of them (a record written by a bulk path, or before they
    were tracked: every listing has a service type, so none at all means not recorded)."""
    relations = {}
    for name in M2M_FIELDS:
        target = Listing._meta.get_field(name).related_model._meta.model_name
        relations[name] = [getattr(row, f"{target}_id") for row in getattr(version, name).all()]
    if not relations["service_types"]:
        return None
    return relations
