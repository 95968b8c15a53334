"""The one writer of listings: every path that creates or changes a listing calls
save_listings() — the CSV and HSDS imports, the demo loader, proposal approval, the
admin's save and revert, and the reviewers' status and verify actions.

So that a rule added here holds everywhere, it owns all that a listing's write entails:
organizations (created by name when missing), the slug (one allocator, slugs.py), the
listing row itself (plain bulk statements, sql.py: 20,000 rows import in seconds), its
relations, phones and hours, one history record per written listing naming the actor and
the reason, with the snapshot of its relations (history.py) and history of each phone and
hours row written or deleted (so that every version can be reverted, review/history.py),
the distance point (Listing.refresh_distance_point), the search vector and the typo
words (search/index.py), and the confidentiality check of PRODUCT.md: a confidential
listing's street address in its public text, checked on the listing as it will be after
the change (stored values and the change together), so that a change of the description
alone cannot leak an address stored earlier.

A change carries only the parts it means to write; everything else of the listing is
left as it is. A change that would alter nothing is left alone: no history record, no
new `updated` time, no new search vector, so re-importing an unchanged file writes
nothing. The number of queries does not grow with the number of changes.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.listings import contacts
from directory.listings.confidentiality import (
    PUBLIC_TEXT_FIELDS,
    address_in_public_text,
)
from directory.listings.history import CHANGED, CREATED, record_history
from directory.listings.slugs import SlugAllocator, slug_base
from directory.listings.sql import among, chunks, delete, insert
from directory.models import (
    County,
    Language,
    Listing,
    Organization,
    Phone,
    Population,
    ServiceType,
)
from directory.rules.hours import Interval
from directory.rules.languages import canonical_code, english_name
from directory.search.index import update_search_vectors

# Relation -> the attribute a change names its rows by (slugs, and language codes).
RELATIONS = {"service_types": "slug", "counties_served": "slug", "populations": "slug", "languages": "code"}
_VOCABULARIES = {"service_types": ServiceType, "counties_served": County, "populations": Population}
# The fields a change may carry, by Listing field name: `county` as a slug (or None),
# `verified_by` as a user (or None). The organization is named apart (by name).
FIELDS = frozenset(
    f.name for f in Listing._meta.concrete_fields if f.editable and not f.primary_key and f.name != "organization"
)
# Every column the writer writes; the search vectors are filled by update_search_vectors().
_COLUMNS = tuple(
    f.name for f in Listing._meta.concrete_fields if not f.primary_key and f.name not in ("search_vector", "public_words")
)
_STORED = ("id", *(Listing._meta.get_field(name).attname for name in _COLUMNS))
_ALWAYS_WRITTEN = {"organization", "updated", "distance_latitude", "distance_longitude"}


@dataclass
class ListingChange:
    """What to write to one listing: only the parts given are written.

    id: an existing listing; else external_id: the listing imported with it, created when
    missing; neither: a new listing. fields: Listing field -> value (see FIELDS); a new
    `last_verified` without `verified_by` clears who verified (nobody checked that date).
    organization: its name, created (with organization_website) when missing; an existing
    one without a website is given that website. relations: relation -> every slug (or
    language code) it should have. phones: kind -> every number of that kind (kinds not
    given keep theirs). hours: every weekly interval (None: left alone).
    """

    id: int | None = None
    external_id: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    organization: str | None = None
    organization_website: str = ""
    relations: dict[str, list[str]] = field(default_factory=dict)
    phones: dict[str, list[str]] = field(default_factory=dict)
    hours: list[Interval] | None = None


@dataclass(frozen=True)
class ChangeProblem:
    """A problem of changes[index], in `field` (a Listing field name)."""

    index: int
    field: str
    message: str


@dataclass
class WriteResult:
    """ids: each change's listing (None for a listing a preview would create); created,
    updated, unchanged: indexes into the changes; warnings: the address check's findings."""

    ids: list[int | None]
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    warnings: list[ChangeProblem] = field(default_factory=list)


