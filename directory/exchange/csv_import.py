"""Importing listings from a spreadsheet: PRODUCT.md, "Data in and out".

All or nothing: every row is validated before anything is written, and every error is
collected, so that one run tells whoever fixes the spreadsheet everything that is wrong.

On re-import (same external_id) a listing is updated in place and keeps its slug. A
column the file leaves out leaves that field alone, so that a sheet without a `status`
column cannot unpublish listings a reviewer has published; a column that is present
replaces the value, a blank cell with the default.

Each row becomes one ListingChange for the one writer (listings/writer.py), which
writes them all in a fixed number of bulk statements (20,000 rows must import in well
under a minute), with history, relations, phones, hours and search vectors, and refuses
a confidential street address in public text, the stored listing's included.

A row that would change nothing is left alone (the writer's rule): its listing gets no
history record, no new `updated` time and no new search vector, and the public data
version (migration 0008) does not change for it, so re-importing an unchanged sheet
throws away nobody's facet index. That also tells whoever wonders whether a killed import committed: a dry
run of the same file then reports every row unchanged. ANALYZE runs on the tables an
import changed, so that the planner knows of thousands of new rows at once.
"""

import csv
import difflib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from directory.exchange.csv_cells import (
    PHONE_COLUMNS,
    StoredValues,
    Vocabulary,
    cell_parsers,
    once_per_value,
)
from directory.exchange.tabular import read_cell
from directory.listings import consistency
from directory.listings.confidentiality import address_in_public_text
from directory.listings.consistency import listing_problems
from directory.listings.writer import (
    RELATIONS,
    ChangeProblem,
    ListingChange,
    ListingsRefused,
    WriteResult,
    preview_listings,
    save_listings,
)
from directory.models import (
    Listing,
    OpeningHours,
    Organization,
    Phone,
)
from directory.rules import geo

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
CHANGE_REASON = "CSV import"
PROGRESS_EVERY = 5000  # rows between two progress messages

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
    vocabulary = Vocabulary.load()
    parsed, row_problems = _parse_rows(
        rows, vocabulary, header_missing=set(REQUIRED_COLUMNS) - set(columns), observer=observer
    )
    problems = [*_header_problems(columns), *problems, *row_problems]
    if problems:
        # Stable: the header first, then row by row, each row's columns in COLUMNS order.
        return ImportReport(errors=[str(p) for p in sorted(problems, key=lambda p: p.row)])
    numbers = [number for number, _ in parsed]
    changes = [change for _, change in parsed]
    if dry_run:
        result = preview_listings(changes)
        if result.warnings:
            return ImportReport(errors=_refusals(result.warnings, numbers))
        return ImportReport(created=len(result.created), updated=len(result.updated), unchanged=len(result.unchanged))

    def planned(result: WriteResult) -> None:
        counts = (len(result.created), len(result.updated), len(result.unchanged))
        observer.progress("writing: {} new, {} changed, {} unchanged".format(*counts))

    try:
        with transaction.atomic():
            result = save_listings(
                changes, actor=None, reason=CHANGE_REASON, refuse_address_leaks=True, on_planned=planned
            )
            observer.committing()
    except ListingsRefused as refused:
        return ImportReport(errors=_refusals(refused.problems, numbers))
    report = ImportReport(created=len(result.created), updated=len(result.updated), unchanged=len(result.unchanged))
    if report.created or report.updated:
        _analyze()
    return report


def _refusals(problems: list[ChangeProblem], numbers: list[int]) -> list[str]:
    """The writer's refusals (a confidential address in public text, the stored listing's
    included) as `row N, column C` errors."""
    return [str(_Problem(numbers[problem.index], problem.field, problem.message)) for problem in problems]


def _parse_rows(
    rows: list[Row], vocabulary: Vocabulary, *, header_missing: set[str], observer: ImportObserver
) -> tuple[list[tuple[int, ListingChange]], list[_Problem]]:
    """Every row parsed (with its number), or every problem found in any of them."""
    stored = StoredValues.load()
    parsers = cell_parsers(vocabulary, today=timezone.localdate())
    parsers = {column: once_per_value(stored.shortcut(column, parse)) for column, parse in parsers.items()}
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
        row_problems += _consistency_problems(number, values, observer=observer)
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
    return [(number, _assemble(values, vocabulary)) for number, values in all_values], []


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


def _consistency_problems(number: int, values: dict[str, Any], *, observer: ImportObserver) -> list[_Problem]:
    """consistency.py's checks: its errors refuse the row, its warnings are reported and
    the row imported (see there for which is which, and why)."""
    problems = []
    for problem in listing_problems(values):
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


def _assemble(values: dict[str, Any], vocabulary: Vocabulary) -> ListingChange:
    """The row as a change for the writer: only the columns the row has."""
    fields = {column: values[column] for column in LISTING_FIELD_COLUMNS if column in values}
    fields["statewide"], counties_served = values["counties_served"]
    if "county" in values or "zip" in values:
        fields["county"] = values.get("county") or _zip_county(values.get("zip", ""), vocabulary)
    hours = values.get("hours")
    if hours is not None:
        fields["open_24_7"] = hours.always_open
    relations = {"service_types": values["service_types"], "counties_served": counties_served}
    for relation in ("populations", "languages"):
        if relation in values:
            relations[relation] = values[relation]
    return ListingChange(
        external_id=values["external_id"],
        organization=values["organization"],
        # An organization new to the directory takes its first listing's website.
        organization_website=fields.get("website", ""),
        fields=fields,
        relations=relations,
        phones={kind: [values[column]] if values[column] else [] for column, kind in PHONE_COLUMNS.items() if column in values},
        hours=list(hours.intervals) if hours is not None else None,
    )


def _zip_county(zip_code: str, vocabulary: Vocabulary) -> str | None:
    place = geo.zip_place(zip_code) if zip_code else None
    return vocabulary.counties.get(place.county) if place and place.county else None


# ---------------------------------------------------------------------------
# After writing


def _analyze() -> None:
    """Fresh planner statistics for the tables an import writes (it may double a table at once)."""
    if connection.vendor != "postgresql":
        return
    models_written = [Listing, Organization, Phone, OpeningHours]
    tables = {model._meta.db_table for model in models_written}
    tables |= {model.history.model._meta.db_table for model in models_written}
    for relation in RELATIONS:
        tables.add(Listing._meta.get_field(relation).remote_field.through._meta.db_table)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(table) for table in sorted(tables))}")
