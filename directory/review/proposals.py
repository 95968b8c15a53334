"""Proposals: advocates propose changes and new listings, reviewers approve or reject them.

Each decision runs in one transaction; emails go out only once it has committed."""

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.listings.values import (
    FIELD_LABELS,
    M2M_FIELDS,
    PHONE_FIELDS,
    SCALAR_FIELDS,
    DiffRow,
    changed_values,
    display_value,
    listing_values,
)
from directory.listings.writer import ListingChange, save_listings
from directory.models import (
    Listing,
    Organization,
    Proposal,
)
from directory.review.notifications import (
    notify_advocate_of_decision,
    notify_reviewers_of_proposal,
)
from directory.rules.hours import parse_hours


def proposal_conflicts(proposal: Proposal, current: dict[str, Any]) -> list[str]:
    """Fields someone changed since the advocate's base that the proposal also changes.

    A field changed to the very value the proposal asks for is no conflict. A
    confirmation vouches for every field as the advocate saw it, so any change since
    is one.
    """
    base = proposal.base_values
    if proposal.kind == Proposal.Kind.NEW:
        return []
    if proposal.kind == Proposal.Kind.CONFIRM:
        return [name for name in FIELD_LABELS if name in base and current.get(name) != base[name]]
    return [
        name
        for name, value in proposal.values.items()
        if current.get(name) != base.get(name) and current.get(name) != value
    ]


def proposal_diff(proposal: Proposal, current: dict[str, Any] | None) -> list[DiffRow]:
    """Field by field, what the proposal would change (and what clashes with newer data)."""
    current = current or {}
    conflicts = set(proposal_conflicts(proposal, current)) if current else set()
    names = list(proposal.values) if proposal.kind != Proposal.Kind.CONFIRM else sorted(conflicts)
    rows = []
    for name in FIELD_LABELS:
        if name not in names:
            continue
        proposed = proposal.values.get(name, proposal.base_values.get(name))
        rows.append(
            DiffRow(
                field=name,
                label=str(FIELD_LABELS[name]),
                current=display_value(name, current.get(name)) if current else "",
                proposed=display_value(name, proposed),
                conflict=name in conflicts,
            )
        )
    return rows


class ReviewError(Exception):
    """A state change that cannot happen; the message is for the person who asked."""


class NotPending(ReviewError):
    def __init__(self, proposal: Proposal) -> None:
        messages = {
            Proposal.Status.APPROVED: _("This proposal was already approved."),
            Proposal.Status.REJECTED: _("This proposal was already rejected."),
            Proposal.Status.WITHDRAWN: _("This proposal was withdrawn."),
        }
        super().__init__(messages[proposal.status])


class ProposalConflict(ReviewError):
    def __init__(self, fields: list[str]) -> None:
        self.fields = fields
        labels = ", ".join(str(FIELD_LABELS[name]) for name in fields)
        super().__init__(
            _("The listing has changed since this proposal was made (%(fields)s): resolve the conflict first.")
            % {"fields": labels}
        )


class NothingChanged(ReviewError):
    def __init__(self) -> None:
        super().__init__(_("Nothing was changed. If the listing is still accurate, confirm it instead."))


def _for_values() -> QuerySet:
    return Listing.objects.select_related("county").prefetch_related(
        "service_types", "counties_served", "languages", "populations", "phones", "hours"
    )


def _submit(proposal: Proposal) -> Proposal:

    proposal.save()
    transaction.on_commit(lambda: notify_reviewers_of_proposal(proposal))
    return proposal


def proposal_create_edit(
    *, author: AbstractBaseUser, listing: Listing, values: dict[str, Any], note: str = "", language: str = "en"
) -> Proposal:
    """Propose changing `listing` to `values` (only the fields that differ are kept)."""
    with transaction.atomic():
        base = listing_values(_for_values().get(pk=listing.pk))
        changes = changed_values(base=base, values=values)
        if not changes:
            raise NothingChanged
        return _submit(
            Proposal(
                kind=Proposal.Kind.EDIT,
                organization_id=listing.organization_id,
                listing=listing,
                author=author,
                language=language,
                values=changes,
                base_values=base,
                base_updated=listing.updated,
                note=note,
            )
        )


def proposal_create_new(
    *,
    author: AbstractBaseUser,
    organization: Organization,
    values: dict[str, Any],
    note: str = "",
    language: str = "en",
) -> Proposal:
    with transaction.atomic():
        return _submit(
            Proposal(
                kind=Proposal.Kind.NEW,
                organization=organization,
                author=author,
                language=language,
                values=values,
                note=note,
            )
        )


