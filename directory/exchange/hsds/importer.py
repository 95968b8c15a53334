"""Reading an HSDS 3.0 tabular data package back into listings, all or nothing (the conventions: spec.py)."""
import csv
import datetime
import io
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from directory.exchange.csv_import import column_length, parse_coordinate, parse_date
from directory.exchange.hsds.spec import (
    ADDRESSES,
    ANSWERS_24_7,
    ATTRIBUTES,
    BYDAY,
    DESCRIPTION_ES,
    DESCRIPTOR,
    ELIGIBILITY_ES,
    IMPORTED_PREFIX,
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
    service_id_for,
    taxonomy_id_for,
)
from directory.exchange.tabular import read_cell
from directory.listings import consistency
from directory.listings.confidentiality import (
    PUBLIC_TEXT_FIELDS,
    address_in_public_text,
)
from directory.listings.consistency import listing_problems
from directory.models import (
    County,
    Language,
    Listing,
    OpeningHours,
    Organization,
    Phone,
    Population,
    ServiceType,
)
from directory.rules import geo, languages, vocab
from directory.rules.hours import Interval, WeeklyHours
from directory.rules.phones import normalize_phone
from directory.search.index import update_search_vectors

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
# New Mexico's rough bounding box: catches swapped, sign-flipped and out-of-state coordinates.
LATITUDE_RANGE = (31.3, 37.1)
LONGITUDE_RANGE = (-109.1, -103.0)
SLUG_BASE_LENGTH = 110  # room for a "-12345" suffix within Listing.slug's 120 characters
BATCH_SIZE = 1000
CHANGE_REASON = "HSDS import"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    path: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.path}: {self.message}"
        return f"{self.path} row {self.row}, column {self.column}: {self.message}"


def import_package(directory: Path) -> ImportReport:
    """Read an HSDS package into listings: every service or none, every problem reported at once.

    A service becomes the listing with external_id `hsds:<service id>` (or the listing it was
    exported from), created or updated in place. Rows of the package that describe things we
    do not list (a phone of an organization, a postal address) are passed over.
    """
    files, problems = _read_package(directory)
    if problems:
        # Rows cannot be checked against files or columns that are not there.
        return ImportReport(errors=[str(p) for p in problems])
    validator = _Validator(files)
    services = validator.run()
    if validator.problems:
        return ImportReport(errors=[str(p) for p in validator.problems])
    try:
        with transaction.atomic():
            created, updated = _write(services)
    except _Refused as refused:  # rolled back
        return ImportReport(errors=[str(p) for p in refused.problems])
    return ImportReport(created=created, updated=updated, warnings=[str(p) for p in validator.warnings])


class _Refused(Exception):
    """Problems only the stored listings reveal, found while writing: the import rolls back."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems


def _address_leaks(old: dict[str, "_Service"], existing: dict[str, Listing]) -> list[Problem]:
    """A listing kept confidential whose street address the package writes into its public text."""
    problems = []
    for service_id, service in old.items():
        listing = existing[service_id]
        values = {name: getattr(listing, name) for name in ("address", *PUBLIC_TEXT_FIELDS)}
        values.update({k: v for k, v in service.fields.items() if k in values and v})
        values["confidential_location"] = listing.confidential_location
        problems += [
            Problem(SERVICES.path, service.number, name, "the confidential street address appears in this public text")
            for name in address_in_public_text(values)
        ]
    return problems


# ---------------------------------------------------------------------------
# Reading the files

Rows = list[tuple[int, dict[str, str]]]  # (spreadsheet row number, column -> stripped text)


def _read_package(directory: Path) -> tuple[dict[str, Rows], list[Problem]]:
    """Every file's rows, or the problems that stop us reading them (missing files and columns)."""
    problems = []
    descriptor = directory / DESCRIPTOR
    if not descriptor.is_file():
        problems.append(Problem(DESCRIPTOR, None, None, "the file is missing"))
    else:
        try:
            if not isinstance(json.loads(descriptor.read_text(encoding="utf-8")), dict):
                problems.append(Problem(DESCRIPTOR, None, None, "not a data package descriptor (a JSON object)"))
        except (UnicodeDecodeError, ValueError) as error:
            problems.append(Problem(DESCRIPTOR, None, None, f"not valid JSON ({error})"))
    files = {}
    for table in TABLES:
        rows, table_problems = _read_table(directory / table.path, table)
        files[table.name] = rows
        problems += table_problems
    return files, problems


