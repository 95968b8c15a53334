"""Reading an HSDS package's CSV files: each table's rows by number, and the problems of
the files themselves (missing, unreadable, columns absent), before any cell is parsed."""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from directory.exchange.hsds.spec import DESCRIPTOR, TABLES, Table
from directory.exchange.tabular import read_cell


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


Rows = list[tuple[int, dict[str, str]]]  # (spreadsheet row number, column -> stripped text)


def read_package(directory: Path) -> tuple[dict[str, Rows], list[Problem]]:
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
