"""Reviewers' state changes: verifying, publishing and archiving listings, deciding
advocates' proposals and the public's suggestions, reverting to earlier versions.

Called by admin views and actions, the advocates' portal and commands alike. Each runs
in one transaction and writes a history record naming the reviewer, so "who did this"
is answerable from the listing's history without a request in sight. Emails go out
only once the transaction has committed.
"""

import datetime
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from . import vocab
from .confidentiality import address_in_public_text
from .consistency import listing_problems
from .emails import notify_advocate_of_decision, notify_reviewers_of_proposal
from .hours import ALWAYS, Interval, format_hours, parse_hours
from .languages import english_name, language_name
from .models import STALE_AFTER, County, Listing, OpeningHours, Organization, Phone, Proposal, Suggestion
from .phones import display_number
from .roles import ADVOCATES, REVIEWERS
from .search_index import update_search_vectors

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


# ---------------------------------------------------------------------------
# A listing's values: the one representation that proposals store, diffs compare and
# the proposal form edits. Plain JSON: slugs for vocabularies, E.164 numbers, hours in
# the import format, so that a proposal still reads correctly years later.

SCALAR_FIELDS = (
    *("name", "description", "description_es", "statewide", "fees", "address", "city", "zip"),
    *("latitude", "longitude", "confidential_location", "hotline_24_7", "website", "email", "eligibility"),
    "eligibility_es",
)
# Many-to-many field -> the attribute that identifies a related row.
M2M_FIELDS = {"service_types": "slug", "counties_served": "slug", "languages": "code", "populations": "slug"}
PHONE_FIELDS = {"phone": Phone.Kind.VOICE, "text": Phone.Kind.TEXT, "tty": Phone.Kind.TTY}
FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "description": gettext_lazy("Description (English)"),
    "description_es": gettext_lazy("Description (Spanish)"),
    "service_types": gettext_lazy("Services"),
    "statewide": gettext_lazy("Serves all of New Mexico"),
    "counties_served": gettext_lazy("Counties served"),
    "fees": gettext_lazy("Cost"),
    "address": gettext_lazy("Street address"),
    "city": gettext_lazy("City"),
    "zip": gettext_lazy("ZIP code"),
    "county": gettext_lazy("County"),
    "latitude": gettext_lazy("Latitude"),
    "longitude": gettext_lazy("Longitude"),
    "confidential_location": gettext_lazy("Confidential location"),
    "phone": gettext_lazy("Phone"),
    "text": gettext_lazy("Text (SMS)"),
    "tty": gettext_lazy("TTY"),
    "hotline_24_7": gettext_lazy("Answers 24/7"),
    "hours": gettext_lazy("Hours"),
    "website": gettext_lazy("Website"),
    "email": gettext_lazy("Email"),
    "languages": gettext_lazy("Languages"),
    "populations": gettext_lazy("Who it serves"),
    "eligibility": gettext_lazy("Who can use it (English)"),
    "eligibility_es": gettext_lazy("Who can use it (Spanish)"),
}


def listing_values(listing: Listing) -> dict[str, Any]:
    """Every field an advocate may propose a change to (prefetch as for_detail() does)."""
    values: dict[str, Any] = {name: getattr(listing, name) for name in SCALAR_FIELDS}
    values["county"] = listing.county.slug if listing.county_id else ""
    for name, key in M2M_FIELDS.items():
        values[name] = sorted(getattr(item, key) for item in getattr(listing, name).all())
    phones = list(listing.phones.all())
    for name, kind in PHONE_FIELDS.items():
        values[name] = sorted(phone.number for phone in phones if phone.kind == kind)
    if listing.open_24_7:
        values["hours"] = ALWAYS
    else:
        values["hours"] = format_hours(sorted(listing.hours.all(), key=lambda i: (i.weekday, i.opens, i.closes)))
    return {name: values[name] for name in FIELD_LABELS}


def display_value(field: str, value: Any) -> str:
    """A value as a reviewer or advocate reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    names = {
        "service_types": vocab.SERVICE_TYPES,
        "populations": vocab.POPULATIONS,
        "counties_served": vocab.COUNTIES,
        "county": vocab.COUNTIES,
        "fees": vocab.FEES,
    }.get(field)
    items = value if isinstance(value, list) else [value]
    if names is not None:
        items = [str(names.get(item, item)) for item in items]
    elif field in PHONE_FIELDS:
        items = [display_number(item) for item in items]
    elif field == "languages":
        items = [language_name(item) for item in items]
    return "; ".join(str(item) for item in items)


@dataclass(frozen=True)
class DiffRow:
    field: str
    label: str
    current: str
    proposed: str
    conflict: bool


def changed_values(*, base: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if base.get(name) != value}


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


# ---------------------------------------------------------------------------
# Confidential addresses in public text

def address_warning(fields: list[str]) -> str:
    labels = ", ".join(str(FIELD_LABELS[name]) for name in fields)
    return _("This listing's location is confidential, but its street address appears in: %(fields)s.") % {
        "fields": labels
    }


# ---------------------------------------------------------------------------
# Proposals: advocates propose, reviewers approve or reject.


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


# ---------------------------------------------------------------------------
# Reverting to an earlier version


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


def review_warnings(values: dict[str, Any]) -> list[str]:
    """What a reviewer should know before these values go out: a confidential address in
    public text, and every problem consistency.py finds (its town check included)."""
    warnings = [address_warning(leaks)] if (leaks := address_in_public_text(values)) else []
    return warnings + [problem.message for problem in listing_problems(values)]


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


# ---------------------------------------------------------------------------
# The review queue: pending proposals, suggestions and stale listings, by listing.

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


# ---------------------------------------------------------------------------
# Roles


ROLES = ("advocate", "reviewer", "superuser")


def user_add_to_role(*, user: AbstractBaseUser, role: str, organization: Organization | None = None) -> None:
    """Advocates belong to organizations (the group lets them propose, membership says
    for which); reviewers work in the admin; superusers may do anything."""
    from django.contrib.auth.models import Group

    if role not in ROLES:
        raise ValueError(f"{role!r} is not a role (use: {', '.join(ROLES)})")
    if (role == "advocate") != (organization is not None):
        raise ValueError("an advocate needs an organization, and only advocates have one")
    with transaction.atomic():
        if role == "advocate":
            user.groups.add(Group.objects.get(name=ADVOCATES))
            organization.members.add(user)
        elif role == "reviewer":
            user.groups.add(Group.objects.get(name=REVIEWERS))
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        else:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