class ListingsRefused(Exception):
    """save_listings(refuse_address_leaks=True) found confidential addresses in public
    text: nothing was written."""

    def __init__(self, problems: list[ChangeProblem]) -> None:
        super().__init__("; ".join(f"change {p.index}, {p.field}: {p.message}" for p in problems))
        self.problems = problems


def address_leak_message() -> str:
    return _("the confidential street address appears in this public text; remove it")


def preview_listings(changes: list[ListingChange]) -> WriteResult:
    """What save_listings() would do with `changes`, writing nothing (an import's dry run)."""
    return _Plan(changes).preview()


def save_listings(
    changes: list[ListingChange],
    *,
    actor: AbstractBaseUser | None,
    reason: str,
    refuse_address_leaks: bool = False,
    on_planned: Callable[[WriteResult], None] | None = None,
) -> WriteResult:
    """Write `changes` in one transaction, as `actor` (None: a command) for `reason`
    (each history record's change reason). With refuse_address_leaks (the importers:
    nobody vets a file's rows before they go live), a confidential street address in
    public text raises ListingsRefused and writes nothing; otherwise (a reviewer is
    looking: admin, review) it is written and returned among the warnings. on_planned
    hears what is about to be written, before it is (a long import's progress)."""
    with transaction.atomic():
        plan = _Plan(changes)
        if refuse_address_leaks and plan.leaks:
            raise ListingsRefused(plan.leaks)
        if on_planned:
            on_planned(plan.preview())
        now = timezone.now()
        organization_ids = _save_organizations(plan, actor=actor, reason=reason, now=now)
        created = _create_listings(plan, organization_ids, now=now)
        updated = _update_listings(plan, organization_ids, now=now)
        written = [*created, *updated]
        _save_relations(plan)
        contacts.save_phones(plan.written_items(), actor=actor, reason=reason, now=now)
        contacts.save_hours(plan.written_items(), actor=actor, reason=reason, now=now)
        # After the relations, so that each record's snapshot is the listing as written.
        for listings, history_type in ((created, CREATED), (updated, CHANGED)):
            ids = [listing.pk for listing in listings]
            record_history(Listing, ids, history_type=history_type, actor=actor, reason=reason, date=now)
        update_search_vectors([listing.pk for listing in written])
    return plan.preview()  # now with the ids of the listings created


@dataclass
class _Item:
    """One change, resolved against what is stored."""

    index: int
    change: ListingChange
    stored: dict[str, Any] | None  # the stored row by attname; None: a new listing
    values: dict[str, Any]  # attname -> value to write
    relations: dict[str, set]  # relation -> ids (codes for languages)
    changed: bool = True
    written: bool = False
    listing_id: int | None = None

    @property
    def phones(self) -> dict[str, list[str]]:
        return self.change.phones

    @property
    def hours(self) -> list[Interval] | None:
        return self.change.hours