def _read_table(path: Path, table: Table) -> tuple[Rows, list[Problem]]:
    if not path.is_file():
        return [], [Problem(table.path, None, None, "the file is missing")]
    try:
        text = path.read_bytes().decode("utf-8-sig")
        records = [[read_cell(cell) for cell in record] for record in csv.reader(io.StringIO(text, newline=""))]
    except UnicodeDecodeError:
        return [], [Problem(table.path, None, None, "not UTF-8 text")]
    except csv.Error as error:
        return [], [Problem(table.path, None, None, f"not a readable CSV file ({error})")]
    header = [name.strip() for name in records[0]] if records else []
    missing = [column for column in table.read if column not in header]
    if missing:
        return [], [Problem(table.path, 1, column, "the column is missing") for column in missing]
    positions = {name: position for position, name in reversed(list(enumerate(header))) if name}
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if any(cell.strip() for cell in cells):
            values = {name: cells[i].strip() if i < len(cells) else "" for name, i in positions.items()}
            rows.append((number, values))
    return rows, []


# ---------------------------------------------------------------------------
# Cell parsers: text in, value out, ValueError with a message for whoever fixes the package.


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
    if max_length is not None and len(text) > max_length:
        raise ValueError(f"longer than {max_length} characters ({len(text)})")
    return text



def _url(text: str, *, max_length: int) -> str:
    if text:
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            raise ValueError(f"{text!r} is not a web address (like https://example.org)") from None
    return _text(text, max_length=max_length)


def _email(text: str, *, max_length: int) -> str:
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(f"{text!r} is not an email address") from None
    return _text(text, max_length=max_length)


def _date(text: str) -> datetime.date | None:
    return parse_date(text, today=timezone.localdate())



def _time(text: str) -> datetime.time:
    match = re.fullmatch(r"(\d{2}):(\d{2})(?::(\d{2}))?", text)
    hour, minute, second = (int(part or 0) for part in match.groups()) if match else (99, 0, 0)
    if not (hour <= 23 and minute <= 59 and second <= 59):
        raise ValueError(f"{text!r} is not a time of day like 09:00 or 17:30:00 (New Mexico local time)")
    return datetime.time(hour, minute, second)


def _weekdays(text: str) -> list[int]:
    codes = [code.strip().upper() for code in text.split(",") if code.strip()]
    if not codes:
        raise ValueError("weekdays are required (like MO,TU,WE)")
    unknown = [code for code in codes if code not in BYDAY]
    if unknown:
        raise ValueError(f"{', '.join(map(repr, unknown))}: not weekdays (use {', '.join(BYDAY)})")
    return sorted({BYDAY.index(code) for code in codes})


def _choice(text: str, *, choices: dict[str, Any], noun: str) -> Any:
    key = text.lower()
    if key not in choices:
        allowed = ", ".join(repr(choice) for choice in choices if choice)
        problem = f"{text!r} is not a {noun} we take" if text else "a value is required"
        raise ValueError(f"{problem} (use {allowed})")
    return choices[key]


def _zip(text: str) -> str:
    if text and not (re.fullmatch(r"\d{5}", text) and geo.is_new_mexico_zip(text)):
        raise ValueError(f"{text!r} is not a New Mexico ZIP code")
    return text


def _language_code(text: str) -> str:
    code = text.lower()
    if not languages.is_language_code(code):
        raise ValueError(f"{text!r} is not an ISO 639 language code (like 'es' or 'nv')")
    # Language.code is two-letter where one exists, so 'spa' and 'es' are one language.
    language = pycountry.languages.get(alpha_3=code) if len(code) == 3 else None
    return getattr(language, "alpha_2", None) or code


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
class _Service:
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


