"""Reviewers' actions on many listings at once: marking them verified, setting their status.

Each runs in one transaction and writes a history record naming the reviewer, so "who
did this" is answerable from the listing's history without a request in sight."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from directory.models import (
    Listing,
)

# Bounds memory and statement size when a reviewer selects thousands of listings.
BATCH_SIZE = 500


def _locked(listings: QuerySet) -> list[Listing]:
    # A fresh, locked query: the caller's queryset may carry joins (admin changelist
    # filters) that FOR UPDATE refuses, and the history rows must snapshot what is
    # written, not what another reviewer changed a moment ago.
    return list(Listing.objects.select_for_update().filter(pk__in=listings.values("pk")).order_by("pk"))


def _write(listings: list[Listing], *, fields: list[str], reviewer: AbstractBaseUser, reason: str) -> int:
    now = timezone.now()
    for listing in listings:
        # bulk_update() skips auto_now, so the changelist's "updated" would lie without this.
        listing.updated = now
    bulk_update_with_history(
        listings,
        Listing,
        [*fields, "updated"],
        batch_size=BATCH_SIZE,
        default_user=reviewer,
        default_change_reason=reason,
        default_date=now,
    )
    _snapshot_relations(list(Listing.history.filter(id__in=[listing.pk for listing in listings], history_date=now)))
    return len(listings)


def _snapshot_relations(records: list) -> None:
    """Fill in the many-to-many snapshot of history records written in bulk.

    simple_history's bulk helpers leave it empty, and an empty snapshot would read, in
    the history and on the revert page, as though the listing had lost its service
    types and counties.
    """
    by_listing = {record.id: record for record in records}
    history = Listing.history.model
    for field in history._history_m2m_fields:
        snapshot = getattr(history, field.name).model
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        rows = field.remote_field.through.objects.filter(**{f"{source}__in": list(by_listing)})
        snapshot.objects.bulk_create(
            [
                snapshot(history=by_listing[listing_id], id=row_id, **{source: listing_id, target: target_id})
                for row_id, listing_id, target_id in rows.values_list("id", source, target)
            ],
            batch_size=BATCH_SIZE,
        )


def listings_mark_verified(
    *, listings: QuerySet, reviewer: AbstractBaseUser, today: datetime.date | None = None
) -> int:
    """Record that `reviewer` checked these listings `today`; returns how many were marked."""
    today = today or timezone.localdate()
    with transaction.atomic():
        rows = _locked(listings)
        for listing in rows:
            listing.last_verified = today
            listing.verified_by = reviewer
        return _write(
            rows, fields=["last_verified", "verified_by"], reviewer=reviewer, reason=f"Verified {today.isoformat()}"
        )


def listings_set_status(*, listings: QuerySet, status: str, reviewer: AbstractBaseUser) -> int:
    """Move listings to `status` (a Listing.Status); returns how many actually changed."""
    if status not in Listing.Status.values:
        raise ValueError(f"{status!r} is not a listing status")
    with transaction.atomic():
        rows = [listing for listing in _locked(listings) if listing.status != status]
        for listing in rows:
            listing.status = status
        return _write(rows, fields=["status"], reviewer=reviewer, reason=f"Status set to {status}")