class _Plan:
    """The changes resolved: which listing each names, the values to write, and whether
    anything would change. A fixed number of queries, whatever the number of changes."""

    def __init__(self, changes: list[ListingChange]) -> None:
        self.counties = {county.pk: county for county in County.objects.all()}
        county_ids = {county.slug: pk for pk, county in self.counties.items()}
        self.vocabularies = {
            relation: county_ids if model is County else dict(model.objects.values_list("slug", "id"))
            for relation, model in _VOCABULARIES.items()
            if any(relation in change.relations for change in changes)
        }
        stored = _stored_listings(changes)
        self.organizations = _organizations({c.organization for c in changes if c.organization})
        self.items = []
        for index, change in enumerate(changes):
            row = stored["id"].get(change.id) if change.id else stored["external_id"].get(change.external_id)
            if change.id and row is None:
                raise Listing.DoesNotExist(f"no listing has id {change.id}")
            self.items.append(
                _Item(index, change, row, _values(change, row, county_ids), self._relations(change))
            )
        existing = [item for item in self.items if item.stored]
        for item in existing:
            item.listing_id = item.stored["id"]
        current = _Current.load(existing)
        for item in existing:
            item.changed = self._differs(item, current)
        self.current = current
        # Only what would be written: a change that alters nothing publishes nothing new.
        self.leaks = [
            ChangeProblem(item.index, name, address_leak_message())
            for item in self.items
            if item.changed
            for name in _leaks(item)
        ]

    def _relations(self, change: ListingChange) -> dict[str, set]:
        relations = {}
        for relation, keys in change.relations.items():
            if relation == "languages":
                relations[relation] = {canonical_code(code) or code for code in keys}
                continue
            known = self.vocabularies[relation]
            unknown = [key for key in keys if key not in known]
            if unknown:
                raise ValueError(f"unknown {relation}: {', '.join(unknown)}")
            relations[relation] = {known[key] for key in keys}
        return relations

    def _differs(self, item: _Item, current: "_Current") -> bool:
        stored, pk = item.stored, item.stored["id"]
        if item.change.organization and stored["organization_id"] != self.organization_id(item.change.organization):
            return True
        if any(stored[name] != value for name, value in item.values.items()):
            return True
        if any(current.links[relation].get(pk, set()) != wanted for relation, wanted in item.relations.items()):
            return True
        if item.phones:
            have = Counter(values for _, values in current.phones.get(pk, ()) if values[0] in item.phones)
            if have != Counter(contacts.wanted_phones(item.phones)):
                return True
        if item.hours is not None:
            have = Counter(values for _, values in current.hours.get(pk, ()))
            return have != Counter(contacts.wanted_hours(item.hours))
        return False

    def organization_id(self, name: str) -> int | None:
        organization = self.organizations.get(name)
        return organization.pk if organization else None

    def indexes(self, *, new: bool, changed: bool = True) -> list[int]:
        return [
            item.index for item in self.items if (item.stored is None) == new and (new or item.changed == changed)
        ]

    def preview(self) -> WriteResult:
        return WriteResult(
            ids=[item.listing_id for item in self.items],
            created=self.indexes(new=True),
            updated=self.indexes(new=False, changed=True),
            unchanged=self.indexes(new=False, changed=False),
            warnings=self.leaks,
        )

    def written_items(self) -> list[_Item]:
        return [item for item in self.items if item.written]


def _values(change: ListingChange, stored: dict[str, Any] | None, county_ids: dict[str, int]) -> dict[str, Any]:
    """The change's fields by attname, as stored: the county's id, the verifier's id."""
    unknown = set(change.fields) - FIELDS
    if unknown:
        raise ValueError(f"not fields a change may carry: {', '.join(sorted(unknown))}")
    values = {}
    for name, value in change.fields.items():
        model_field = Listing._meta.get_field(name)
        if name == "county":
            value = county_ids[value] if value else None
        elif model_field.is_relation:
            value = value.pk if value else None
        values[model_field.attname] = value
    verified = values.get("last_verified", stored["last_verified"] if stored else None)
    if "verified_by" not in change.fields and verified != (stored["last_verified"] if stored else None):
        values["verified_by_id"] = None  # a new date that nobody named checked
    return values


def _leaks(item: _Item) -> list[str]:
    """The public text fields that will give away the confidential street address: the
    listing as it will be after the change, checked against its address both after and
    before it (a change that clears the address while writing it into the description
    still gives the place away)."""
    final = {"address": "", "confidential_location": False, **dict.fromkeys(PUBLIC_TEXT_FIELDS, "")}
    for name in final:
        if item.stored:
            final[name] = item.stored[name]
        if name in item.values:
            final[name] = item.values[name]
    addresses = {final["address"], item.stored["address"] if item.stored else ""}
    found = {name for address in addresses for name in address_in_public_text({**final, "address": address})}
    return [name for name in PUBLIC_TEXT_FIELDS if name in found]


