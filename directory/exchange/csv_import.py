"""Importing listings from a spreadsheet: PRODUCT.md, "Data in and out".

All or nothing: every row is validated before anything is written, and every error is
collected, so that one run tells whoever fixes the spreadsheet everything that is wrong.

On re-import (same external_id) a listing is updated in place and keeps its slug. A
column the file leaves out leaves that field alone, so that a sheet without a `status`
column cannot unpublish listings a reviewer has published; a column that is present
replaces the value, a blank cell with the default.

Writing takes a fixed number of bulk statements whatever the number of rows, since
20,000 rows must import in well under a minute. Building a Django object per row was
most of that minute, so rows go in as plain INSERT statements (_insert) and their
history records are copied by the database (_record_history). save() never runs: the
distance point, the history and the search vector are written here explicitly.

A row that would change nothing is left alone: its listing gets no history record, no
new `updated` time and no new search vector, and the public data version (migration
0008) does not change for it, so re-importing an unchanged sheet throws away nobody's
facet index. That also tells whoever wonders whether a killed import committed: a dry
run of the same file then reports every row unchanged. ANALYZE runs on the tables an
import changed, so that the planner knows of thousands of new rows at once.
"""

import csv
import datetime
import difflib
import io
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

import pycountry
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.text import slugify

from directory.exchange.tabular import read_cell
from directory.listings import consistency
from directory.listings.confidentiality import address_in_public_text
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
from directory.rules import geo, languages
from directory.rules.hours import Interval, parse_hours
from directory.rules.phones import normalize_phone
from directory.search.index import update_search_vectors

REQUIRED_COLUMNS = ("external_id", "organization", "name", "description", "service_types", "counties_served")
# Columns copied as they are parsed onto the Listing field of the same name.
LISTING_FIELD_COLUMNS = (
    *("name", "description", "description_es", "address", "city", "zip", "confidential_location"),
    *("latitude", "longitude", "hotline_24_7", "website", "email", "fees", "eligibility", "status", "last_verified"),
    "eligibility_es",
)
# Every column, in the order a row's errors are reported.
COLUMNS = (
    *REQUIRED_COLUMNS,
    *("description_es", "county", "address", "city", "zip", "confidential_location", "latitude", "longitude"),
    *("phone", "text", "tty", "hotline_24_7", "hours", "languages", "populations", "website", "email", "fees"),
    *("eligibility", "eligibility_es", "status", "last_verified"),
)
PHONE_COLUMNS = {"phone": Phone.Kind.VOICE, "text": Phone.Kind.TEXT, "tty": Phone.Kind.TTY}
STATEWIDE = "statewide"
LIST_SEPARATOR = ";"
# New Mexico's rough bounding box: catches swapped, sign-flipped and out-of-state coordinates.
LATITUDE_RANGE = (31.3, 37.1)
LONGITUDE_RANGE = (-109.1, -103.0)
IMPORT_STATUSES = (Listing.Status.DRAFT, Listing.Status.PUBLISHED)
# Room for a "-12345" suffix within Listing.slug's 120 characters.
SLUG_BASE_LENGTH = 110
BATCH_SIZE = 1000
CHANGE_REASON = "CSV import"
PROGRESS_EVERY = 5000  # rows between two progress messages

T = TypeVar("T")
Row = dict[str, str]