class _Validator:
    def __init__(self, files: dict[str, Rows]) -> None:
        self.files = files
        self.problems: list[Problem] = []
        self.services: dict[str, _Service] = {}
        self.organizations: dict[str, tuple[str, str]] = {}  # id -> (name, website)
        self.locations: dict[str, tuple[float | None, float | None]] = {}
        self.location_services: dict[str, list[str]] = defaultdict(list)
        self.terms: dict[str, tuple[Taxonomy, str] | None] = {}  # id -> ours, or None for another taxonomy's
        # Every id in each file, valid row or not: a reference to an invalid row is not a second problem.
        self.ids: dict[str, set[str]] = defaultdict(set)
        self.area_names = _area_names()
        self.warnings: list[Problem] = []

    def run(self) -> dict[str, _Service]:
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

    def _consistency(self, service: _Service) -> None:
        """consistency.py's checks on the service as it would be listed: errors refuse the
        package, warnings are reported (see consistency.py for which is which)."""
        open_24_7 = _always_open(service.schedule)
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

    def service_of(self, row: _Row) -> _Service | None:
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
            website = row("website", _url, max_length=column_length(Organization, "website"))
            if name is not None and website is not None:
                self.organizations[organization_id] = (name, website)

    def _services(self) -> None:
        for row, service_id in self.rows(SERVICES):
            organization_id = self.reference(row, "organization_id", self.organizations, ORGANIZATIONS)
            fields = {
                "name": row("name", _text, max_length=column_length(Listing, "name"), required=True),
                "description": row("description", _text, required=True),
                "website": row("url", _url, max_length=column_length(Listing, "website")),
                "email": row("email", _email, max_length=column_length(Listing, "email")),
                "status": row("status", _choice, choices=IMPORT_STATUSES, noun="service status"),
                "eligibility": row("eligibility_description"),
                "last_verified": row("assured_date", _date),
            }
            if organization_id is None or any(fields[n] is None for n in fields if n != "last_verified"):
                continue
            self.services[service_id] = _Service(
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
            latitude = row("latitude", parse_coordinate, bounds=LATITUDE_RANGE, noun="latitude")
            longitude = row("longitude", parse_coordinate, bounds=LONGITUDE_RANGE, noun="longitude")
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
                "zip": row("postal_code", _zip),
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
            kind = row("type", _choice, choices=IMPORT_PHONE_TYPES, noun="phone type")
            if kind is None:
                continue
            try:
                number = normalize_phone(row.values.get("number", ""), allow_short_code=kind == Phone.Kind.TEXT)
            except ValueError as error:
                row.error("number", str(error))
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
            opens, closes = row("opens_at", _time), row("closes_at", _time)
            if opens is not None and opens == closes:
                row.error("closes_at", "opens and closes at the same time (use 00:00 to 23:59 every day for 24/7)")
                continue
            if weekdays is None or opens is None or closes is None:
                continue
            service.schedule += [Interval(day, opens, closes) for day in weekdays]

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
            code = row("code", _language_code) if service is not None else None
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


# ---------------------------------------------------------------------------
# Writing: a fixed number of bulk queries per kind of row, whatever the number of services.


def _write(services: dict[str, _Service]) -> tuple[int, int]:
    """(created, updated). Runs inside the caller's transaction."""
    now = timezone.now()
    for service in services.values():
        _settle_hours(service)
    existing = _lock_existing(list(services))
    organization_ids = _save_organizations(services.values(), now=now)
    new = {service_id: s for service_id, s in services.items() if service_id not in existing}
    old = {service_id: s for service_id, s in services.items() if service_id in existing}
    if leaks := _address_leaks(old, existing):
        raise _Refused(leaks)
    created = _create_listings(new, organization_ids, now=now)
    updated = _update_listings(old, existing, organization_ids, now=now)
    pairs = [*zip(new.values(), created, strict=True), *zip(old.values(), updated, strict=True)]
    _replace_relations(pairs, cleared=[listing.pk for listing in updated])
    update_search_vectors([listing.pk for _, listing in pairs])
    return len(created), len(updated)


def _always_open(schedule: list[Interval]) -> bool:
    """Every day from 00:00 to 23:59: HSDS's way of saying 24/7."""
    given = {(i.weekday, i.opens.replace(second=0), i.closes.replace(second=0)) for i in schedule}
    return given == {(day, MIDNIGHT, LAST_MINUTE) for day in range(7)}


def _settle_hours(service: _Service) -> None:
    """24/7 (see _always_open) becomes the flag; anything else stays weekly intervals."""
    if _always_open(service.schedule):
        service.fields["open_24_7"] = True
        service.schedule = []


def _lock_existing(service_ids: list[str]) -> dict[str, Listing]:
    """Service id -> the listing it updates: the one imported with that id, or exported with it.

    A package exported from this very database names its listings by ids derived from
    their slugs; matching those too means importing it updates them rather than adding
    copies (whose ids would then clash in the next export).
    """
    wanted = set(service_ids)
    matches = {}
    for pk, slug, external_id in Listing.objects.values_list("pk", "slug", "external_id"):
        service_id = service_id_for(external_id=external_id, slug=slug)
        if service_id in wanted:
            matches[pk] = service_id
    # Locked so that a reviewer's change made during the import is neither lost nor half-applied.
    locked = Listing.objects.select_for_update().filter(pk__in=list(matches)).order_by("pk")
    return {matches[listing.pk]: listing for listing in locked}


def _save_organizations(services: Iterable[_Service], *, now: datetime.datetime) -> dict[str, int]:
    """Name -> id, creating new organizations; an existing one gets a website only if it has none."""
    websites: dict[str, str] = {}
    for service in services:
        if not websites.get(service.organization):
            websites[service.organization] = service.organization_website
    existing = {o.name: o for o in Organization.objects.filter(name__in=list(websites))}
    created = _bulk_create_with_history(
        [Organization(name=name, website=website) for name, website in websites.items() if name not in existing],
        Organization,
        now=now,
    )
    gaining_website = [o for o in existing.values() if not o.website and websites[o.name]]
    for organization in gaining_website:
        organization.website = websites[organization.name]
    if gaining_website:
        bulk_update_with_history(
            gaining_website,
            Organization,
            ["website"],
            batch_size=BATCH_SIZE,
            default_change_reason=CHANGE_REASON,
            default_date=now,
        )
    return {o.name: o.pk for o in [*existing.values(), *created]}


def _bulk_create_with_history(objs: list, model: type[models.Model], *, now: datetime.datetime) -> list:
    if not objs:
        return []
    return bulk_create_with_history(
        objs, model, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON, default_date=now
    )


LISTING_FIELDS = (
    *("name", "description", "description_es", "website", "email", "eligibility", "eligibility_es", "fees"),
    *("status", "last_verified", "statewide", "hotline_24_7", "open_24_7"),
    *("address", "city", "zip", "latitude", "longitude"),
)


def _listing_values(
    service: _Service, counties: dict[str, int], organization_ids: dict[str, int]
) -> dict[str, Any]:
    values = {name: service.fields[name] for name in LISTING_FIELDS}
    county = service.fields["county"]
    values["county_id"] = counties[county] if county else None
    values["organization_id"] = organization_ids[service.organization]
    return values


def _create_listings(
    services: dict[str, _Service], organization_ids: dict[str, int], *, now: datetime.datetime
) -> list[Listing]:
    if not services:
        return []
    counties = dict(County.objects.values_list("slug", "id"))
    slugs = _SlugAllocator(set(Listing.objects.values_list("slug", flat=True)))
    listings = []
    for service_id, service in services.items():
        values = _listing_values(service, counties, organization_ids)
        listing = Listing(external_id=IMPORTED_PREFIX + service_id, **values)
        listing.slug = slugs.allocate(listing.name, listing.city or service.organization)
        listing.refresh_distance_point()
        listings.append(listing)
    return _bulk_create_with_history(listings, Listing, now=now)


def _update_listings(
    services: dict[str, _Service],
    existing: dict[str, Listing],
    organization_ids: dict[str, int],
    *,
    now: datetime.datetime,
) -> list[Listing]:
    """Update in place, keeping each listing's slug, external_id and confidential flag.

    The flag stays as a reviewer set it: a package never has a confidential place in it, and
    an address it brings for a listing marked confidential stays private.
    """
    if not services:
        return []
    counties = dict(County.objects.values_list("slug", "id"))
    listings = []
    for service_id, service in services.items():
        listing = existing[service_id]
        for name, value in _listing_values(service, counties, organization_ids).items():
            setattr(listing, name, value)
        listing.updated = now  # bulk_update() skips auto_now
        listing.refresh_distance_point()
        listings.append(listing)
    fields = [*LISTING_FIELDS, "county", "organization", "updated", "distance_latitude", "distance_longitude"]
    bulk_update_with_history(
        listings, Listing, fields, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON, default_date=now
    )
    return listings


class _SlugAllocator:
    """Unique slugs across the database and the package: 'name-city', then '-2', '-3'..."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.next_suffix: dict[str, int] = {}

    def allocate(self, name: str, place: str) -> str:
        base = slugify(f"{name} {place}")[:SLUG_BASE_LENGTH].strip("-") or "listing"
        slug, suffix = base, self.next_suffix.get(base, 2)
        while slug in self.taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        self.next_suffix[base] = suffix
        self.taken.add(slug)
        return slug


def _replace_relations(pairs: list[tuple[_Service, Listing]], *, cleared: list[int]) -> None:
    """Give each listing exactly the package's related rows (updated listings lose their old ones first)."""
    if cleared:
        for relation in ("service_types", "counties_served", "populations", "languages"):
            Listing._meta.get_field(relation).remote_field.through.objects.filter(listing_id__in=cleared).delete()
        Phone.objects.filter(listing_id__in=cleared).delete()
        OpeningHours.objects.filter(listing_id__in=cleared).delete()
    vocabularies = {
        "service_types": dict(ServiceType.objects.values_list("slug", "id")),
        "counties_served": dict(County.objects.values_list("slug", "id")),
        "populations": dict(Population.objects.values_list("slug", "id")),
        "languages": _save_languages({code for service, _ in pairs for code in service.language_codes}),
    }
    links: dict[str, list[tuple[int, int]]] = defaultdict(list)
    phones, hours = [], []
    for service, listing in pairs:
        chosen = {
            "service_types": service.service_types,
            "counties_served": service.counties,
            "populations": service.populations,
            "languages": service.language_codes,
        }
        for relation, keys in chosen.items():
            links[relation] += [(listing.pk, vocabularies[relation][key]) for key in keys]
        # Calls first, then texts, then TTY: the order a person reaching for help needs them.
        for kind, number in sorted(service.phones, key=lambda p: Phone.Kind.values.index(p[0])):
            phones.append(Phone(listing_id=listing.pk, kind=kind, number=number))
        hours += [
            OpeningHours(listing_id=listing.pk, weekday=i.weekday, opens=i.opens, closes=i.closes)
            for i in sorted(set(service.schedule), key=lambda i: (i.weekday, i.opens))
        ]
    for relation, pairs_of_ids in links.items():
        _link(relation, pairs_of_ids)
    Phone.objects.bulk_create(phones, batch_size=BATCH_SIZE)
    OpeningHours.objects.bulk_create(hours, batch_size=BATCH_SIZE)


def _link(relation: str, pairs_of_ids: list[tuple[int, int]]) -> None:
    """Bulk-insert many-to-many rows straight into the through table (add() is a query per listing)."""
    m2m = Listing._meta.get_field(relation)
    through = m2m.remote_field.through
    source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
    through.objects.bulk_create(
        [through(**{source: listing_id, target: target_id}) for listing_id, target_id in pairs_of_ids],
        batch_size=BATCH_SIZE,
    )


def _save_languages(codes: set[str]) -> dict[str, int]:
    """Code -> id, creating the languages not yet in the table."""
    if not codes:
        return {}
    missing = codes - set(Language.objects.filter(code__in=codes).values_list("code", flat=True))
    Language.objects.bulk_create(
        [Language(code=code, name=languages.english_name(code)) for code in sorted(missing)], ignore_conflicts=True
    )
    return dict(Language.objects.filter(code__in=codes).values_list("code", "id"))