def _stored_listings(changes: list[ListingChange]) -> dict[str, dict]:
    """"id" -> {id: row} and "external_id" -> {external id: row} of the listings named."""
    ids = [change.id for change in changes if change.id]
    external_ids = [change.external_id for change in changes if not change.id and change.external_id]
    found: dict[str, dict] = {"id": {}, "external_id": {}}
    for key, values, db_type in (("id", ids, "bigint"), ("external_id", external_ids, "text")):
        for chunk in chunks(values):
            for row in Listing.objects.filter(among(key, chunk, db_type)).order_by().values(*_STORED):
                found[key][row[key]] = row
    return found


def _organizations(names: set[str]) -> dict[str, Organization]:
    listed = sorted(names)
    return {o.name: o for chunk in chunks(listed) for o in Organization.objects.filter(name__in=chunk)}


@dataclass
class _Current:
    """The relations, phones and hours the changed listings have now."""

    links: dict[str, dict[int, set]]
    phones: dict[int, list[tuple[int, tuple]]]
    hours: dict[int, list[tuple[int, tuple]]]

    @classmethod
    def load(cls, items: list[_Item]) -> "_Current":
        links = {
            relation: _current_links(relation, [item.stored["id"] for item in items if relation in item.relations])
            for relation in RELATIONS
        }
        return cls(
            links=links,
            phones=contacts.current_phones([item.stored["id"] for item in items if item.phones]),
            hours=contacts.current_hours([item.stored["id"] for item in items if item.hours is not None]),
        )


def _current_links(relation: str, listing_ids: list[int]) -> dict[int, set]:
    """Listing id -> the ids it links to through `relation` (language codes for languages)."""
    links: dict[int, set] = {}
    if not listing_ids:
        return links
    m2m = Listing._meta.get_field(relation)
    owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    value = f"{target}__code" if relation == "languages" else f"{target}_id"
    for chunk in chunks(listing_ids):
        query = m2m.remote_field.through.objects.filter(among(f"{owner}_id", chunk, "bigint")).order_by()
        for listing_id, target_value in query.values_list(f"{owner}_id", value):
            links.setdefault(listing_id, set()).add(target_value)
    return links


# ---------------------------------------------------------------------------
# Writing


def _save_organizations(plan: _Plan, *, actor, reason: str, now) -> dict[str, int]:
    """Name -> id of every organization named, creating the missing ones; an existing
    organization without a website gets the first website a change gives it."""
    websites: dict[str, str] = {}
    for item in plan.items:
        name = item.change.organization
        if name and not websites.get(name):
            websites[name] = item.change.organization_website
    known = plan.organizations
    created = Organization.objects.bulk_create(
        [Organization(name=name, website=website) for name, website in websites.items() if name not in known]
    )
    gaining = [known[name] for name, website in websites.items() if name in known and website and not known[name].website]
    for organization in gaining:
        organization.website = websites[organization.name]
    Organization.objects.bulk_update(gaining, ["website"])
    for organizations, history_type in ((created, CREATED), (gaining, CHANGED)):
        ids = [organization.pk for organization in organizations]
        record_history(Organization, ids, history_type=history_type, actor=actor, reason=reason, date=now)
    known.update((organization.name, organization) for organization in created)
    return {name: organization.pk for name, organization in known.items()}


def _prepare(listing: Listing, plan: _Plan, *, now) -> None:
    listing.updated = now
    # The county object from the plan's table, so that the distance point reads no row.
    listing.county = plan.counties.get(listing.county_id)
    listing.refresh_distance_point()


