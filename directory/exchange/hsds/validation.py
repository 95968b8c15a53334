"""Validating an HSDS package: every row of every file parsed and checked, every problem
recorded with its file, row and column, before anything is written (importer.py)."""
import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from directory.exchange.csv_cells import column_length
from directory.exchange.hsds.reading import Problem, Rows
from directory.exchange.hsds.spec import (
    ADDRESSES,
    ANSWERS_24_7,
    ATTRIBUTES,
    BYDAY,
    DESCRIPTION_ES,
    ELIGIBILITY_ES,
    LANGUAGES,
    LAST_MINUTE,
    LOCATIONS,
    MIDNIGHT,
    ORGANIZATIONS,
    OUR_TAXONOMIES,
    PHONES,
    SCHEDULES,
    SERVICE_AREAS,
    SERVICE_AT_LOCATION,
    SERVICES,
    STATEWIDE_AREA,
    TABLES,
    TAXONOMIES,
    TAXONOMY_FEES,
    TAXONOMY_POPULATIONS,
    TAXONOMY_SERVICE_TYPES,
    TAXONOMY_TERMS,
    WEEKLY,
    Table,
    Taxonomy,
    _county_area_name,
    taxonomy_id_for,
)
from directory.listings import consistency
from directory.listings.consistency import listing_problems
from directory.models import Listing, Organization, Phone
from directory.rules import fields as parse
from directory.rules import geo, vocab
from directory.rules.hours import Interval, WeeklyHours

IMPORT_STATUSES = {
    "active": Listing.Status.PUBLISHED,
    "inactive": Listing.Status.ARCHIVED,
    "defunct": Listing.Status.ARCHIVED,
    "temporarily closed": Listing.Status.ARCHIVED,
}
IMPORT_PHONE_TYPES = {
    "": Phone.Kind.VOICE,
    "voice": Phone.Kind.VOICE,
    "cell": Phone.Kind.VOICE,
    "text": Phone.Kind.TEXT,
    "textphone": Phone.Kind.TTY,
}

def always_open(schedule: list[Interval]) -> bool:
    """Every day from 00:00 to 23:59: HSDS's way of saying 24/7."""
    given = {(i.weekday, i.opens.replace(second=0), i.closes.replace(second=0)) for i in schedule}
    return given == {(day, MIDNIGHT, LAST_MINUTE) for day in range(7)}



# ---------------------------------------------------------------------------
# Cell parsers: text in, value out, ValueError with a message for whoever fixes the package.
# A listing's fields are parsed by rules/fields.py (`parse`), as the CSV import and the forms
# parse them; here only what is HSDS's own: ids, weekdays, its status and phone type words.


def _uuid(text: str) -> str:
    try:
        value = uuid.UUID(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a UUID (like 3f7b145d-84af-42d7-8fae-eaca714b02b2)") from None
    if len(text) != 36:  # uuid.UUID() also takes braces, URNs and bare hex
        raise ValueError(f"{text!r} is not a UUID (like 3f7b145d-84af-42d7-8fae-eaca714b02b2)")
    return str(value)


def _text(text: str, *, max_length: int | None = None, required: bool = False) -> str:
    if required and not text:
        raise ValueError("a value is required")
    return parse.text(text, max_length=max_length)


def _date(text: str) -> datetime.date | None:
    return parse.past_date(text, today=timezone.localdate())


def _weekdays(text: str) -> list[int]:
    codes = [code.strip().upper() for code in text.split(",") if code.strip()]
    if not codes:
        raise ValueError("weekdays are required (like MO,TU,WE)")
    unknown = [code for code in codes if code not in BYDAY]
    if unknown:
        raise ValueError(f"{', '.join(map(repr, unknown))}: not weekdays (use {', '.join(BYDAY)})")
    return sorted({BYDAY.index(code) for code in codes})


def _choice(text: str, *, choices: dict[str, Any]) -> Any:
    """The value `choices` maps the text to; blank only where "" is one of the keys."""
    if not text and "" not in choices:
        raise ValueError("a value is required")
    return choices[parse.choice(text, choices=choices)]


def _area_names() -> dict[str, str]:
    """Normalized service area name -> county slug, or "statewide"."""
    names = {geo.normalize_name(STATEWIDE_AREA): "statewide", "statewide": "statewide"}
    for slug, name in vocab.COUNTIES.items():
        for spelling in (name, _county_area_name(name), slug.replace("-", " ")):
            names[geo.normalize_name(spelling)] = slug
    return names


def _area(text: str, *, names: dict[str, str]) -> str:
    slug = names.get(geo.normalize_name(text.removesuffix(", NM").removesuffix(", New Mexico")))
    if not slug:
        raise ValueError(f"{text!r} is not a New Mexico county (like 'Taos County') or 'New Mexico' for statewide")
    return slug


def _county(text: str, *, names: dict[str, str]) -> str | None:
    if not text:
        return None
    slug = names.get(geo.normalize_name(text))
    if not slug or slug == "statewide":
        raise ValueError(f"{text!r} is not a New Mexico county (like 'Taos County')")
    return slug


def _state(text: str) -> str:
    if text and geo.normalize_name(text) not in ("nm", "new mexico"):
        raise ValueError(f"{text!r} is not New Mexico (NM)")
    return text


# ---------------------------------------------------------------------------
# Validating: every row of every file, every problem recorded.


_PHONE_FIELDS = {"phone": Phone.Kind.VOICE, "text": Phone.Kind.TEXT, "tty": Phone.Kind.TTY}
# consistency.py's field -> where in the package it comes from (reported on the service's row).
_CONSISTENCY_COLUMNS = {
    "hotline_24_7": "id (its answers-24-7 attribute)",
    "hours": "id (its schedules)",
    "phone": "id (its phones)",
    "tty": "id (its phones)",
    "city": "id (its location's city)",
    "description_es": "id (its Spanish description attribute)",
    "website": "url",
}


@dataclass
class Service:
    number: int  # its row in services.csv
    organization: str  # name
    organization_website: str
    fields: dict[str, Any]
    service_types: list[str] = field(default_factory=list)
    populations: list[str] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)
    language_codes: list[str] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    schedule: list[Interval] = field(default_factory=list)


