import datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.exchange.csv_import import (
    COLUMNS,
    ImportFileError,
    import_csv,
    import_rows,
)
from directory.models import Language, Listing, OpeningHours, Organization, Phone
from tests.support import a_row, counts, write_csv

# Time is frozen where "not in the future" and "today" matter.
TODAY = datetime.datetime(2025, 6, 11, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def csv_file(tmp_path):
    def make(rows: list[dict[str, str]], **kwargs) -> Path:
        return write_csv(tmp_path / "listings.csv", rows, **kwargs)

    return make


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


# --- creating -------------------------------------------------------------------------------


def test_it_creates_a_listing_with_every_column(db, csv_file):
    path = csv_file(
        [
            a_row(
                description_es="Un refugio ficticio.",
                county="taos",
                address="1 Example Way",
                confidential_location="yes",
                latitude="36.4072",
                longitude="-105.5731",
                text="(505) 555-0101",
                tty="505-555-0102",
                hotline_24_7="no",
                hours="Mon-Fri 09:00-17:00",
                languages="en;es;nv",
                populations="women;families",
                website="https://example.org/shelter",
                email="help@example.org",
                fees="sliding-scale",
                eligibility="Adults.",
                eligibility_es="Personas adultas.",
                last_verified="2025-06-01",
            )
        ]
    )

    report = import_csv(path)

    assert (report.created, report.updated, report.errors) == (1, 0, [])
    listing = Listing.objects.get(external_id="nm-001")
    assert listing.organization.name == "Example Safe House"
    assert (listing.name, listing.slug, listing.status) == ("Example Shelter", "example-shelter-taos", "published")
    assert (listing.description, listing.description_es) == ("A fictional shelter.", "Un refugio ficticio.")
    assert sorted(listing.service_types.values_list("slug", flat=True)) == ["hotline", "shelter"]
    assert sorted(listing.counties_served.values_list("slug", flat=True)) == ["rio-arriba", "taos"]
    assert not listing.statewide
    assert (listing.county.slug, listing.address, listing.city, listing.zip) == (
        "taos",
        "1 Example Way",
        "Taos",
        "87571",
    )
    assert listing.confidential_location and not listing.hotline_24_7 and not listing.open_24_7
    assert (listing.latitude, listing.longitude) == (36.4072, -105.5731)
    assert sorted(listing.languages.values_list("code", flat=True)) == ["en", "es", "nv"]
    assert sorted(listing.populations.values_list("slug", flat=True)) == ["families", "women"]
    assert (listing.website, listing.email, listing.fees) == (
        "https://example.org/shelter",
        "help@example.org",
        "sliding-scale",
    )
    assert (listing.eligibility, listing.eligibility_es) == ("Adults.", "Personas adultas.")
    assert listing.last_verified == datetime.date(2025, 6, 1)
    assert listing.hours.count() == 5


def test_defaults_are_draft_and_never_verified(db):
    report = import_rows([a_row(status="", last_verified="")])

    assert report.errors == []
    listing = Listing.objects.get()
    assert listing.status == Listing.Status.DRAFT
    assert listing.last_verified is None
    assert not listing.confidential_location


def test_a_confidential_location_is_measured_from_its_town_not_its_point(db):
    import_rows([a_row(confidential_location="yes", latitude="36.5", longitude="-105.9")])

    listing = Listing.objects.get()
    assert (listing.latitude, listing.longitude) == (36.5, -105.9)
    assert listing.distance_latitude is not None
    assert (listing.distance_latitude, listing.distance_longitude) != (36.5, -105.9)


def test_a_public_location_is_measured_from_its_coordinates(db):
    import_rows([a_row(latitude="36.5", longitude="-105.9")])

    listing = Listing.objects.get()
    assert (listing.distance_latitude, listing.distance_longitude) == (36.5, -105.9)


def test_statewide_sets_statewide_and_no_counties(db):
    import_rows([a_row(counties_served="statewide")])

    listing = Listing.objects.get()
    assert listing.statewide
    assert listing.counties_served.count() == 0


def test_the_county_comes_from_the_zip_when_not_given(db):
    import_rows([a_row(county="", zip="88001", city="Las Cruces")])

    assert Listing.objects.get().county.slug == "dona-ana"


def test_a_given_county_wins_over_the_zip(db):
    import_rows([a_row(county="sierra", zip="88001")])

    assert Listing.objects.get().county.slug == "sierra"


def test_hours_are_stored_one_row_per_weekday_interval(db):
    import_rows([a_row(hours="Mon-Fri 09:00-17:00; Sat 10:00-14:00")])

    listing = Listing.objects.get()
    stored = [(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in listing.hours.all()]
    assert stored == [*[(day, "09:00", "17:00") for day in range(5)], (5, "10:00", "14:00")]
    assert not listing.open_24_7


def test_overnight_hours_are_stored_as_closing_before_opening(db):
    import_rows([a_row(hours="Fri 20:00-02:00")])

    hours = Listing.objects.get().hours.get()
    assert (hours.weekday, hours.opens, hours.closes) == (4, datetime.time(20), datetime.time(2))
    assert hours.overnight


def test_24_7_hours_set_open_24_7_without_hour_rows(db):
    import_rows([a_row(hours="24/7")])

    listing = Listing.objects.get()
    assert listing.open_24_7
    assert listing.hours.count() == 0


def test_phones_are_normalized_and_a_text_short_code_is_kept(db):
    import_rows([a_row(phone="(505) 555-0100", text="233733", tty="505.555.0102")])

    phones = list(Listing.objects.get().phones.values_list("kind", "number"))
    assert phones == [("voice", "+15055550100"), ("text", "233733"), ("tty", "+15055550102")]


def test_new_languages_are_created_with_their_english_names(db):
    import_rows([a_row(languages="es;nv;spa")])

    listing = Listing.objects.get()
    assert sorted(listing.languages.values_list("code", "name")) == [("es", "Spanish"), ("nv", "Navajo")]


def test_an_existing_organization_is_reused_and_gets_a_website_only_if_it_has_none(db):
    kept = Organization.objects.create(name="Has Website", website="https://kept.example.org")
    Organization.objects.create(name="No Website")

    import_rows(
        [
            a_row(external_id="a", organization="Has Website", website="https://new.example.org"),
            a_row(external_id="b", organization="No Website", website="https://filled.example.org"),
            a_row(external_id="c", organization="Brand New", website="example.org/brand"),
        ]
    )

    assert Organization.objects.count() == 3
    assert Organization.objects.get(pk=kept.pk).website == "https://kept.example.org"
    assert Organization.objects.get(name="No Website").website == "https://filled.example.org"
    assert Organization.objects.get(name="Brand New").website == "https://example.org/brand"
    assert Listing.objects.get(external_id="a").website == "https://new.example.org"


def test_slugs_are_unique_across_the_database_and_the_file(db, make_listing):
    make_listing(slug="example-shelter-taos")

    import_rows([a_row(external_id="a"), a_row(external_id="b"), a_row(external_id="c", city="")])

    slugs = dict(Listing.objects.filter(external_id__isnull=False).values_list("external_id", "slug"))
    assert slugs == {
        "a": "example-shelter-taos-2",
        "b": "example-shelter-taos-3",
        "c": "example-shelter-example-safe-house",
    }


def test_history_records_the_import(db):
    import_rows([a_row()])
    import_rows([a_row(name="Renamed Shelter")])

    history = Listing.objects.get().history.order_by("history_date", "history_id")
    assert [(h.history_type, h.name, h.history_change_reason) for h in history] == [
        ("+", "Example Shelter", "CSV import"),
        ("~", "Renamed Shelter", "CSV import"),
    ]
    assert [h.history_type for h in Organization.objects.get().history.all()] == ["+"]


def test_an_organization_given_a_website_gets_a_history_record_with_its_members(db, reviewer):
    organization = Organization.objects.create(name="Example Safe House")
    organization.members.add(reviewer)

    import_rows([a_row(website="https://example.org")])

    record = organization.history.order_by("history_date", "history_id").last()
    assert (record.history_type, record.website) == ("~", "https://example.org")
    assert [row.user_id for row in record.members.all()] == [reviewer.pk]


def test_each_history_record_snapshots_the_imported_relations(db):
    import_rows([a_row(service_types="shelter", counties_served="taos", languages="es", populations="women")])
    import_rows([a_row(service_types="legal-aid;youth", counties_served="statewide", languages="", populations="men")])

    first, second = Listing.objects.get().history.order_by("history_date", "history_id")
    assert [row.servicetype.slug for row in first.service_types.all()] == ["shelter"]
    assert [row.county.slug for row in first.counties_served.all()] == ["taos"]
    assert [row.language.code for row in first.languages.all()] == ["es"]
    assert [row.population.slug for row in first.populations.all()] == ["women"]
    assert sorted(row.servicetype.slug for row in second.service_types.all()) == ["legal-aid", "youth"]
    assert second.counties_served.count() == 0 and second.languages.count() == 0
    assert [row.population.slug for row in second.populations.all()] == ["men"]


def test_phones_and_hours_get_history_and_unchanged_ones_are_kept(db):
    import_rows([a_row(phone="505-555-0100", tty="505-555-0102", hours="Mon-Tue 09:00-17:00")])
    listing = Listing.objects.get()
    voice = listing.phones.get(kind="voice")
    monday = listing.hours.get(weekday=0)

    import_rows([a_row(phone="505-555-0100", tty="505-555-0199", hours="Mon 09:00-17:00; Wed 09:00-12:00")])

    assert listing.phones.get(kind="voice").pk == voice.pk
    assert listing.hours.get(weekday=0).pk == monday.pk
    assert sorted(Phone.history.values_list("number", "history_type")) == [
        ("+15055550100", "+"),
        ("+15055550102", "+"),
        ("+15055550102", "-"),
        ("+15055550199", "+"),
    ]
    assert sorted(OpeningHours.history.values_list("weekday", "history_type")) == [
        (0, "+"),
        (1, "+"),
        (1, "-"),
        (2, "+"),
    ]
    assert {h.history_change_reason for h in Phone.history.all()} == {"CSV import"}


def test_the_search_vector_is_filled(db):
    if connection.vendor != "postgresql":
        pytest.skip("the search vector is PostgreSQL only")

    import_rows([a_row(name="Casa Esperanza")])

    assert Listing.objects.filter(search_vector__isnull=False).count() == 1
    assert Listing.objects.filter(search_vector="esperanza").exists()


def test_blank_rows_are_skipped_and_keep_the_numbering(db, csv_file):
    blank = {column: "" for column in COLUMNS}
    path = csv_file([a_row(external_id="a"), blank, a_row(external_id="b", zip="1")])

    report = import_csv(path)

    assert report.errors == ["row 4, column zip: “1” is not a New Mexico ZIP code of 5 digits."]


def test_a_byte_order_mark_is_tolerated(db, csv_file):
    path = csv_file([a_row()], encoding="utf-8-sig")

    assert import_csv(path).created == 1


def test_import_rows_with_no_rows_does_nothing(db):
    assert import_rows([]) == import_rows([], dry_run=True)
    assert Listing.objects.count() == 0


# --- re-importing -----------------------------------------------------------------------------


def test_reimport_updates_in_place(db):
    import_rows(
        [a_row(phone="505-555-0100", hours="Mon 09:00-17:00", languages="es", populations="women", zip="87571")]
    )
    before = Listing.objects.get()

    report = import_rows(
        [
            a_row(
                name="Renamed Shelter",
                service_types="legal-aid",
                counties_served="statewide",
                phone="505-555-0199",
                hours="24/7",
                languages="nv",
                populations="men",
                zip="87501",
                city="Santa Fe",
            )
        ]
    )

    assert (report.created, report.updated) == (0, 1)
    after = Listing.objects.get()
    assert (after.pk, after.slug, after.name) == (before.pk, before.slug, "Renamed Shelter")
    assert list(after.service_types.values_list("slug", flat=True)) == ["legal-aid"]
    assert after.statewide and after.counties_served.count() == 0
    assert list(after.phones.values_list("kind", "number")) == [("voice", "+15055550199")]
    assert after.open_24_7 and after.hours.count() == 0
    assert list(after.languages.values_list("code", flat=True)) == ["nv"]
    assert list(after.populations.values_list("slug", flat=True)) == ["men"]
    assert after.county.slug == "santa-fe"
    assert after.distance_latitude != before.distance_latitude
    assert Phone.objects.count() == 1


def test_reimporting_the_same_file_duplicates_nothing(db, csv_file):
    path = csv_file([a_row(external_id="a", hours="Mon-Fri 09:00-17:00"), a_row(external_id="b", text="233733")])
    import_csv(path)
    before = counts()

    report = import_csv(path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert counts() == before  # unchanged rows write nothing, not even history (tests/test_import_unchanged.py)


def test_a_column_left_out_of_the_file_is_left_alone_on_update(db, csv_file, tmp_path):
    import_rows([a_row(status="published", hours="Mon 09:00-17:00", tty="505-555-0102")])
    header = [c for c in COLUMNS if c not in ("status", "hours", "tty")]

    import_csv(write_csv(tmp_path / "partial.csv", [a_row(name="Renamed")], header=header))

    listing = Listing.objects.get()
    assert (listing.name, listing.status) == ("Renamed", "published")
    assert listing.hours.count() == 1
    assert sorted(listing.phones.values_list("kind", flat=True)) == ["tty", "voice"]


def test_a_blank_cell_clears_the_value_on_update(db):
    import_rows([a_row(hours="Mon 09:00-17:00", tty="505-555-0102", email="a@example.org")])

    import_rows([a_row(hours="", tty="", email="")])

    listing = Listing.objects.get()
    assert listing.hours.count() == 0
    assert list(listing.phones.values_list("kind", flat=True)) == ["voice"]
    assert listing.email == ""


def test_a_new_verification_date_clears_who_verified(db, reviewer):
    import_rows([a_row(last_verified="2025-01-01")])
    Listing.objects.update(verified_by=reviewer)

    import_rows([a_row(last_verified="2025-01-01", name="Same date")])
    assert Listing.objects.get().verified_by == reviewer

    import_rows([a_row(last_verified="2025-06-01")])
    assert Listing.objects.get().verified_by is None


# --- errors -----------------------------------------------------------------------------------

BAD_CELLS = [
    ("external_id", "", "a value is required"),
    ("organization", "", "a value is required"),
    ("name", "", "a value is required"),
    ("name", "x" * 201, "“" + "x" * 60 + "…” is longer than 200 characters (201)."),
    ("description", "  ", "a value is required"),
    ("service_types", "", "a value is required"),
    ("service_types", "shelter;sheltr", "'sheltr' is not a service type (use: basic-needs, case-management,"),
    ("counties_served", "", "a value is required"),
    ("counties_served", "taos;gotham", "'gotham' is not a county (use: bernalillo,"),
    ("counties_served", "statewide;taos", "'statewide' cannot be combined with county slugs"),
    ("county", "gotham", "'gotham' is not a county"),
    ("populations", "women;aliens", "'aliens' is not a population"),
    ("fees", "cheap", "“cheap” is not one of: free, sliding-scale, fee."),
    ("status", "archived", "“archived” is not one of: draft, published."),
    ("zip", "8757", "“8757” is not a New Mexico ZIP code of 5 digits."),
    ("zip", "87571-1234", "“87571-1234” is not a New Mexico ZIP code of 5 digits."),
    ("zip", "10001", "“10001” is not a New Mexico ZIP code of 5 digits."),
    ("phone", "555-01", "“555-01” is not a US phone number such as (505) 555-0100."),
    ("phone", "233733", "“233733” is not a US phone number such as (505) 555-0100."),
    ("text", "12", "“12” is not a US phone number such as (505) 555-0100, or an SMS short code such as 233733."),
    ("tty", "call us", "“call us” is not a US phone number"),
    ("hours", "Mon-Fri 9 to 5", "“Mon-Fri 9 to 5” is not like “Mon-Fri 09:00-17:00; Sat 10:00-14:00”"),
    ("hours", "Mon 25:00-26:00", "“25:00” is not a time of day from 00:00 to 23:59."),
    ("last_verified", "06/01/2025", "“06/01/2025” is not a date like 2025-01-31 (YYYY-MM-DD), today or earlier."),
    ("last_verified", "2025-02-30", "“2025-02-30” is not a date like 2025-01-31 (YYYY-MM-DD), today or earlier."),
    ("last_verified", "2025-06-12", "“2025-06-12” is not a date like 2025-01-31 (YYYY-MM-DD), today or earlier."),
    ("confidential_location", "y", "“y” is not yes or no."),
    ("hotline_24_7", "true", "“true” is not yes or no."),
    ("languages", "es;elvish", "We do not know the language “elvish”: give its ISO 639 code"),
    ("website", "not a web site", "“not a web site” is not a web address such as https://example.org."),
    ("website", "ftp://example.org", "“ftp://example.org” is not a web address such as https://example.org."),
    ("email", "help@", "“help@” is not an email address."),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_CELLS)
def test_a_bad_cell_is_reported_and_nothing_is_written(db, csv_file, column, value, message):
    path = csv_file([a_row(external_id="good"), {**a_row(external_id="bad"), column: value}])
    before = counts()

    report = import_csv(path)

    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"row 3, column {column}: {message}")
    assert (report.created, report.updated) == (0, 0)
    assert counts() == before


NOT_A_LATITUDE = "is not a latitude in New Mexico: decimal degrees from 31.3 to 37.1."
NOT_A_LONGITUDE = "is not a longitude in New Mexico: decimal degrees from -109.1 to -103.0."


@pytest.mark.parametrize(
    ("latitude", "longitude", "error"),
    [
        ("north", "-105.9", "row 2, column latitude: “north” " + NOT_A_LATITUDE),
        ("40.7", "-105.9", "row 2, column latitude: “40.7” " + NOT_A_LATITUDE),
        ("36.5", "105.9", "row 2, column longitude: “105.9” " + NOT_A_LONGITUDE),
        ("nan", "-105.9", "row 2, column latitude: “nan” " + NOT_A_LATITUDE),
        ("36.5", "", "row 2, column longitude: required when latitude is given (give both or neither)"),
        ("", "-105.9", "row 2, column latitude: required when longitude is given (give both or neither)"),
    ],
)
def test_bad_coordinates_are_reported(db, latitude, longitude, error):
    report = import_rows([a_row(latitude=latitude, longitude=longitude)])

    assert report.errors == [error]
    assert Listing.objects.count() == 0


def test_a_duplicate_external_id_names_the_first_row(db):
    report = import_rows([a_row(external_id="x"), a_row(external_id="y"), a_row(external_id="x")])

    assert report.errors == ["row 4, column external_id: 'x' is also on row 2"]
    assert Listing.objects.count() == 0


def test_header_errors_are_reported_on_row_1(db, csv_file):
    header = [c for c in COLUMNS if c != "description"] + ["colour", "name", "servce_types"]
    path = csv_file([a_row()], header=header)

    report = import_csv(path)

    assert report.errors == [
        "row 1, column colour: unknown column",
        "row 1, column name: duplicated column",
        "row 1, column servce_types: unknown column (did you mean 'service_types'?)",
        "row 1, column description: required column is missing",
    ]
    assert Listing.objects.count() == 0


def test_header_errors_and_row_errors_are_reported_together(db, csv_file):
    header = [c for c in COLUMNS if c != "description"] + ["colour"]
    path = csv_file([a_row(), a_row(external_id="b", zip="x")], header=header)

    report = import_csv(path)

    assert report.errors == [
        "row 1, column colour: unknown column",
        "row 1, column description: required column is missing",
        "row 3, column zip: “x” is not a New Mexico ZIP code of 5 digits.",
    ]


def test_an_unknown_key_in_row_dicts_is_an_unknown_column(db):
    report = import_rows([{**a_row(), "colour": "red"}])

    assert report.errors == ["row 1, column colour: unknown column"]


def test_a_value_in_a_column_without_a_name_is_an_error_but_blank_ones_are_fine(db, tmp_path):
    path = tmp_path / "extra.csv"
    header = list(COLUMNS)
    lines = [
        ",".join([*header, ""]),
        ",".join([*(f'"{v}"' for v in a_row(external_id="a").values()), ""]),
        ",".join([*(f'"{v}"' for v in a_row(external_id="b").values()), "oops", "again"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = import_csv(path)

    column = len(COLUMNS) + 1
    assert report.errors == [
        f"row 3, column #{column}: a value in a column with no name in the header",
        f"row 3, column #{column + 1}: a value in a column with no name in the header",
    ]


def test_every_error_of_every_row_is_reported_at_once(db, csv_file):
    path = csv_file(
        [
            a_row(external_id="a", zip="10001", phone="12"),
            a_row(external_id="b"),
            a_row(external_id="c", service_types="", hours="always", email="nope"),
            a_row(external_id="a"),
        ]
    )

    report = import_csv(path)

    assert report.errors == [
        "row 2, column zip: “10001” is not a New Mexico ZIP code of 5 digits.",
        "row 2, column phone: “12” is not a US phone number such as (505) 555-0100.",
        "row 4, column service_types: a value is required",
        "row 4, column hours: “always” is not like “Mon-Fri 09:00-17:00; Sat 10:00-14:00”, “Fri 20:00-02:00” or “24/7”.",
        "row 4, column email: “nope” is not an email address.",
        "row 5, column external_id: 'a' is also on row 2",
    ]
    assert Listing.objects.count() == 0


def test_an_invalid_row_stops_valid_updates_too(db):
    import_rows([a_row(name="Original")])

    report = import_rows([a_row(name="Changed"), a_row(external_id="bad", zip="1")])

    assert report.errors
    assert Listing.objects.get().name == "Original"


def test_a_file_that_is_not_utf8_is_refused(db, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(",".join(COLUMNS).encode() + "\nnm-1,Española".encode("latin-1"))

    with pytest.raises(ImportFileError, match="is not UTF-8 text \\(line 2 has byte 0xf1\\)"):
        import_csv(path)


def test_an_empty_file_reports_the_missing_columns(db, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")

    report = import_csv(path)

    assert report.errors[0] == "row 1, column external_id: required column is missing"


# --- dry run ----------------------------------------------------------------------------------


def test_dry_run_writes_nothing_and_reports_what_it_would_do(db, csv_file):
    import_rows([a_row(external_id="old"), a_row(external_id="same")])
    before = counts()
    renamed, same = a_row(external_id="old", name="Renamed"), a_row(external_id="same")
    path = csv_file([renamed, same, a_row(external_id="new-1"), a_row(external_id="new-2")])

    report = import_csv(path, dry_run=True)

    assert (report.created, report.updated, report.unchanged, report.errors) == (2, 1, 1, [])
    assert counts() == before


def test_dry_run_reports_errors_like_a_real_run(db, csv_file):
    path = csv_file([a_row(zip="1")])

    assert import_csv(path, dry_run=True).errors == ["row 2, column zip: “1” is not a New Mexico ZIP code of 5 digits."]


# --- speed ------------------------------------------------------------------------------------


def rows_for(count: int, *, prefix: str) -> list[dict[str, str]]:
    return [
        a_row(
            external_id=f"{prefix}-{n}",
            organization=f"{prefix} organization {n % 3}",
            hours="Mon-Fri 09:00-17:00",
            languages="es",
            populations="women",
            text="233733",
        )
        for n in range(count)
    ]


def queries_for(rows: list[dict[str, str]]) -> int:
    with CaptureQueriesContext(connection) as context:
        report = import_rows(rows)
    assert report.errors == []
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(db):
    Language.objects.create(code="es", name="Spanish")

    creating = queries_for(rows_for(3, prefix="few")), queries_for(rows_for(30, prefix="many"))
    updating = queries_for(rows_for(3, prefix="few")), queries_for(rows_for(30, prefix="many"))

    assert creating[0] == creating[1]
    assert updating[0] == updating[1]


# --- the command ------------------------------------------------------------------------------


def test_the_command_imports_and_says_what_it_did(db, csv_file):
    path = csv_file([a_row(external_id="a"), a_row(external_id="b")])
    out = StringIO()

    call_command("import_listings", str(path), stdout=out)

    assert out.getvalue().splitlines()[-1] == "Committed: created 2, updated 0, unchanged 0."
    assert Listing.objects.count() == 2


def test_the_command_dry_run_says_what_it_would_do(db, csv_file):
    path = csv_file([a_row()])
    out = StringIO()

    call_command("import_listings", str(path), "--dry-run", stdout=out)

    assert out.getvalue().strip() == "Dry run: would have created 1, updated 0, unchanged 0; nothing was written."
    assert Listing.objects.count() == 0


def test_the_command_prints_every_error_and_fails(db, csv_file):
    path = csv_file([a_row(zip="1", phone="2")])
    err = StringIO()

    with pytest.raises(CommandError, match="^2 errors; nothing was imported.$"):
        call_command("import_listings", str(path), stderr=err)

    assert err.getvalue().splitlines() == [
        "row 2, column zip: “1” is not a New Mexico ZIP code of 5 digits.",
        "row 2, column phone: “2” is not a US phone number such as (505) 555-0100.",
    ]
    assert Listing.objects.count() == 0


def test_the_command_refuses_a_file_that_is_not_utf8(db, tmp_path):
    path = tmp_path / "cp1252.csv"
    path.write_bytes("external_id,name\nx,Peña".encode("cp1252"))

    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("import_listings", str(path))


def test_the_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read .*missing.csv: No such file or directory"):
        call_command("import_listings", str(tmp_path / "missing.csv"))


def test_the_command_refuses_a_directory(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_listings", str(tmp_path))