@dataclass
class ImportReport:
    """What an import did, or would do (dry run). Errors read `row N, column C: message`;
    if there are any, nothing was written and both counts are 0."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


class ImportObserver:
    """What a long import tells whoever runs it (the command prints it); silent by default."""

    def progress(self, message: str) -> None:
        """One step of the import, e.g. "checked 5000 of 20000 rows"."""

    def committing(self) -> None:
        """Called just before the commit: from here on the import cannot be rolled back."""


class ImportFileError(ValueError):
    """The file cannot be read as UTF-8 CSV at all, so there are no rows to report on."""


@dataclass(frozen=True)
class _Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


# ---------------------------------------------------------------------------
# Public entry points


def import_rows(
    rows: list[Row], *, dry_run: bool = False, observer: ImportObserver | None = None
) -> ImportReport:
    """Import CSV-like row dicts (row i of the list is spreadsheet row i + 2)."""
    if not rows:
        return ImportReport()
    columns = list(dict.fromkeys(column for row in rows for column in row))
    return _import(rows, columns=columns, problems=[], dry_run=dry_run, observer=observer or ImportObserver())


def import_csv(
    path: str | os.PathLike, *, dry_run: bool = False, observer: ImportObserver | None = None
) -> ImportReport:
    """Import a UTF-8 CSV file (a byte order mark is fine); raises ImportFileError if unreadable."""
    header, records = _read_csv(Path(path))
    columns = [name for name in header if name]
    rows, problems = _rows_from_records(header, records)
    return _import(rows, columns=columns, problems=problems, dry_run=dry_run, observer=observer or ImportObserver())


# ---------------------------------------------------------------------------
# Reading the file


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"{path} is not UTF-8 text (line {line} has byte 0x{data[error.start]:02x}); "
            "save it from the spreadsheet as 'CSV UTF-8'"
        ) from None
    try:
        # An export of ours neutralised formulas with an apostrophe: read the value back.
        records = [[read_cell(cell) for cell in record] for record in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise ImportFileError(f"{path} is not a readable CSV file: {error}") from None
    if not records:
        return [], []
    return [name.strip() for name in records[0]], records[1:]


def _rows_from_records(header: list[str], records: list[list[str]]) -> tuple[list[Row], list[_Problem]]:
    """Row dicts keyed by the header; the first of duplicated columns wins (it is an error anyway).

    Spreadsheets export blank trailing columns and trim trailing empty cells, so a
    column without a name is ignored unless it holds a value, and a short row is blank
    to the end.
    """
    named = {name: position for position, name in reversed(list(enumerate(header))) if name}
    rows, problems = [], []
    for number, cells in enumerate(records, start=2):
        rows.append({name: cells[position] if position < len(cells) else "" for name, position in named.items()})
        for position, cell in enumerate(cells):
            unnamed = position >= len(header) or not header[position]
            if unnamed and cell.strip():
                problems.append(_Problem(number, f"#{position + 1}", "a value in a column with no name in the header"))
    return rows, problems


def _header_problems(columns: list[str]) -> list[_Problem]:
    problems, seen = [], set()
    for column in columns:
        if column in seen:
            problems.append(_Problem(1, column, "duplicated column"))
        elif column not in COLUMNS:
            close = difflib.get_close_matches(column, COLUMNS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(_Problem(1, column, f"unknown column{hint}"))
        seen.add(column)
    problems += [_Problem(1, c, "required column is missing") for c in REQUIRED_COLUMNS if c not in seen]
    return problems


# ---------------------------------------------------------------------------
# Validating


def _import(
    rows: list[Row], *, columns: list[str], problems: list[_Problem], dry_run: bool, observer: ImportObserver
) -> ImportReport:
    vocabulary = _Vocabulary.load()
    parsed, row_problems = _parse_rows(
        rows, vocabulary, header_missing=set(REQUIRED_COLUMNS) - set(columns), observer=observer
    )
    problems = [*_header_problems(columns), *problems, *row_problems]
    if problems:
        # Stable: the header first, then row by row, each row's columns in COLUMNS order.
        return ImportReport(errors=[str(p) for p in sorted(problems, key=lambda p: p.row)])
    if dry_run:
        stored = _stored_listings([row.external_id for row in parsed])
        names = {row.organization for row in parsed}
        organization_ids = dict(Organization.objects.filter(name__in=names).values_list("name", "id"))
        old_rows = [row for row in parsed if row.external_id in stored]
        changed = _changed_rows(old_rows, stored, organization_ids)
        return ImportReport(
            created=len(parsed) - len(old_rows), updated=len(changed), unchanged=len(old_rows) - len(changed)
        )
    with transaction.atomic():
        report = _write(parsed, observer=observer)
        observer.committing()
    if report.created or report.updated:
        _analyze()
    return report


@dataclass(frozen=True)
class _Vocabulary:
    """Slug -> id of the fixed vocabularies, loaded once per import."""

    service_types: dict[str, int]
    counties: dict[str, int]
    populations: dict[str, int]

    @classmethod
    def load(cls) -> "_Vocabulary":
        return cls(
            service_types=dict(ServiceType.objects.values_list("slug", "id")),
            counties=dict(County.objects.values_list("slug", "id")),
            populations=dict(Population.objects.values_list("slug", "id")),
        )


@dataclass
class _ParsedRow:
    number: int
    external_id: str
    organization: str
    fields: dict[str, Any]  # Listing attributes, for the columns the row has
    relations: dict[str, list[int]]  # many-to-many field -> ids, for the columns the row has
    language_codes: list[str] | None  # None: no languages column
    phones: dict[str, str]  # Phone.Kind -> number ("" for none), for the phone columns the row has
    hours: tuple[Interval, ...] | None  # None: no hours column


def _parse_rows(
    rows: list[Row], vocabulary: _Vocabulary, *, header_missing: set[str], observer: ImportObserver
) -> tuple[list[_ParsedRow], list[_Problem]]:
    """Every row parsed, or every problem found in any of them."""
    stored = _StoredValues.load()
    parsers = _cell_parsers(vocabulary, today=timezone.localdate())
    parsers = {column: _once_per_value(stored.shortcut(column, parse)) for column, parse in parsers.items()}
    service_types = {pk: slug for slug, pk in vocabulary.service_types.items()}
    all_values: list[tuple[int, dict[str, Any]]] = []
    problems: list[_Problem] = []
    first_row_of: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if (number - 1) % PROGRESS_EVERY == 0:
            observer.progress(f"checked {number - 1} of {len(rows)} rows")
        if not any((value or "").strip() for value in row.values()):
            continue  # a blank spreadsheet row
        values, row_problems = _parse_row(number, row, parsers, header_missing)
        row_problems += _confidentiality_problems(number, values)
        row_problems += _consistency_problems(number, values, service_types, observer=observer)
        external_id = values.get("external_id")
        if external_id in first_row_of:
            row_problems.append(
                _Problem(number, "external_id", f"{external_id!r} is also on row {first_row_of[external_id]}")
            )
        elif external_id:
            first_row_of[external_id] = number
        problems += row_problems
        all_values.append((number, values))
    if problems:
        return [], problems
    return [_assemble(number, values, vocabulary) for number, values in all_values], []


def _parse_row(
    number: int, row: Row, parsers: dict[str, Callable[[str], Any]], header_missing: set[str]
) -> tuple[dict[str, Any], list[_Problem]]:
    values: dict[str, Any] = {}
    problems = []
    for column in COLUMNS:
        text = (row.get(column) or "").strip()
        if column not in row and column not in REQUIRED_COLUMNS:
            continue
        if column in REQUIRED_COLUMNS and not text:
            if column not in header_missing:  # already reported once, on row 1
                problems.append(_Problem(number, column, "a value is required"))
            continue
        try:
            values[column] = parsers[column](text)
        except ValueError as error:
            problems.append(_Problem(number, column, str(error)))
    problems += _coordinate_problems(number, row, values)
    return values, problems


def _confidentiality_problems(number: int, values: dict[str, Any]) -> list[_Problem]:
    """A confidential row whose street address is written in its public text is refused."""
    return [
        _Problem(number, column, "the confidential street address appears in this public text; remove it")
        for column in address_in_public_text(values)
    ]


def _consistency_problems(
    number: int, values: dict[str, Any], service_types: dict[int, str], *, observer: ImportObserver
) -> list[_Problem]:
    """consistency.py's checks: its errors refuse the row, its warnings are reported and
    the row imported (see there for which is which, and why)."""
    problems = []
    slugs = [service_types.get(pk, "") for pk in values.get("service_types") or []]
    for problem in listing_problems({**values, "service_types": slugs}):
        if problem.severity == consistency.ERROR:
            problems.append(_Problem(number, problem.field, problem.message))
        else:
            observer.progress(f"row {number}, column {problem.field}: warning: {problem.message}")
    return problems


def _coordinate_problems(number: int, row: Row, values: dict[str, Any]) -> list[_Problem]:
    if any(column in row and column not in values for column in ("latitude", "longitude")):
        return []  # a bad number, already reported
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if (latitude is None) == (longitude is None):
        return []
    missing, given = ("longitude", "latitude") if longitude is None else ("latitude", "longitude")
    return [_Problem(number, missing, f"required when {given} is given (give both or neither)")]


def _assemble(number: int, values: dict[str, Any], vocabulary: _Vocabulary) -> _ParsedRow:
    fields = {column: values[column] for column in LISTING_FIELD_COLUMNS if column in values}
    fields["statewide"], counties_served = values["counties_served"]
    if "county" in values or "zip" in values:
        fields["county_id"] = values.get("county") or _zip_county_id(values.get("zip", ""), vocabulary)
    hours = values.get("hours")
    if hours is not None:
        fields["open_24_7"] = hours.always_open
    relations = {"service_types": values["service_types"], "counties_served": counties_served}
    if "populations" in values:
        relations["populations"] = values["populations"]
    return _ParsedRow(
        number=number,
        external_id=values["external_id"],
        organization=values["organization"],
        fields=fields,
        relations=relations,
        language_codes=values.get("languages"),
        phones={kind: values[column] for column, kind in PHONE_COLUMNS.items() if column in values},
        hours=hours.intervals if hours is not None else None,
    )


def _zip_county_id(zip_code: str, vocabulary: _Vocabulary) -> int | None:
    place = geo.zip_place(zip_code) if zip_code else None
    return vocabulary.counties.get(place.county) if place and place.county else None


# ---------------------------------------------------------------------------
# Cell parsers: text in, value out, ValueError with a message for the person fixing the sheet.
# Each one turns a blank cell into the field's default.


# "(505) 555-0100", "505.555.0100", "+1 505 555 0100": the forms phonenumbers reads as +1 and ten digits.
PLAIN_US_NUMBER = re.compile(r"(?:\+?1[\s.-]*)?\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})")


@dataclass(frozen=True)
class _StoredValues:
    """Phone numbers and web addresses already stored, so already checked when they were.

    Checking them again (phonenumbers' metadata, Django's URL validator) is most of the
    time a re-import of an unchanged sheet would take; a value that is not stored as it
    is written is checked in full.
    """

    phones: frozenset[str]
    websites: frozenset[str]

    @classmethod
    def load(cls) -> "_StoredValues":
        return cls(
            phones=frozenset(Phone.objects.values_list("number", flat=True)),
            websites=frozenset(Listing.objects.exclude(website="").values_list("website", flat=True)),
        )

    def shortcut(self, column: str, parse: Callable[[str], Any]) -> Callable[[str], Any]:
        if column in PHONE_COLUMNS:

            def parse_phone(text: str) -> str:
                match = PLAIN_US_NUMBER.fullmatch(text)
                if match and (number := "+1" + "".join(match.groups())) in self.phones:
                    return number
                return parse(text)

            return parse_phone
        if column == "website":
            return lambda text: text if text in self.websites else parse(text)
        return parse


def _once_per_value(parse: Callable[[str], T]) -> Callable[[str], T]:
    """`parse`, run once per distinct text of an import: most cells repeat (slugs, hours,
    dates, yes/no), and re-importing 20,000 rows must take seconds. Values are not mutated."""
    results: dict[str, T | ValueError] = {}

    def parse_once(text: str) -> T:
        if text not in results:
            try:
                results[text] = parse(text)
            except ValueError as error:
                results[text] = error
        result = results[text]
        if isinstance(result, ValueError):
            raise result
        return result

    return parse_once


def _cell_parsers(vocabulary: _Vocabulary, *, today: datetime.date) -> dict[str, Callable[[str], Any]]:
    return {
        "external_id": partial(_text, max_length=column_length(Listing, "external_id")),
        "organization": partial(_text, max_length=column_length(Organization, "name")),
        "name": partial(_text, max_length=column_length(Listing, "name")),
        "description": _text,
        "description_es": _text,
        "service_types": partial(_slug_list, known=vocabulary.service_types, noun="service type"),
        "counties_served": partial(_counties_served, counties=vocabulary.counties),
        "county": partial(_slug, known=vocabulary.counties, noun="county"),
        "address": partial(_text, max_length=column_length(Listing, "address")),
        "city": partial(_text, max_length=column_length(Listing, "city")),
        "zip": _zip,
        "confidential_location": _yes_no,
        "latitude": partial(parse_coordinate, bounds=LATITUDE_RANGE, noun="latitude"),
        "longitude": partial(parse_coordinate, bounds=LONGITUDE_RANGE, noun="longitude"),
        "phone": _phone,
        "text": partial(_phone, allow_short_code=True),
        "tty": _phone,
        "hotline_24_7": _yes_no,
        "hours": parse_hours,
        "languages": _language_codes,
        "populations": partial(_slug_list, known=vocabulary.populations, noun="population"),
        "website": _website,
        "email": _email,
        "fees": partial(_choice, choices=Listing.Fees.values, noun="fee"),
        "eligibility": _text,
        "eligibility_es": _text,
        "status": _status,
        "last_verified": partial(parse_date, today=today),
    }


def column_length(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


def _text(text: str, *, max_length: int | None = None) -> str:
    if max_length is not None and len(text) > max_length:
        raise ValueError(f"longer than {max_length} characters ({len(text)})")
    return text


def _split(text: str) -> list[str]:
    return list(dict.fromkeys(item.strip().lower() for item in text.split(LIST_SEPARATOR) if item.strip()))


def _unknown(items: list[str], noun: str, known: Iterable[str]) -> ValueError:
    quoted = ", ".join(repr(item) for item in items)
    verb = "is not a" if len(items) == 1 else "are not"
    plural = noun if len(items) == 1 else f"{noun}s"
    return ValueError(f"{quoted} {verb} {plural} (use: {', '.join(sorted(known))})")


def _slug_list(text: str, *, known: dict[str, int], noun: str) -> list[int]:
    slugs = _split(text)
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise _unknown(unknown, noun, known)
    return [known[slug] for slug in slugs]


def _slug(text: str, *, known: dict[str, int], noun: str) -> int | None:
    if not text:
        return None
    if text.lower() not in known:
        raise _unknown([text], noun, known)
    return known[text.lower()]


def _counties_served(text: str, *, counties: dict[str, int]) -> tuple[bool, list[int]]:
    """(statewide, county ids)."""
    slugs = _split(text)
    if STATEWIDE in slugs:
        if len(slugs) > 1:
            raise ValueError(f"{STATEWIDE!r} cannot be combined with county slugs")
        return True, []
    return False, _slug_list(text, known=counties, noun="county")


def _phone(text: str, *, allow_short_code: bool = False) -> str:
    return normalize_phone(text, allow_short_code=allow_short_code) if text else ""


def _zip(text: str) -> str:
    if not text:
        return ""
    if not re.fullmatch(r"\d{5}", text):
        raise ValueError(f"{text!r} is not a 5-digit ZIP code")
    if not geo.is_new_mexico_zip(text):
        raise ValueError(f"{text!r} is not a New Mexico ZIP code")
    return text


def _yes_no(text: str) -> bool:
    answer = text.lower() or "no"
    if answer not in ("yes", "no"):
        raise ValueError(f"{text!r} is not yes or no")
    return answer == "yes"


def parse_coordinate(text: str, *, bounds: tuple[float, float], noun: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number of decimal degrees") from None
    low, high = bounds
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{text!r} is outside New Mexico ({noun} {low} to {high})")
    return value


def _language_codes(text: str) -> list[str]:
    codes = _split(text)
    unknown = [code for code in codes if not languages.is_language_code(code)]
    if unknown:
        raise ValueError(f"{', '.join(map(repr, unknown))}: not ISO 639 language codes (like 'es' or 'nv')")
    return list(dict.fromkeys(_canonical_language_code(code) for code in codes))


def _canonical_language_code(code: str) -> str:
    # Language.code is two-letter where one exists, so 'spa' and 'es' are one language.
    language = pycountry.languages.get(alpha_3=code) if len(code) == 3 else None
    return getattr(language, "alpha_2", None) or code


# Django's form field, for its leniency: "example.org" is taken as "https://example.org".
_URL_FIELD = forms.URLField(assume_scheme="https")


def _website(text: str) -> str:
    if not text:
        return ""
    max_length = column_length(Listing, "website")
    try:
        url = _URL_FIELD.clean(text)
    except ValidationError:
        url = ""
    if not url.startswith(("https://", "http://")):  # the validator also allows ftp://
        raise ValueError(f"{text!r} is not a web address")
    return _text(url, max_length=max_length)


def _email(text: str) -> str:
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise ValueError(f"{text!r} is not an email address") from None
    return _text(text, max_length=column_length(Listing, "email"))


def _choice(text: str, *, choices: list[str], noun: str) -> str:
    if text and text.lower() not in choices:
        raise _unknown([text], noun, choices)
    return text.lower()


def _status(text: str) -> str:
    return _choice(text, choices=list(IMPORT_STATUSES), noun="status") or Listing.Status.DRAFT


def parse_date(text: str, *, today: datetime.date) -> datetime.date | None:
    if not text:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        value = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date like 2025-01-31 (YYYY-MM-DD)") from None
    if value > today:
        raise ValueError(f"{text!r} is in the future")
    return value


# ---------------------------------------------------------------------------
# Writing: a fixed number of bulk queries per kind of row, whatever the number of rows.


def _chunks(items: list[T]) -> Iterator[list[T]]:
    """Slices small enough for one query's parameters (SQLite caps them; PostgreSQL does not)."""
    size = max(1, connection.ops.bulk_batch_size(["pk"], items))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write(rows: list[_ParsedRow], *, observer: ImportObserver) -> ImportReport:
    """Create, update or leave alone each row's listing. Runs inside the caller's transaction."""
    now = timezone.now()
    stored = _stored_listings([row.external_id for row in rows])
    organization_ids = _save_organizations(rows, now=now)
    new_rows = [row for row in rows if row.external_id not in stored]
    old_rows = _changed_rows([row for row in rows if row.external_id in stored], stored, organization_ids)
    # Only the listings to be written are locked (a lock is a write to each row), and read
    # again so that a reviewer's change made meanwhile is neither lost nor half-applied.
    existing = _existing_listings([row.external_id for row in old_rows], lock=True)
    unchanged = len(rows) - len(new_rows) - len(old_rows)
    observer.progress(f"writing: {len(new_rows)} new, {len(old_rows)} changed, {unchanged} unchanged")
    created = _create_listings(new_rows, organization_ids, now=now)
    updated = _update_listings(old_rows, existing, organization_ids, now=now)
    pairs = [*zip(new_rows, created, strict=True), *zip(old_rows, updated, strict=True)]
    _clear_replaced_links(pairs[len(created) :])
    _create_links(pairs)
    _save_phones(pairs, now=now)
    _save_hours(pairs, now=now)
    # After the relations, so that each record's snapshot of them is the imported state.
    _record_history(Listing, [listing.pk for listing in created], history_type="+", now=now)
    _record_history(Listing, [listing.pk for listing in updated], history_type="~", now=now)
    update_search_vectors([listing.pk for listing in [*created, *updated]])
    return ImportReport(created=len(created), updated=len(updated), unchanged=unchanged)