@dataclass
class _Row:
    """One row of one file; reading a cell records its problem and gives None."""

    path: str
    number: int
    values: dict[str, str]
    problems: list[Problem]

    def __call__(self, column: str, parse: Callable[..., Any] = _text, **options: Any) -> Any:
        try:
            return parse(self.values.get(column, ""), **options)
        except ValueError as error:
            self.error(column, str(error))
            return None

    def error(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.path, self.number, column, message))


class Validator:
    def __init__(self, files: dict[str, Rows]) -> None:
        self.files = files
        self.problems: list[Problem] = []
        self.services: dict[str, Service] = {}
        self.organizations: dict[str, tuple[str, str]] = {}  # id -> (name, website)
        self.locations: dict[str, tuple[float | None, float | None]] = {}
        self.location_services: dict[str, list[str]] = defaultdict(list)
        self.terms: dict[str, tuple[Taxonomy, str] | None] = {}  # id -> ours, or None for another taxonomy's
        # Every id in each file, valid row or not: a reference to an invalid row is not a second problem.
        self.ids: dict[str, set[str]] = defaultdict(set)
        self.area_names = _area_names()
        self.warnings: list[Problem] = []

    def run(self) -> dict[str, Service]:
        """The services, valid only if no problem was recorded (self.problems, in file and row order)."""
        self._taxonomies_and_terms()
        self._organizations()
        self._services()
        self._locations()
        self._phones()
        self._schedules()
        self._service_areas()
        self._languages()
        self._attributes()
        for service in self.services.values():
            if not service.service_types:
                message = "no service type: attributes.csv links no term of our service types taxonomy to it"
                self.problems.append(Problem(SERVICES.path, service.number, "id", message))
            self._consistency(service)
        order = [table.path for table in TABLES]
        self.problems.sort(key=lambda p: (order.index(p.path), p.row or 0))
        return self.services

    def _consistency(self, service: Service) -> None:
        """consistency.py's checks on the service as it would be listed: errors refuse the
        package, warnings are reported (see consistency.py for which is which)."""
        open_24_7 = always_open(service.schedule)
        values = {
            **service.fields,
            "service_types": service.service_types,
            "languages": service.language_codes,
            "hours": WeeklyHours(always_open=open_24_7, intervals=() if open_24_7 else tuple(service.schedule)),
            **{name: [number for kind, number in service.phones if kind == k] for name, k in _PHONE_FIELDS.items()},
        }
        for problem in listing_problems(values):
            column = _CONSISTENCY_COLUMNS.get(problem.field, problem.field)
            reported = Problem(SERVICES.path, service.number, column, problem.message)
            (self.problems if problem.severity == consistency.ERROR else self.warnings).append(reported)

    def rows(self, table: Table) -> Iterable[tuple[_Row, str]]:
        """Each row with a valid, unique id."""
        seen: dict[str, int] = {}
        for number, values in self.files[table.name]:
            row = _Row(table.path, number, values, self.problems)
            row_id = row("id", _uuid)
            if row_id is None:
                continue
            if row_id in seen:
                row.error("id", f"{row_id} is also the id on row {seen[row_id]}")
                continue
            seen[row_id] = number
            self.ids[table.name].add(row_id)
            yield row, row_id

    def reference(
        self, row: _Row, column: str, known: dict[str, Any], target: Table, *, required: bool = True
    ) -> str | None:
        """The id in `column` if it names a valid row of `target`, else None (and a problem, if it is new)."""
        if not row.values.get(column, ""):
            if required:
                row.error(column, "a value is required")
            return None
        value = row(column, _uuid)
        if value is None or value in known:
            return value
        if value not in self.ids[target.name]:  # an invalid row's problem is reported on that row
            row.error(column, f"no {target.name} has id {value} in {target.path}")
        return None

    def service_of(self, row: _Row) -> Service | None:
        """The service a child row belongs to; None (and no problem) for a row of another entity."""
        service_id = self.reference(row, "service_id", self.services, SERVICES, required=False)
        return self.services.get(service_id) if service_id else None

    def _taxonomies_and_terms(self) -> None:
        ours = {taxonomy_id_for(t): t for t in OUR_TAXONOMIES}
        taxonomies = {taxonomy_id: True for _, taxonomy_id in self.rows(TAXONOMIES)}
        for row, term_id in self.rows(TAXONOMY_TERMS):
            taxonomy_id = self.reference(row, "taxonomy_id", taxonomies, TAXONOMIES, required=False)
            taxonomy = ours.get(taxonomy_id) if taxonomy_id else None
            code = row.values.get("code", "")
            if taxonomy and code not in taxonomy.terms:
                allowed = ", ".join(taxonomy.terms)
                row.error("code", f"{code!r} is not a term of our {taxonomy.name.lower()} taxonomy (use {allowed})")
                continue
            self.terms[term_id] = (taxonomy, code) if taxonomy else None

    def _organizations(self) -> None:
        for row, organization_id in self.rows(ORGANIZATIONS):
            name = row("name", _text, max_length=column_length(Organization, "name"), required=True)
            website = row("website", parse.website, max_length=column_length(Organization, "website"))
            if name is not None and website is not None:
                self.organizations[organization_id] = (name, website)

    def _services(self) -> None:
        for row, service_id in self.rows(SERVICES):
            organization_id = self.reference(row, "organization_id", self.organizations, ORGANIZATIONS)
            fields = {
                "name": row("name", _text, max_length=column_length(Listing, "name"), required=True),
                "description": row("description", _text, required=True),
                "website": row("url", parse.website, max_length=column_length(Listing, "website")),
                "email": row("email", parse.email, max_length=column_length(Listing, "email")),
                "status": row("status", _choice, choices=IMPORT_STATUSES),
                "eligibility": row("eligibility_description"),
                "last_verified": row("assured_date", _date),
            }
            if organization_id is None or any(fields[n] is None for n in fields if n != "last_verified"):
                continue
            self.services[service_id] = Service(
                number=row.number,
                organization=self.organizations[organization_id][0],
                organization_website=self.organizations[organization_id][1],
                fields={
                    **fields,
                    **{"description_es": "", "eligibility_es": "", "fees": ""},
                    **{"hotline_24_7": False, "open_24_7": False, "statewide": False},
                    **{"address": "", "city": "", "zip": "", "county": None, "latitude": None, "longitude": None},
                },
            )

    def _locations(self) -> None:
        for row, location_id in self.rows(LOCATIONS):
            latitude = row("latitude", parse.latitude)
            longitude = row("longitude", parse.longitude)
            if (latitude is None) != (longitude is None):
                missing = "longitude" if longitude is None else "latitude"
                if not row.values.get(missing):
                    row.error(missing, "required when the other coordinate is given (give both or neither)")
                continue
            self.locations[location_id] = (latitude, longitude)
        linked: dict[str, int] = {}
        for row, _ in self.rows(SERVICE_AT_LOCATION):
            service_id = self.reference(row, "service_id", self.services, SERVICES)
            location_id = self.reference(row, "location_id", self.locations, LOCATIONS)
            if service_id is None or location_id is None:
                continue
            if service_id in linked:
                message = f"the service already has a location on row {linked[service_id]} (a listing has one place)"
                row.error("service_id", message)
                continue
            linked[service_id] = row.number
            service = self.services[service_id]
            service.fields["latitude"], service.fields["longitude"] = self.locations[location_id]
            self.location_services[location_id].append(service_id)
        self._addresses()

    def _addresses(self) -> None:
        physical: dict[str, int] = {}
        for row, _ in self.rows(ADDRESSES):
            location_id = self.reference(row, "location_id", self.locations, LOCATIONS)
            if location_id is None or row.values.get("address_type", "").lower() not in ("", "physical"):
                continue  # a postal or virtual address: not a place a listing shows
            if location_id in physical:
                row.error("location_id", f"the location already has a physical address on row {physical[location_id]}")
                continue
            physical[location_id] = row.number
            place = {
                "address": row("address_1", _text, max_length=column_length(Listing, "address")),
                "city": row("city", _text, max_length=column_length(Listing, "city")),
                "zip": row("postal_code", parse.zip_code),
                "county": row("region", _county, names=self.area_names),
            }
            row("state_province", _state)
            for service_id in self.location_services.get(location_id, ()):
                self.services[service_id].fields.update({k: v for k, v in place.items() if v is not None})

    def _phones(self) -> None:
        for row, _ in self.rows(PHONES):
            service = self.service_of(row)
            if service is None:
                continue  # an organization's or a location's phone, or a row whose problem is recorded
            kind = row("type", _choice, choices=IMPORT_PHONE_TYPES)
            if kind is None:
                continue
            number = row("number", parse.phone, short_code=kind == Phone.Kind.TEXT)
            if number is None:
                continue
            if not number:
                row.error("number", "a value is required")
                continue
            service.phones.append((kind, number))

    def _schedules(self) -> None:
        for row, _ in self.rows(SCHEDULES):
            service = self.service_of(row)
            if service is None:
                continue  # a location's schedule, or a row whose problem is recorded
            freq = row.values.get("freq", "")
            if freq and freq.upper() != WEEKLY:
                row.error("freq", f"only WEEKLY schedules can be imported, not {freq!r}")
            weekdays = row("byday", _weekdays)
            opens, closes = row("opens_at", parse.time_of_day), row("closes_at", parse.time_of_day)
            if weekdays is None or opens is None or closes is None:
                continue
            try:
                service.schedule += [parse.opening_interval(day, opens, closes) for day in weekdays]
            except ValueError as error:
                row.error("closes_at", str(error))

    def _service_areas(self) -> None:
        for row, _ in self.rows(SERVICE_AREAS):
            service = self.service_of(row)
            area = row("name", _area, names=self.area_names) if service is not None else None
            if service is None or area is None:
                continue
            if area == "statewide":
                service.fields["statewide"] = True
            elif area not in service.counties:
                service.counties.append(area)

    def _languages(self) -> None:
        for row, _ in self.rows(LANGUAGES):
            service = self.service_of(row)
            code = row("code", parse.language_code) if service is not None else None
            if service is not None and code is not None and code not in service.language_codes:
                service.language_codes.append(code)

    def _attributes(self) -> None:
        for row, _ in self.rows(ATTRIBUTES):
            term_id = self.reference(row, "taxonomy_term_id", self.terms, TAXONOMY_TERMS)
            if row.values.get("link_entity", "").lower() != "service":
                continue  # describes an organization, a location...: nothing we list
            service_id = self.reference(row, "link_id", self.services, SERVICES)
            if term_id is None or service_id is None or self.terms[term_id] is None:
                continue  # a problem already recorded, or a term of another taxonomy
            taxonomy, code = self.terms[term_id]
            service = self.services[service_id]
            if taxonomy is TAXONOMY_SERVICE_TYPES and code not in service.service_types:
                service.service_types.append(code)
            elif taxonomy is TAXONOMY_POPULATIONS and code not in service.populations:
                service.populations.append(code)
            elif taxonomy is TAXONOMY_FEES:
                if service.fields["fees"] and service.fields["fees"] != code:
                    row.error("taxonomy_term_id", f"the service already has fees {service.fields['fees']!r}")
                service.fields["fees"] = code
            elif code == ANSWERS_24_7:
                service.fields["hotline_24_7"] = True
            elif code == DESCRIPTION_ES:
                service.fields["description_es"] = row.values.get("value", "")
            elif code == ELIGIBILITY_ES:
                service.fields["eligibility_es"] = row.values.get("value", "")
