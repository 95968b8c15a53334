"""Reviewers' actions on many listings at once: marking them verified, setting their
status, publishing a reviewed draft.

Each is one call of the one writer (listings/writer.py), so it runs in one transaction
and writes a history record naming the reviewer (with the listing's relations, so that
"who did this" and "undo it" are answerable from the history), and the search vector
and typo-correction words follow the new status at once."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from directory.listings.values import address_warning
from directory.listings.writer import ListingChange, WriteResult, save_listings
from directory.models import Listing


@dataclass(frozen=True)
class ActionResult:
    """count: the listings the action applied to; warnings: one message per listing whose
    confidential street address is in its public text (the writer's check: reviewers are
    warned, PRODUCT.md), for the reviewer to fix."""

    count: int
    warnings: list[str]


def _change_all(listings: QuerySet, fields: dict, *, reviewer: AbstractBaseUser, reason: str) -> WriteResult:
    # A fresh query of the ids: the caller's queryset may carry joins (admin changelist
    # filters) that the writer's FOR UPDATE would refuse.
    ids = list(Listing.objects.filter(pk__in=listings.values("pk")).order_by("pk").values_list("pk", flat=True))
    return save_listings([ListingChange(id=pk, fields=fields) for pk in ids], actor=reviewer, reason=reason)


def _warnings(result: WriteResult) -> list[str]:
    leaks: dict[int, list[str]] = defaultdict(list)
    for problem in result.warnings:
        leaks[result.ids[problem.index]].append(problem.field)
    names = dict(Listing.objects.filter(pk__in=list(leaks)).values_list("pk", "name")) if leaks else {}
    return [f"“{names[pk]}”: {address_warning(fields)}" for pk, fields in leaks.items()]


def listings_mark_verified(
    *, listings: QuerySet, reviewer: AbstractBaseUser, today: datetime.date | None = None
) -> ActionResult:
    """Record that `reviewer` checked these listings `today` (one already marked today by
    the same reviewer counts, without a new record)."""
    today = today or timezone.localdate()
    result = _change_all(
        listings,
        {"last_verified": today, "verified_by": reviewer},
        reviewer=reviewer,
        reason=f"Verified {today.isoformat()}",
    )
    return ActionResult(count=len(result.ids), warnings=_warnings(result))


def listings_set_status(*, listings: QuerySet, status: str, reviewer: AbstractBaseUser) -> ActionResult:
    """Move listings to `status` (a Listing.Status); the count is of those that changed."""
    if status not in Listing.Status.values:
        raise ValueError(f"{status!r} is not a listing status")
    result = _change_all(listings, {"status": status}, reviewer=reviewer, reason=f"Status set to {status}")
    return ActionResult(count=len(result.updated), warnings=_warnings(result))


def listing_publish(
    *, listing: Listing, reviewer: AbstractBaseUser, today: datetime.date | None = None
) -> ActionResult:
    """A reviewed draft goes live and counts as verified today: one history record."""
    today = today or timezone.localdate()
    fields = {"status": Listing.Status.PUBLISHED, "last_verified": today, "verified_by": reviewer}
    result = save_listings(
        [ListingChange(id=listing.pk, fields=fields)], actor=reviewer, reason=f"Published and verified {today.isoformat()}"
    )
    return ActionResult(count=len(result.updated), warnings=_warnings(result))
