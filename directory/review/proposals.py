"""Proposals: advocates propose changes and new listings, reviewers approve or reject them.

Each decision runs in one transaction; emails go out only once it has committed."""

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
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
from directory.models import (
    County,
    Listing,
    OpeningHours,
    Organization,
    Phone,
    Proposal,
)
from directory.review.notifications import (
    notify_advocate_of_decision,
    notify_reviewers_of_proposal,
)
from directory.rules.hours import ALWAYS, parse_hours
from directory.rules.languages import english_name
from directory.search.index import update_search_vectors


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
        change_reason = f"Proposal #{locked.pk} approved"
        if locked.kind == Proposal.Kind.NEW:
            listing = _create_listing(
                organization=locked.organization,
                values={**locked.values, **(resolved_values or {})},
                reviewer=reviewer,
                today=today,
                change_reason=change_reason,
            )
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
            _apply(listing, changes, reviewer=reviewer, today=today, change_reason=change_reason)
        locked.status = Proposal.Status.APPROVED
        locked.listing = listing
        locked.reviewer = reviewer
        locked.decided = timezone.now()
        locked.reason = reason.strip()
        locked.save(update_fields=["status", "listing", "reviewer", "decided", "reason"])
        update_search_vectors([listing.pk])
        transaction.on_commit(lambda: notify_advocate_of_decision(locked))
        return locked


def _apply(
    listing: Listing, changes: dict[str, Any], *, reviewer: AbstractBaseUser, today: datetime.date, change_reason: str
) -> None:
    for name in SCALAR_FIELDS:
        if name in changes:
            setattr(listing, name, changes[name])
    if "county" in changes:
        listing.county = County.objects.get(slug=changes["county"]) if changes["county"] else None
    if "hours" in changes:
        listing.open_24_7 = changes["hours"] == ALWAYS
    listing.last_verified = today
    listing.verified_by = reviewer
    listing._history_user = reviewer
    listing._change_reason = change_reason
    # The relations first, without a history record each, so that the listing's one
    # record below snapshots them as they now are.
    listing.skip_history_when_saving = True
    try:
        for name, key in M2M_FIELDS.items():
            if name in changes:
                getattr(listing, name).set(_related(name, key, changes[name]))
    finally:
        del listing.skip_history_when_saving
    listing.save()
    # Phones and hours after the listing's record: a version's phones and hours are
    # those written up to the listing's next record (see listing_restore_related()).
    for name, kind in PHONE_FIELDS.items():
        if name in changes:
            _replace_phones(listing, kind=kind, numbers=changes[name], reviewer=reviewer)
    if "hours" in changes:
        intervals = [] if changes["hours"] == ALWAYS else parse_hours(changes["hours"]).intervals
        _replace_hours(listing, intervals=intervals, reviewer=reviewer)


def _related(name: str, key: str, identifiers: list[str]) -> list:
    model = Listing._meta.get_field(name).related_model
    if name == "languages":
        for code in identifiers:
            model.objects.get_or_create(code=code, defaults={"name": english_name(code)})
    return list(model.objects.filter(**{f"{key}__in": identifiers}))


def _replace_phones(listing: Listing, *, kind: str, numbers: list[str], reviewer: AbstractBaseUser) -> None:
    existing = list(listing.phones.filter(kind=kind))
    for phone in existing:
        if phone.number not in numbers:
            phone._history_user = reviewer
            phone.delete()
    kept = {phone.number for phone in existing}
    for number in numbers:
        if number not in kept:
            phone = Phone(listing=listing, kind=kind, number=number)
            phone._history_user = reviewer
            phone.save()


def _replace_hours(listing: Listing, *, intervals, reviewer: AbstractBaseUser) -> None:
    for row in listing.hours.all():
        row._history_user = reviewer
        row.delete()
    for interval in intervals:
        row = OpeningHours(listing=listing, weekday=interval.weekday, opens=interval.opens, closes=interval.closes)
        row._history_user = reviewer
        row.save()


def _unique_slug(name: str, place: str) -> str:
    base = slugify(f"{name} {place}")[:110].strip("-") or "listing"
    taken = set(Listing.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _create_listing(
    *,
    organization: Organization,
    values: dict[str, Any],
    reviewer: AbstractBaseUser,
    today: datetime.date,
    change_reason: str,
) -> Listing:
    """A vetted new listing: published at once, since approving it is the vetting."""
    listing = Listing(
        organization=organization,
        slug=_unique_slug(values["name"], values.get("city") or organization.name),
        status=Listing.Status.PUBLISHED,
        **{name: values[name] for name in SCALAR_FIELDS if name in values},
    )
    listing._history_user = reviewer
    listing._change_reason = change_reason
    listing.save()
    # The creation record cannot hold the relations (they need the listing's id);
    # _apply()'s record right after does.
    _apply(listing, values, reviewer=reviewer, today=today, change_reason=change_reason)
    return listing