def _among(field: str, values: list, db_type: str) -> models.Q:
    """`field IN (values)`, on PostgreSQL as one array parameter: Django prepares the
    values of an IN one by one, which takes seconds at 20,000. (SQLite: a plain IN.)"""
    if connection.vendor == "postgresql":
        return models.Q(**{f"{field}__in": RawSQL(f"SELECT unnest(%s::{db_type}[])", [values])})
    return models.Q(**{f"{field}__in": values})


def _existing_listings(external_ids: list[str], *, lock: bool) -> dict[str, Listing]:
    existing: dict[str, Listing] = {}
    for chunk in _chunks(external_ids):
        query = Listing.objects.filter(_among("external_id", chunk, "text")).defer("search_vector").order_by("pk")
        existing.update((listing.external_id, listing) for listing in (query.select_for_update() if lock else query))
    return existing


# What an imported row can change on the listing itself (row.fields, and its organization).
COMPARED_FIELDS = ("id", "organization_id", "statewide", "county_id", "open_24_7", *LISTING_FIELD_COLUMNS)


def _stored_listings(external_ids: list[str]) -> dict[str, dict[str, Any]]:
    """External id -> the stored values an import compares, as plain dicts (building 20,000
    model instances only to compare them took longer than the comparison)."""
    stored: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(external_ids):
        query = Listing.objects.filter(_among("external_id", chunk, "text")).order_by()
        stored.update((values["external_id"], values) for values in query.values("external_id", *COMPARED_FIELDS))
    return stored