def _create_listings(plan: _Plan, organization_ids: dict[str, int], *, now) -> list[Listing]:
    new = [item for item in plan.items if item.stored is None]
    if not new:
        return []
    for item in new:
        if not item.change.organization:
            raise ValueError(f"change {item.index}: a new listing needs an organization")
    listings = []
    for item in new:
        listing = Listing(created=now, **{"external_id": item.change.external_id, **item.values})
        listing.organization_id = organization_ids[item.change.organization]
        _prepare(listing, plan, now=now)
        listings.append(listing)
    bases = [slug_base(l.name, l.city or item.change.organization) for l, item in zip(listings, new, strict=True)]
    slugs = SlugAllocator.load([base for base, listing in zip(bases, listings, strict=True) if not listing.slug])
    for base, listing in zip(bases, listings, strict=True):
        listing.slug = listing.slug or slugs.allocate(base)
    ids = insert(Listing, _COLUMNS, _rows(listings, _COLUMNS))
    for item, listing, pk in zip(new, listings, ids, strict=True):
        listing.pk = item.listing_id = pk
        item.written = True
    return listings


def _update_listings(plan: _Plan, organization_ids: dict[str, int], *, now) -> list[Listing]:
    changed = [item for item in plan.items if item.stored and item.changed]
    # Locked, and read again, so that another reviewer's change made meanwhile to a field
    # this change does not carry is neither lost nor half-applied.
    locked: dict[int, Listing] = {}
    for chunk in chunks([item.listing_id for item in changed]):
        query = Listing.objects.filter(among("id", chunk, "bigint")).defer("search_vector", "public_words")
        locked.update((listing.pk, listing) for listing in query.select_for_update().order_by("pk"))
    columns = set(_ALWAYS_WRITTEN)
    listings = []
    for item in changed:
        listing = locked[item.listing_id]
        for attname, value in item.values.items():
            setattr(listing, attname, value)
        if item.change.organization:
            listing.organization_id = organization_ids[item.change.organization]
        _prepare(listing, plan, now=now)
        columns.update(Listing._meta.get_field(attname).name for attname in item.values)
        item.written = True
        listings.append(listing)
    if listings:
        # An upsert on the primary key: the rows exist and are locked, so the conflict
        # (update) path is the one taken; the whole row is given because NOT NULL is
        # checked before the conflict is.
        fields = ("id", *_COLUMNS)
        insert(Listing, fields, _rows(listings, fields), update=sorted(columns))
    return listings


def _rows(objs: list[Listing], fields: tuple[str, ...]) -> list[tuple]:
    attnames = [Listing._meta.get_field(name).attname for name in fields]
    return [tuple(getattr(obj, attname) for attname in attnames) for obj in objs]


def _save_relations(plan: _Plan) -> None:
    """Replace the rows of each relation a change carries, where they differ."""
    written = plan.written_items()
    language_ids = _save_languages({code for item in written for code in item.relations.get("languages", ())})
    for relation in RELATIONS:
        replaced = [
            item
            for item in written
            if relation in item.relations
            and (item.stored is None or plan.current.links[relation].get(item.listing_id, set()) != item.relations[relation])
        ]
        m2m = Listing._meta.get_field(relation)
        through = m2m.remote_field.through
        delete(through, [item.listing_id for item in replaced if item.stored], by=m2m.m2m_field_name())
        targets = (lambda key: language_ids[key]) if relation == "languages" else (lambda key: key)
        links = [(item.listing_id, targets(key)) for item in replaced for key in sorted(item.relations[relation])]
        if links:
            insert(through, (m2m.m2m_field_name(), m2m.m2m_reverse_field_name()), links)


def _save_languages(codes: set[str]) -> dict[str, int]:
    """Code -> id, creating the languages not yet in the table."""
    if not codes:
        return {}
    known = dict(Language.objects.filter(code__in=codes).values_list("code", "id"))
    missing = sorted(codes - known.keys())
    if missing:
        Language.objects.bulk_create(
            [Language(code=code, name=english_name(code)) for code in missing], ignore_conflicts=True
        )
        known = dict(Language.objects.filter(code__in=codes).values_list("code", "id"))
    return known


def phones_by_kind(numbers: list[tuple[str, str]]) -> dict[str, list[str]]:
    """(kind, number) pairs -> a change's phones: every kind, each with its numbers."""
    return {kind: [number for k, number in numbers if k == kind] for kind in Phone.Kind.values}
