"""Re-importing what is already stored changes nothing: no history, no new data version.

The writes here really commit (a transactional database), since the public data version
changes only when a transaction that wrote listings commits (migration 0008).
"""

import os
import signal
import subprocess
import sys
from io import StringIO
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from directory.exchange.csv_import import import_csv
from directory.models import Listing
from directory.search.facets import public_data_version
from tests.support import BASE_DIR, a_row, counts, write_csv

FULL = dict(
    description_es="Un refugio ficticio.",
    county="taos",
    address="1 Example Way",
    latitude="36.4072",
    longitude="-105.5731",
    text="233733",
    tty="505-555-0102",
    hours="Mon-Fri 09:00-17:00; Sat 10:00-14:00",
    languages="en;es;nv",
    populations="women;families",
    website="https://example.org/shelter",
    email="help@example.org",
    fees="sliding-scale",
    eligibility="Adults.",
    eligibility_es="Adultos.",
    last_verified="2025-06-01",
)


@pytest.fixture
def imported(vocabulary, tmp_path):
    rows = [a_row(external_id="a", **FULL), a_row(external_id="b", name="Other", **FULL)]
    path = write_csv(tmp_path / "listings.csv", rows)
    assert import_csv(path).created == 2
    return rows


def reimport(tmp_path, rows):
    return import_csv(write_csv(tmp_path / "again.csv", rows))


def test_reimporting_the_same_rows_writes_nothing_and_keeps_the_data_version(imported, tmp_path):
    before, version = counts(), public_data_version()
    updated_times = dict(Listing.objects.values_list("external_id", "updated"))

    report = reimport(tmp_path, imported)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert counts() == before  # no history record, no phone, hour or link row replaced
    assert public_data_version() == version  # every worker keeps its facet index
    assert dict(Listing.objects.values_list("external_id", "updated")) == updated_times


def test_lists_in_another_order_are_the_same_lists(imported, tmp_path):
    shuffled = [
        {**row, "languages": "nv;es;en", "populations": "families;women", "hours": "Sat 10:00-14:00; Mon-Fri 09:00-17:00"}
        for row in imported
    ]
    assert reimport(tmp_path, shuffled).unchanged == 2


CHANGES = [
    {"name": "Renamed"},
    {"organization": "Another Organization"},
    {"service_types": "shelter"},
    {"counties_served": "statewide"},
    {"languages": "en;es"},
    {"populations": "women"},
    {"phone": "505-555-0199"},
    {"tty": ""},
    {"hours": "24/7"},
    {"hours": "Mon-Fri 09:00-16:00; Sat 10:00-14:00"},
    {"county": "rio-arriba"},
    {"latitude": "36.4073"},
    {"status": "draft"},
    {"last_verified": "2025-06-02"},
    {"eligibility_es": "Adultos y familias."},
]


def test_each_kind_of_change_updates_only_its_listing(imported, tmp_path):
    row = imported[0]
    for change in CHANGES:  # one at a time, each on top of the last
        row = {**row, **change}
        before, version = counts(), public_data_version()

        report = reimport(tmp_path, [row, imported[1]])

        assert (report.created, report.updated, report.unchanged) == (0, 1, 1), change
        assert counts()["HistoricalListing"] == before["HistoricalListing"] + 1, change
        assert public_data_version() != version, change
    assert Listing.history.filter(external_id="b").count() == 1  # created, never touched again


def test_a_dry_run_after_an_import_reports_it_committed(imported, tmp_path):
    """How an operator tells whether a killed import committed (docs/deploy.md)."""
    report = import_csv(write_csv(tmp_path / "again.csv", imported), dry_run=True)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_the_command_says_what_it_did_and_that_it_committed(vocabulary, tmp_path, imported):
    out = StringIO()
    path = write_csv(tmp_path / "more.csv", [*imported, a_row(external_id="c", name="New")])

    call_command("import_listings", str(path), stdout=out)

    lines = out.getvalue().splitlines()
    assert "writing: 1 new, 0 changed, 2 unchanged" in lines[0]
    assert "committing" in lines[1]
    assert lines[-1] == "Committed: created 1, updated 0, unchanged 2."


def test_the_command_asks_postgresql_to_notice_a_dead_client(vocabulary, tmp_path, imported):
    call_command("import_listings", str(write_csv(tmp_path / "same.csv", imported)), stdout=StringIO())

    with connection.cursor() as cursor:
        cursor.execute("SHOW client_connection_check_interval")
        assert cursor.fetchone()[0] == "2s"


def test_an_import_that_changed_rows_analyzes_the_tables(vocabulary, tmp_path):
    rows = [a_row(external_id=f"n-{n}", name=f"Listing {n}") for n in range(5)]

    import_csv(write_csv(tmp_path / "new.csv", rows))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL AND relname IN %s",
            [("directory_listing", "directory_phone", "directory_historicallisting")],
        )
        assert len(cursor.fetchall()) == 3


def _database_url() -> str:
    database = settings.DATABASES["default"]
    user = quote(database["USER"]) + (":" + quote(database["PASSWORD"]) if database["PASSWORD"] else "")
    return f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


def test_sigterm_before_the_commit_rolls_back_and_says_so(vocabulary, tmp_path):
    rows = [a_row(external_id=f"bulk-{n}", name=f"Listing {n}", hours="Mon-Fri 09:00-17:00") for n in range(6000)]
    path = write_csv(tmp_path / "big.csv", rows)
    env = {**os.environ, "DATABASE_URL": _database_url(), "PYTHONUNBUFFERED": "1"}
    command = subprocess.Popen(
        [sys.executable, "manage.py", "import_listings", str(path)],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    progress = []
    for line in command.stdout:
        progress.append(line)
        if "writing:" in line:
            command.send_signal(signal.SIGTERM)
            break
    stdout, stderr = command.communicate(timeout=120)

    assert any("checked 5000 of 6000 rows" in line for line in progress)  # progress on a long file
    assert command.returncode == 1
    assert "Interrupted by SIGTERM: rolled back, nothing was imported." in stderr
    assert "Committed" not in stdout
    assert Listing.objects.count() == 0


def test_a_file_with_errors_says_nothing_was_imported(vocabulary, tmp_path):
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_listings", str(write_csv(tmp_path / "bad.csv", [a_row(zip="1")])), stderr=StringIO())