def _changed_rows(
    rows: list[_ParsedRow], stored: dict[str, dict[str, Any]], organization_ids: dict[str, int]
) -> list[_ParsedRow]:
    """The rows of existing listings that would change something the listing has now."""
    if not rows:
        return []
    ids = [stored[row.external_id]["id"] for row in rows]
    links = {relation: _current_links(relation, ids) for relation in M2M_RELATIONS}
    phones = _current_rows(Phone, PHONE_FIELDS, ids)
    hours = _current_rows(OpeningHours, HOURS_FIELDS, ids)
    return [
        row
        for row in rows
        if _differs(row, stored[row.external_id], organization_ids.get(row.organization), links, phones, hours)
    ]


def _differs(
    row: _ParsedRow,
    listing: dict[str, Any],
    organization_id: int | None,
    links: dict[str, dict[int, set]],
    phones: dict[int, list[tuple[int, tuple]]],
    hours: dict[int, list[tuple[int, tuple]]],
) -> bool:
    if listing["organization_id"] != organization_id:
        return True
    if [listing[name] for name in row.fields] != list(row.fields.values()):
        return True
    pk = listing["id"]
    for relation in M2M_RELATIONS:
        if _has_relation(row, relation):
            wanted = set(row.language_codes if relation == "languages" else row.relations[relation])
            if links[relation].get(pk, set()) != wanted:
                return True
    if row.phones:
        have = Counter(values for _, values in phones.get(pk, ()) if values[0] in row.phones)
        if have != Counter((kind, number) for kind, number in row.phones.items() if number):
            return True
    if row.hours is not None:
        have = Counter(values for _, values in hours.get(pk, ()))
        if have != Counter((i.weekday, i.opens, i.closes) for i in row.hours):
            return True
    return False


