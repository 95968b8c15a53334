"""Reverting a listing to an earlier version: its phones and hours, and the relations a version recorded."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

from directory.listings.values import M2M_FIELDS
from directory.models import (
    Listing,
    OpeningHours,
    Phone,
)
from directory.review.proposals import _replace_hours, _replace_phones
from directory.rules.hours import Interval
from directory.search.index import update_search_vectors


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


def listing_restore_related(*, listing: Listing, version, reviewer: AbstractBaseUser) -> RestoreResult:
    """After the admin's revert has written a version's fields and relations: its phones
    and hours too (where their history allows), and the search vector."""
    with transaction.atomic():
        contacts = version_contacts(listing, version)
        if contacts is not None:
            for kind in Phone.Kind.values:
                numbers = [record.number for record in contacts.phones if record.kind == kind]
                _replace_phones(listing, kind=kind, numbers=numbers, reviewer=reviewer)
            current = sorted((h.weekday, h.opens, h.closes) for h in listing.hours.all())
            wanted = [(h.weekday, h.opens, h.closes) for h in contacts.hours]
            if current != wanted:
                _replace_hours(listing, intervals=[Interval(*row) for row in wanted], reviewer=reviewer)
        update_search_vectors([listing.pk])
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