def proposal_create_confirmation(*, author: AbstractBaseUser, listing: Listing, language: str = "en") -> Proposal:
    """"Still accurate": a request that a reviewer verify the listing as it is.

    Asking twice while the first request waits returns the waiting one.
    """
    with transaction.atomic():
        Listing.objects.select_for_update().filter(pk=listing.pk).first()
        waiting = Proposal.objects.pending().filter(listing=listing, kind=Proposal.Kind.CONFIRM).first()
        if waiting:
            return waiting
        return _submit(
            Proposal(
                kind=Proposal.Kind.CONFIRM,
                organization_id=listing.organization_id,
                listing=listing,
                author=author,
                language=language,
                base_values=listing_values(_for_values().get(pk=listing.pk)),
                base_updated=listing.updated,
            )
        )


def _lock_pending(proposal: Proposal) -> Proposal:
    # The row lock and the status check together make a decision happen once: a second
    # reviewer approving at the same moment waits here, then finds it decided.
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != Proposal.Status.PENDING:
        raise NotPending(locked)
    return locked


def proposal_withdraw(*, proposal: Proposal) -> Proposal:
    with transaction.atomic():
        locked = _lock_pending(proposal)
        locked.status = Proposal.Status.WITHDRAWN
        locked.decided = timezone.now()
        locked.save(update_fields=["status", "decided"])
        return locked


def proposal_reject(*, proposal: Proposal, reviewer: AbstractBaseUser, reason: str) -> Proposal:
    """Reject with a reason, which the advocate is shown and sent."""

    reason = reason.strip()
    if not reason:
        raise ReviewError(_("Give the advocate a reason."))
    with transaction.atomic():
        locked = _lock_pending(proposal)
        locked.status = Proposal.Status.REJECTED
        locked.reviewer = reviewer
        locked.decided = timezone.now()
        locked.reason = reason
        locked.save(update_fields=["status", "reviewer", "decided", "reason"])
        transaction.on_commit(lambda: notify_advocate_of_decision(locked))
        return locked


def proposal_approve(
    *,
    proposal: Proposal,
    reviewer: AbstractBaseUser,
    resolved_values: dict[str, Any] | None = None,
    reason: str = "",
    today: datetime.date | None = None,
) -> Proposal:
    """Apply the proposal to the live listing, as a verification by `reviewer` today.

    Only the fields the advocate changed are written, so a newer change to any other
    field survives. A field changed both by the proposal and by someone since its base
    is a conflict, refused until the reviewer resolves it: `resolved_values` are then the
    listing's values as the reviewer settled them, written wherever they differ.
    """

    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _lock_pending(proposal)
        verified = {"last_verified": today, "verified_by": reviewer}
        if locked.kind == Proposal.Kind.NEW:
            # Published at once: approving a new listing is its vetting.
            change = change_from_values({**locked.values, **(resolved_values or {})})
            change.organization = locked.organization.name
            change.fields.update(status=Listing.Status.PUBLISHED, **verified)
        else:
            listing = Listing.objects.select_for_update().get(pk=locked.listing_id)
            current = listing_values(_for_values().get(pk=listing.pk))
            if resolved_values is None:
                conflicts = proposal_conflicts(locked, current)
                if conflicts:
                    raise ProposalConflict(conflicts)
                changes = changed_values(base=current, values=locked.values)
            else:
                changes = changed_values(base=current, values=resolved_values)
            # Only the fields the advocate changed, so a newer change to any other survives.
            change = change_from_values(changes)
            change.id = listing.pk
            change.fields.update(verified)
        result = save_listings([change], actor=reviewer, reason=f"Proposal #{locked.pk} approved")
        locked.status = Proposal.Status.APPROVED
        locked.listing_id = result.ids[0]
        locked.reviewer = reviewer
        locked.decided = timezone.now()
        locked.reason = reason.strip()
        locked.save(update_fields=["status", "listing", "reviewer", "decided", "reason"])
        transaction.on_commit(lambda: notify_advocate_of_decision(locked))
        return locked


def change_from_values(values: dict[str, Any]) -> ListingChange:
    """listing_values()' form (only the fields given) as a change for the writer."""
    fields = {name: values[name] for name in SCALAR_FIELDS if name in values}
    if "county" in values:
        fields["county"] = values["county"] or None
    hours = None
    if "hours" in values:
        weekly = parse_hours(values["hours"])
        fields["open_24_7"] = weekly.always_open
        hours = list(weekly.intervals)
    return ListingChange(
        fields=fields,
        relations={name: values[name] for name in M2M_FIELDS if name in values},
        phones={kind: values[name] for name, kind in PHONE_FIELDS.items() if name in values},
        hours=hours,
    )