def _current_links(relation: str, listing_ids: list[int]) -> dict[int, set]:
    """Listing id -> the ids it links to through `relation` (language codes for languages)."""
    m2m = Listing._meta.get_field(relation)
    owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    value = f"{target}__code" if relation == "languages" else f"{target}_id"
    links: dict[int, set] = defaultdict(set)
    for chunk in _chunks(listing_ids):
        query = m2m.remote_field.through.objects.filter(_among(f"{owner}_id", chunk, "bigint")).order_by()
        for listing_id, target_value in query.values_list(f"{owner}_id", value):
            links[listing_id].add(target_value)
    return links


def _analyze() -> None:
    """Fresh planner statistics for the tables an import writes (it may double a table at once)."""
    if connection.vendor != "postgresql":
        return
    models_written = [Listing, Organization, Phone, OpeningHours]
    tables = {model._meta.db_table for model in models_written}
    tables |= {model.history.model._meta.db_table for model in models_written}
    for relation in M2M_RELATIONS:
        tables.add(Listing._meta.get_field(relation).remote_field.through._meta.db_table)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(table) for table in sorted(tables))}")


def _save_organizations(rows: list[_ParsedRow], *, now: datetime.datetime) -> dict[str, int]:
    """Name -> id, creating new organizations; an organization's first website comes from its listings."""
    websites: dict[str, str] = {}
    for row in rows:
        if not websites.get(row.organization):
            websites[row.organization] = row.fields.get("website", "")
    names = list(websites)
    existing = {o.name: o for chunk in _chunks(names) for o in Organization.objects.filter(name__in=chunk)}
    new = [Organization(name=name, website=websites[name]) for name in names if name not in existing]
    created = Organization.objects.bulk_create(new, batch_size=BATCH_SIZE)
    gaining_website = [o for o in existing.values() if not o.website and websites[o.name]]
    for organization in gaining_website:
        organization.website = websites[organization.name]
    Organization.objects.bulk_update(gaining_website, ["website"], batch_size=BATCH_SIZE)
    _record_history(Organization, [o.pk for o in created], history_type="+", now=now)
    _record_history(Organization, [o.pk for o in gaining_website], history_type="~", now=now)
    return {organization.name: organization.pk for organization in [*existing.values(), *created]}


