"""consistency.py's checks in the CSV and HSDS importers: errors refuse the file with
`row N, column C`, warnings are reported and the row imported."""

import pytest
from django.utils import translation

from directory.exchange.csv_import import ImportObserver, import_rows
from directory.exchange.hsds.export import export_package
from directory.exchange.hsds.importer import import_package
from directory.models import Listing
from tests.support import a_row


class Recorder(ImportObserver):
    def __init__(self) -> None:
        self.messages: list[str] = []

    def progress(self, message: str) -> None:
        self.messages.append(message)


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_answering_24_7_beside_weekday_hours_refuses_the_file(db):
    report = import_rows([a_row(), a_row(external_id="nm-002", hotline_24_7="yes", hours="Mon-Fri 09:00-17:00")])

    assert report.errors == [
        "row 3, column hotline_24_7: “Answers 24/7” is ticked, but the hours say it is open on some days or times "
        "only. Untick it, or set the hours to 24/7."
    ]
    assert not Listing.objects.exists()


def test_overlapping_hours_refuse_the_file(db):
    report = import_rows([a_row(hours="Mon 09:00-17:00; Mon 16:00-18:00")])

    assert report.errors == ["row 2, column hours: The hours overlap on Monday: give each time once."]


def test_a_malformed_website_is_refused_as_before(db):
    (error,) = import_rows([a_row(website="not a url")]).errors

    assert error.startswith("row 2, column website:")


@pytest.mark.parametrize(
    ("overrides", "column"),
    [
        ({"phone": ""}, "phone"),
        ({"languages": "en;es", "description_es": ""}, "description_es"),
        ({"confidential_location": "yes", "city": "Nowhereville", "zip": ""}, "city"),
    ],
    ids=["shelter-without-phone", "spanish-without-description", "confidential-unknown-town"],
)
def test_what_is_missing_is_a_warning_and_the_row_is_imported(db, overrides, column):
    observer = Recorder()

    report = import_rows([a_row(**overrides)], observer=observer)

    assert report.errors == [] and report.created == 1
    assert any(message.startswith(f"row 2, column {column}: warning: ") for message in observer.messages)


def test_hsds_refuses_a_service_answering_24_7_beside_weekday_hours(make_listing, tmp_path):
    make_listing("Línea", service_types=["hotline"], hotline_24_7=True, hours=[(0, "09:00", "17:00")])
    export_package(tmp_path)

    report = import_package(tmp_path)

    (error,) = report.errors
    assert error.startswith("services.csv row 2, column id (its answers-24-7 attribute): “Answers 24/7” is ticked")


def test_hsds_reports_warnings_and_imports(make_listing, tmp_path):
    make_listing("Refugio", service_types=["shelter"], phones=[], languages=["es"])
    export_package(tmp_path)

    report = import_package(tmp_path)

    assert report.errors == [] and report.unchanged == 1  # its own export: nothing to change
    assert report.warnings == [
        "services.csv row 2, column id (its phones): A shelter needs a phone number people can call.",
        "services.csv row 2, column id (its Spanish description attribute): "
        "The service speaks Spanish: give its description in Spanish too.",
    ]
