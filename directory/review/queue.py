"""The review queue: pending proposals, suggestions and stale listings, grouped by listing."""

import datetime
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from directory.listings.values import DiffRow, listing_values, review_warnings
from directory.models import (
    STALE_AFTER,
    Listing,
    Proposal,
    Suggestion,
)
from directory.review.proposals import _for_values, proposal_diff

STALE_SHOWN = 50


@dataclass
class QueueGroup:
    listing: Listing | None  # None for a proposed new listing
    current: dict[str, Any] | None
    since: datetime.datetime
    proposals: list[tuple[Proposal, list[DiffRow], list[str]]] = dataclass_field(default_factory=list)
    suggestions: list[Suggestion] = dataclass_field(default_factory=list)
    stale: bool = False
    warnings: list[str] = dataclass_field(default_factory=list)

    @property
    def waiting(self) -> str:
        """Why the listing itself waits: "draft" (its first review), "never-verified"
        (published, never checked) or "stale" (not checked in 12 months)."""
        if not self.stale or self.listing is None:
            return ""
        if self.listing.status == Listing.Status.DRAFT:
            return "draft"
        return "never-verified" if self.listing.last_verified is None else "stale"


def listings_waiting() -> QuerySet:
    """The listings the queue asks a reviewer to look at: stale ones, and every draft
    (awaiting its first review, however recently an import dated its verification)."""
    return (Listing.objects.stale() | Listing.objects.filter(status=Listing.Status.DRAFT)).exclude(
        status=Listing.Status.ARCHIVED
    )


def _stale_since(listing: Listing) -> datetime.datetime:
    if listing.last_verified is None:
        return listing.created
    day = listing.last_verified + STALE_AFTER
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def review_queue(*, stale_limit: int = STALE_SHOWN) -> tuple[list[QueueGroup], int]:
    """The groups to review, oldest first, and how many stale listings there are in all.

    A fixed number of queries: the proposals, suggestions and stale listings, then the
    listings they concern with everything their values need.
    """
    proposals = list(Proposal.objects.pending().select_related("author", "organization"))
    suggestions = list(Suggestion.objects.pending())
    stale = listings_waiting()
    stale_count = stale.count()
    oldest_first = stale.order_by(models.F("last_verified").asc(nulls_first=True), "pk")
    stale_ids = list(oldest_first.values_list("pk", flat=True)[:stale_limit])
    listing_ids = {p.listing_id for p in proposals if p.listing_id} | {s.listing_id for s in suggestions}
    listing_ids |= set(stale_ids)
    listings = {
        listing.pk: listing
        for listing in _for_values().select_related("organization").filter(pk__in=listing_ids)
    }
    groups: dict[int, QueueGroup] = {}

    def group_for(listing_id: int, since: datetime.datetime) -> QueueGroup:
        if listing_id not in groups:
            listing = listings[listing_id]
            current = listing_values(listing)
            warnings = review_warnings(current)
            groups[listing_id] = QueueGroup(listing=listing, current=current, since=since, warnings=warnings)
        group = groups[listing_id]
        group.since = min(group.since, since)
        return group

    new_groups = []
    for proposal in proposals:
        if proposal.listing_id is None:
            group = QueueGroup(listing=None, current=None, since=proposal.created)
            new_groups.append(group)
        else:
            group = group_for(proposal.listing_id, proposal.created)
        warnings = []
        if proposal.kind != Proposal.Kind.CONFIRM:
            warnings = review_warnings({**(group.current or {}), **proposal.values})
        group.proposals.append((proposal, proposal_diff(proposal, group.current), warnings))
    for suggestion in suggestions:
        group_for(suggestion.listing_id, suggestion.created).suggestions.append(suggestion)
    for listing_id in stale_ids:
        group_for(listing_id, _stale_since(listings[listing_id])).stale = True
    return sorted([*groups.values(), *new_groups], key=lambda group: group.since), stale_count