# Every column an import writes; the search vector is filled afterwards, by update_search_vectors().
LISTING_COLUMNS = tuple(
    field.name for field in Listing._meta.concrete_fields if not field.primary_key and field.name != "search_vector"
)


def _create_listings(
    rows: list[_ParsedRow], organization_ids: dict[str, int], *, now: datetime.datetime
) -> list[Listing]:
    if not rows:
        return []
    slugs = _SlugAllocator.load()
    listings = []
    for row in rows:
        listing = Listing(
            external_id=row.external_id,
            organization_id=organization_ids[row.organization],
            created=now,
            updated=now,
            **row.fields,
        )
        listing.slug = slugs.allocate(listing.name, listing.city or row.organization)
        listing.refresh_distance_point()
        listings.append(listing)
    # INSERT ... RETURNING gives the ids in the order of the rows (bulk_create() relies on it too).
    ids = _insert(Listing, LISTING_COLUMNS, _value_rows(listings, LISTING_COLUMNS))
    for listing, pk in zip(listings, ids, strict=True):
        listing.pk = pk
    return listings


def _update_listings(
    rows: list[_ParsedRow], existing: dict[str, Listing], organization_ids: dict[str, int], *, now: datetime.datetime
) -> list[Listing]:
    listings = []
    changed = {"organization", "updated", "distance_latitude", "distance_longitude", "verified_by"}
    for row in rows:
        listing = existing[row.external_id]
        if row.fields.get("last_verified", listing.last_verified) != listing.last_verified:
            listing.verified_by = None  # the sheet's date was not checked by the reviewer named
        for name, value in row.fields.items():
            setattr(listing, name, value)
        listing.organization_id = organization_ids[row.organization]
        listing.updated = now
        listing.refresh_distance_point()
        changed.update(Listing._meta.get_field(name).name for name in row.fields)  # county_id -> county
        listings.append(listing)
    # An upsert on the primary key rather than bulk_update(): that builds a CASE WHEN per
    # row and field and takes minutes at 20,000 rows. The rows exist and are locked, so
    # the conflict (update) path is the one taken; the whole row is given because NOT
    # NULL is checked before the conflict is.
    columns = ("id", *LISTING_COLUMNS)
    _insert(Listing, columns, _value_rows(listings, columns), update=sorted(changed))
    return listings


def _value_rows(objs: list[models.Model], fields: tuple[str, ...]) -> list[tuple]:
    if not objs:
        return []
    values_of = attrgetter(*(objs[0]._meta.get_field(name).attname for name in fields))
    return [values_of(obj) for obj in objs]


class _SlugAllocator:
    """Unique slugs across the database and the file: 'name-city', then '-2', '-3'..."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.next_suffix: dict[str, int] = {}

    @classmethod
    def load(cls) -> "_SlugAllocator":
        # Every slug, not only likely clashes: one query, and a few MB even at 100,000 listings.
        return cls(set(Listing.objects.order_by().values_list("slug", flat=True)))

    def allocate(self, name: str, place: str) -> str:
        base = slugify(f"{name} {place}")[:SLUG_BASE_LENGTH].strip("-") or "listing"
        slug, suffix = base, self.next_suffix.get(base, 2)
        while slug in self.taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        self.next_suffix[base] = suffix
        self.taken.add(slug)
        return slug


# Many-to-many rows are replaced wholesale: they have no history of their own (the
# listing's record snapshots them).
M2M_RELATIONS = ("service_types", "counties_served", "populations", "languages")


def _clear_replaced_links(updated: list[tuple[_ParsedRow, Listing]]) -> None:
    """Delete the many-to-many rows of updated listings for the columns the file has."""
    for relation in M2M_RELATIONS:
        through = Listing._meta.get_field(relation).remote_field.through
        _delete(through, [listing.pk for row, listing in updated if _has_relation(row, relation)], by="listing")


def _has_relation(row: _ParsedRow, relation: str) -> bool:
    return row.language_codes is not None if relation == "languages" else relation in row.relations


def _create_links(pairs: list[tuple[_ParsedRow, Listing]]) -> None:
    language_ids = _save_languages({code for row, _ in pairs for code in row.language_codes or ()})
    links: dict[str, list[tuple[int, int]]] = {relation: [] for relation in M2M_RELATIONS}
    for row, listing in pairs:
        for relation, ids in row.relations.items():
            links[relation] += [(listing.pk, target) for target in ids]
        links["languages"] += [(listing.pk, language_ids[code]) for code in row.language_codes or ()]
    for relation, rows in links.items():
        m2m = Listing._meta.get_field(relation)
        _insert(m2m.remote_field.through, (m2m.m2m_field_name(), m2m.m2m_reverse_field_name()), rows)


def _save_languages(codes: set[str]) -> dict[str, int]:
    """Code -> id, creating the languages not yet in the table."""
    if not codes:
        return {}
    known = dict(Language.objects.filter(code__in=codes).values_list("code", "id"))
    missing = sorted(codes - known.keys())
    if missing:
        Language.objects.bulk_create(
            [Language(code=code, name=languages.english_name(code)) for code in missing], ignore_conflicts=True
        )
        known = dict(Language.objects.filter(code__in=codes).values_list("code", "id"))
    return known


# Phones and opening hours have history of their own (the review workflow restores
# them from it), so an unchanged row is kept rather than deleted and re-created.
PHONE_FIELDS = ("kind", "number")
HOURS_FIELDS = ("weekday", "opens", "closes")
# Per listing: its id, the (pk, values) rows it has that the file speaks for, the values it should have.
Plan = tuple[int, list[tuple[int, tuple]], list[tuple]]


def _save_phones(pairs: list[tuple[_ParsedRow, Listing]], *, now: datetime.datetime) -> None:
    current = _current_rows(Phone, PHONE_FIELDS, [listing.pk for row, listing in pairs if row.phones])
    plans: list[Plan] = []
    for row, listing in pairs:
        # Only the kinds whose column the file has: a file without `tty` keeps the TTY number.
        have = [(pk, values) for pk, values in current.get(listing.pk, ()) if values[0] in row.phones]
        plans.append((listing.pk, have, [(kind, number) for kind, number in row.phones.items() if number]))
    _sync_rows(Phone, PHONE_FIELDS, plans, now=now)


def _save_hours(pairs: list[tuple[_ParsedRow, Listing]], *, now: datetime.datetime) -> None:
    with_hours = [(row, listing) for row, listing in pairs if row.hours is not None]
    current = _current_rows(OpeningHours, HOURS_FIELDS, [listing.pk for _, listing in with_hours])
    plans: list[Plan] = [
        (listing.pk, current.get(listing.pk, []), [(i.weekday, i.opens, i.closes) for i in row.hours])
        for row, listing in with_hours
    ]
    _sync_rows(OpeningHours, HOURS_FIELDS, plans, now=now)


def _current_rows(
    model: type[models.Model], fields: tuple[str, ...], listing_ids: list[int]
) -> dict[int, list[tuple[int, tuple]]]:
    """Listing id -> its (pk, values) rows of `model`."""
    rows: dict[int, list[tuple[int, tuple]]] = {}
    for chunk in _chunks(listing_ids):
        query = model.objects.filter(_among("listing_id", chunk, "bigint")).order_by("pk")
        query = query.values_list("pk", "listing_id", *fields)
        for pk, listing_id, *values in query:
            rows.setdefault(listing_id, []).append((pk, tuple(values)))
    return rows


def _sync_rows(
    model: type[models.Model], fields: tuple[str, ...], plans: list[Plan], *, now: datetime.datetime
) -> None:
    """Give each listing the rows it should have, with a history record of each row deleted or inserted."""
    gone: list[int] = []
    new: list[tuple] = []
    for listing_id, have, want in plans:
        removed, added = _difference(have, want)
        gone += removed
        new += [(listing_id, *values) for values in added]
    _record_history(model, gone, history_type="-", now=now)
    # Not QuerySet.delete(): it sends post_delete per row, and simple_history answers each
    # with an INSERT of its own; the "-" records were written in bulk just above.
    _delete(model, gone)
    _record_history(model, _insert(model, ("listing", *fields), new), history_type="+", now=now)


def _difference(have: list[tuple[int, tuple]], want: list[tuple]) -> tuple[list[int], list[tuple]]:
    """(pks to delete, values to insert) that turn `have` into `want`, keeping the rows in both."""
    unmatched_want = Counter(want)
    removed = []
    for pk, values in have:
        if unmatched_want[values] > 0:
            unmatched_want[values] -= 1
        else:
            removed.append(pk)
    unmatched_have = Counter(values for _, values in have)
    added = []
    for values in want:
        if unmatched_have[values] > 0:
            unmatched_have[values] -= 1
        else:
            added.append(values)
    return removed, added


def _insert(
    model: type[models.Model], fields: tuple[str, ...], rows: list[tuple], *, update: Iterable[str] = ()
) -> list[int]:
    """INSERT rows of plain values, returning their pks; with `update`, an upsert on the pk.

    Not bulk_create(): it builds SQL value by value through each field's pre_save() and
    placeholder logic, which at 20,000 listings and 200,000 related rows is most of an
    import's time (this is about five times faster). Values still go through their
    field's get_db_prep_save(), the part that adapts them to the database.
    """
    meta, quote = model._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    prepare = [partial(meta.get_field(name).get_db_prep_save, connection=connection) for name in fields]
    one_row = f"({', '.join(['%s'] * len(fields))})"
    on_conflict = ""
    if update:
        assignments = ", ".join(
            f"{column} = EXCLUDED.{column}" for column in (quote(meta.get_field(n).column) for n in update)
        )
        on_conflict = f" ON CONFLICT ({quote(meta.pk.column)}) DO UPDATE SET {assignments}"
    size = max(1, min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, rows)))
    pks: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            params = [prep(value) for row in batch for prep, value in zip(prepare, row, strict=True)]
            values = ", ".join([one_row] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values}{on_conflict} "
                f"RETURNING {quote(meta.pk.column)}",
                params,
            )
            pks += [pk for (pk,) in cursor.fetchall()]
    return pks


def _delete(model: type[models.Model], ids: list[int], *, by: str = "pk") -> None:
    """DELETE the rows whose `by` field is in `ids`, sending no signals."""
    quote = connection.ops.quote_name
    field = model._meta.pk if by == "pk" else model._meta.get_field(by)
    table, column = quote(model._meta.db_table), quote(field.column)
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})", chunk)


# ---------------------------------------------------------------------------
# History: what simple_history writes on each save() and delete(), for many rows at once.


def _record_history(model: type[models.Model], ids: list[int], *, history_type: str, now: datetime.datetime) -> None:
    """A history record of each of these rows, as stored, with its many-to-many snapshot.

    Copied inside the database (INSERT ... SELECT) rather than with simple_history's
    bulk_create_with_history(): building a historical object per row in Python costs
    seconds at 20,000 rows, and those helpers leave out the many-to-many snapshots
    (m2m_fields) that reverting a listing relies on.
    """
    if not ids:
        return
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = ", ".join(quote(field.column) for field in history.tracked_fields)
    extra = ", ".join(
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_type", "history_change_reason", "history_user")
    )
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} ({tracked}, {extra}) "
        f"SELECT {tracked}, %s, %s, %s, NULL FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} IN ({{}})"
    )
    date = connection.ops.adapt_datetimefield_value(now)
    snapshots = [_snapshot_sql(history, field) for field in history._history_m2m_fields]
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(insert.format(placeholders), [date, history_type, CHANGE_REASON, *chunk])
            for snapshot in snapshots:
                cursor.execute(snapshot.format(placeholders), [date, history_type, *chunk])


def _snapshot_sql(history: type[models.Model], m2m: models.ManyToManyField) -> str:
    """INSERT ... SELECT of the many-to-many rows into the history records just written."""
    quote = connection.ops.quote_name

    def column(model: type[models.Model], name: str) -> str:
        return quote(model._meta.get_field(name).column)

    m2m_history = getattr(history, m2m.name).model
    through = m2m.remote_field.through
    columns = [quote(field.column) for field in through._meta.fields]
    owner = quote(m2m.m2m_column_name())
    return (
        f"INSERT INTO {quote(m2m_history._meta.db_table)} ({', '.join(columns)}, {column(m2m_history, 'history')}) "
        f"SELECT {', '.join(f't.{name}' for name in columns)}, h.{quote(history._meta.pk.column)} "
        f"FROM {quote(through._meta.db_table)} t JOIN {quote(history._meta.db_table)} h "
        f"ON h.{quote(m2m.model._meta.pk.column)} = t.{owner} "
        f"WHERE h.{column(history, 'history_date')} = %s AND h.{column(history, 'history_type')} = %s "
        f"AND t.{owner} IN ({{}})"
    )
