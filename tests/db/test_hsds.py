import csv
import datetime
import json
import os
import re
import shutil
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.exchange.hsds import spec as hsds
from directory.exchange.hsds.export import export_package
from directory.exchange.hsds.importer import import_package
from directory.models import Language, Listing, OpeningHours, Organization, Phone
from tests.support import create_listing

EXPECTED = Path(__file__).parents[1] / "fixtures" / "hsds"
VERIFIED = datetime.date(2025, 5, 1)
# The confidential listing's place: none of it may appear in the package, in any form.
HIDDEN_ADDRESS = "1 Hidden Way"
HIDDEN_ZIP = "87571"
HIDDEN_LATITUDE, HIDDEN_LONGITUDE = 36.4072, -105.5731


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as file:
        return next(csv.reader(file))


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_csv(path: Path, change) -> None:
    """Apply change(rows) to a CSV file of the package, keeping its columns."""
    columns = header(path)
    rows = read_csv(path)
    change(rows)
    write_csv(path, rows, columns)


def export(directory: Path) -> Path:
    call_command("export_hsds", str(directory), stdout=StringIO())
    return directory


def run_import(directory: Path) -> str:
    out = StringIO()
    call_command("import_hsds", str(directory), stdout=out, stderr=StringIO())
    return out.getvalue()


def import_errors(directory: Path) -> list[str]:
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_hsds", str(directory), stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()


def empty_the_directory() -> None:
    Listing.objects.all().delete()  # phones, hours and links go with them
    Organization.objects.all().delete()
    Language.objects.all().delete()


def counts() -> dict[str, int]:
    models = [Listing, Organization, Phone, OpeningHours, Language, Listing.history.model]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def listings(shared_rows):
    """A public listing with everything, a confidential one, a statewide remote one, and two
    unpublished: built once for the module's tests (`shared_rows`, tests/conftest.py)."""

    def build() -> dict:
        public = create_listing(
            "Example Safe House",
            slug="example-safe-house",
            organization="Example Organization",
            service_types=["shelter", "counseling"],
            counties_served=["bernalillo", "sandoval"],
            county="bernalillo",
            languages=["en", "es"],
            populations=["women", "families"],
            phones=[("voice", "+15055550100"), ("text", "233733"), ("tty", "+15055550101")],
            hours=[*((day, "09:00", "17:00") for day in range(5)), (5, "10:00", "14:00"), (4, "20:00", "02:00")],
            description="A fictional shelter for trying the directory out.",
            description_es="Un refugio ficticio para probar el directorio.",
            address="100 Example Street NW",
            city="Albuquerque",
            zip="87102",
            latitude=35.0844,
            longitude=-106.6504,
            website="https://example.org/safe-house",
            email="help@example.org",
            fees="sliding-scale",
            eligibility="Adults 18 and over, and their children.",
            eligibility_es="Personas adultas de 18 años o más, y sus hijos.",
            last_verified=VERIFIED,
        )
        Organization.objects.filter(name="Example Organization").update(website="https://example.org")
        confidential = create_listing(
            "Example Hidden Shelter",
            slug="example-hidden-shelter",
            organization="Example Organization",
            service_types=["shelter", "hotline"],
            counties_served=["taos", "rio-arriba"],
            county="taos",
            phones=[("voice", "+15055550199")],
            address=HIDDEN_ADDRESS,
            city="Taos",
            zip=HIDDEN_ZIP,
            latitude=HIDDEN_LATITUDE,
            longitude=HIDDEN_LONGITUDE,
            confidential_location=True,
            hotline_24_7=True,
            open_24_7=True,
            fees="free",
            last_verified=VERIFIED,
        )
        statewide = create_listing(
            "Example Statewide Hotline",
            slug="example-statewide-hotline",
            organization="Example Hotline Network",
            service_types=["hotline", "legal-aid"],
            statewide=True,
            languages=["es", "nv"],
            populations=["immigrants"],
            phones=[("voice", "+15055550150"), ("text", "+15055550151")],
            hotline_24_7=True,
            open_24_7=True,
            fees="free",
            last_verified=VERIFIED,
        )
        draft = create_listing(
            "Example Draft Listing",
            slug="example-draft-listing",
            organization="Example Draft Organization",
            address="9 Draft Road",
            city="Santa Fe",
            zip="87501",
            phones=[("voice", "+15055550177")],
            status=Listing.Status.DRAFT,
        )
        archived = create_listing(
            "Example Archived Listing",
            slug="example-archived-listing",
            organization="Example Draft Organization",
            status=Listing.Status.ARCHIVED,
        )
        return dict(public=public, confidential=confidential, statewide=statewide, draft=draft, archived=archived)

    return shared_rows("listings", build)


@pytest.fixture
def package(tmp_path, listings) -> Path:
    return export(tmp_path / "package")


def service_id(listing: Listing) -> str:
    return hsds.stable_id("service", listing.slug)


def rows_of(package: Path, table: hsds.Table, **match: str) -> list[dict[str, str]]:
    return [row for row in read_csv(package / table.path) if all(row[k] == v for k, v in match.items())]


def term(taxonomy: hsds.Taxonomy, code: str) -> str:
    return hsds.term_id_for(taxonomy, code)


# --- the export -------------------------------------------------------------------------------


def test_the_export_matches_the_expected_files(package):
    if os.environ.get("UPDATE_HSDS_FIXTURES") == "1":  # after a deliberate change: review the diff
        shutil.copytree(package, EXPECTED, dirs_exist_ok=True)
    expected = sorted(path.name for path in EXPECTED.iterdir())
    assert sorted(path.name for path in package.iterdir()) == expected
    for name in expected:
        # Line endings compared apart, in case a checkout converts the expected files' CRLFs.
        assert _lf(package / name) == _lf(EXPECTED / name), name
    for table in hsds.TABLES:
        assert (package / table.path).read_bytes().count(b"\n") == (package / table.path).read_bytes().count(b"\r\n")


def _lf(path: Path) -> bytes:
    return path.read_bytes().replace(b"\r\n", b"\n")


def test_the_package_has_a_descriptor_and_the_hsds_files(package):
    assert sorted(path.name for path in package.iterdir()) == sorted(
        [
            "datapackage.json",
            "organizations.csv",
            "services.csv",
            "locations.csv",
            "service_at_location.csv",
            "addresses.csv",
            "phones.csv",
            "schedules.csv",
            "service_areas.csv",
            "languages.csv",
            "taxonomies.csv",
            "taxonomy_terms.csv",
            "attributes.csv",
        ]
    )


def test_every_csv_has_exactly_the_hsds_3_0_columns(package):
    for table in hsds.TABLES:
        assert header(package / table.path) == table.columns, table.path
    # Spot checks against the HSDS 3.0 specification itself, not our own constants.
    assert header(package / "services.csv")[:9] == [
        *("id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email"),
        "status",
    ]
    assert "fees_description" in header(package / "services.csv")
    assert header(package / "phones.csv")[-4:] == ["number", "extension", "type", "description"]
    assert header(package / "schedules.csv")[-6:-3] == ["description", "opens_at", "closes_at"]


def test_the_descriptor_lists_every_file_with_its_fields_and_their_types(package):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    assert re.fullmatch(r"[a-z0-9._-]+", descriptor["name"])
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert sorted(resource["path"] for resource in resources.values()) == sorted(
        path.name for path in package.glob("*.csv")
    )
    for resource in resources.values():
        assert resource["profile"] == "tabular-data-resource"
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8")
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header(package / resource["path"])
        for f in fields:
            assert f["type"] in ("string", "number", "date", "datetime", "time"), f
            assert f["format"] in ("default", "uuid", "email", "uri"), f
            assert f["type"] == "string" or f["format"] == "default", f
        assert resource["schema"]["primaryKey"] == "id"
        for key in resource["schema"].get("foreignKeys", []):
            target = resources[key["reference"]["resource"]]
            assert key["fields"] in [f["name"] for f in fields]
            assert key["reference"]["fields"] in [f["name"] for f in target["schema"]["fields"]]
    types = {f["name"]: (f["type"], f["format"]) for f in resources["schedule"]["schema"]["fields"]}
    assert types["opens_at"] == ("time", "default")
    assert types["service_id"] == ("string", "uuid")


def test_every_value_fits_its_declared_type_and_every_reference_resolves(package):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    ids = {r["name"]: {row["id"] for row in read_csv(package / r["path"])} for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        rows = read_csv(package / resource["path"])
        assert len(ids[resource["name"]]) == len(rows), f"{resource['path']}: ids are not unique"
        for row in rows:
            for f in resource["schema"]["fields"]:
                value = row[f["name"]]
                if not value:
                    continue
                if f["format"] == "uuid":
                    assert str(uuid.UUID(value)) == value
                elif f["type"] == "number":
                    float(value)
                elif f["type"] == "date":
                    datetime.date.fromisoformat(value)
                elif f["type"] == "time":
                    assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", value)
            for key in resource["schema"].get("foreignKeys", []):
                value = row[key["fields"]]
                assert not value or value in ids[key["reference"]["resource"]], (resource["path"], key)


def test_rows_are_in_id_order_and_two_exports_are_identical(package, tmp_path):
    for table in hsds.TABLES:
        row_ids = [row["id"] for row in read_csv(package / table.path)]
        assert row_ids == sorted(row_ids), table.path
    again = export(tmp_path / "again")
    for path in package.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_service_carries_the_listing_and_its_organization(package, listings):
    public = listings["public"]
    [service] = rows_of(package, hsds.SERVICES, id=service_id(public))
    [organization] = rows_of(package, hsds.ORGANIZATIONS, id=service["organization_id"])
    assert organization["name"] == "Example Organization"
    assert organization["website"] == "https://example.org"
    assert service["name"] == "Example Safe House"
    assert service["description"] == "A fictional shelter for trying the directory out."
    assert service["url"] == "https://example.org/safe-house"
    assert service["email"] == "help@example.org"
    assert service["status"] == "active"
    assert service["fees_description"] == "Sliding scale"
    assert service["eligibility_description"] == "Adults 18 and over, and their children."
    assert service["assured_date"] == "2025-05-01"


def test_a_public_place_is_a_location_with_an_address(package, listings):
    service = service_id(listings["public"])
    [link] = rows_of(package, hsds.SERVICE_AT_LOCATION, service_id=service)
    [location] = rows_of(package, hsds.LOCATIONS, id=link["location_id"])
    [address] = rows_of(package, hsds.ADDRESSES, location_id=location["id"])
    assert location["location_type"] == "physical"
    assert (location["latitude"], location["longitude"]) == ("35.0844", "-106.6504")
    assert address["address_1"] == "100 Example Street NW"
    assert (address["city"], address["region"]) == ("Albuquerque", "Bernalillo County")
    assert address["state_province"] == "NM"
    assert (address["postal_code"], address["country"], address["address_type"]) == ("87102", "US", "physical")


def test_hours_are_weekly_schedules_one_row_per_set_of_days_with_the_same_hours(package, listings):
    schedules = rows_of(package, hsds.SCHEDULES, service_id=service_id(listings["public"]))
    found = sorted((s["byday"], s["opens_at"], s["closes_at"], s["freq"]) for s in schedules)
    assert found == [
        ("FR", "20:00:00", "02:00:00", "WEEKLY"),  # overnight: closes the next morning
        ("MO,TU,WE,TH,FR", "09:00:00", "17:00:00", "WEEKLY"),
        ("SA", "10:00:00", "14:00:00", "WEEKLY"),
    ]
    assert {s["notes"] for s in schedules} == {"Times are New Mexico local time (America/Denver)."}


def test_open_24_7_is_every_day_from_midnight_to_23_59(package, listings):
    [schedule] = rows_of(package, hsds.SCHEDULES, service_id=service_id(listings["statewide"]))
    assert (schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "MO,TU,WE,TH,FR,SA,SU",
        "00:00:00",
        "23:59:00",
    )


def test_phones_keep_their_kind_as_an_hsds_phone_type(package, listings):
    phones = rows_of(package, hsds.PHONES, service_id=service_id(listings["public"]))
    assert sorted((p["type"], p["number"]) for p in phones) == [
        ("text", "233733"),
        ("textphone", "+15055550101"),
        ("voice", "+15055550100"),
    ]


def test_languages_spoken_are_languages_with_their_codes(package, listings):
    found = rows_of(package, hsds.LANGUAGES, service_id=service_id(listings["statewide"]))
    assert sorted((row["code"], row["name"]) for row in found) == [("es", "Spanish"), ("nv", "Navajo")]


def test_counties_served_and_statewide_are_service_areas(package, listings):
    public = rows_of(package, hsds.SERVICE_AREAS, service_id=service_id(listings["public"]))
    assert sorted(row["name"] for row in public) == ["Bernalillo County", "Sandoval County"]
    [statewide] = rows_of(package, hsds.SERVICE_AREAS, service_id=service_id(listings["statewide"]))
    assert statewide["name"] == "New Mexico"


def test_service_types_populations_fees_and_details_are_attributes_of_our_taxonomy_terms(package, listings):
    attributes = rows_of(package, hsds.ATTRIBUTES, link_id=service_id(listings["public"]))
    assert {row["link_entity"] for row in attributes} == {"service"}
    assert {row["taxonomy_term_id"] for row in attributes} == {
        term(hsds.TAXONOMY_SERVICE_TYPES, "shelter"),
        term(hsds.TAXONOMY_SERVICE_TYPES, "counseling"),
        term(hsds.TAXONOMY_POPULATIONS, "women"),
        term(hsds.TAXONOMY_POPULATIONS, "families"),
        term(hsds.TAXONOMY_FEES, "sliding-scale"),
        term(hsds.TAXONOMY_DETAILS, "description-es"),
        term(hsds.TAXONOMY_DETAILS, "eligibility-es"),
    }
    terms = {row["id"]: row for row in read_csv(package / "taxonomy_terms.csv")}
    shelter = terms[term(hsds.TAXONOMY_SERVICE_TYPES, "shelter")]
    assert (shelter["code"], shelter["name"], shelter["language"]) == ("shelter", "Emergency shelter", "en")
    [taxonomy] = rows_of(package, hsds.TAXONOMIES, id=shelter["taxonomy_id"])
    assert taxonomy["name"] == "New Mexico Survivor Resource Directory: Service types"
    # The whole vocabulary is there, used or not.
    assert len(terms) == 12 + 8 + 3 + 3


def test_the_spanish_description_is_the_value_of_an_attribute_and_nowhere_else(package, listings):
    spanish = term(hsds.TAXONOMY_DETAILS, "description-es")
    [attribute] = rows_of(package, hsds.ATTRIBUTES, link_id=service_id(listings["public"]), taxonomy_term_id=spanish)
    assert attribute["value"] == "Un refugio ficticio para probar el directorio."
    elsewhere = [p for p in package.iterdir() if p.name != "attributes.csv"]
    assert not any("Un refugio" in p.read_text(encoding="utf-8") for p in elsewhere)


def test_the_spanish_eligibility_is_a_language_variant_in_an_attribute(package, listings):
    spanish = term(hsds.TAXONOMY_DETAILS, "eligibility-es")
    [attribute] = rows_of(package, hsds.ATTRIBUTES, link_id=service_id(listings["public"]), taxonomy_term_id=spanish)
    assert attribute["value"] == "Personas adultas de 18 años o más, y sus hijos."
    [service] = rows_of(package, hsds.SERVICES, id=service_id(listings["public"]))
    assert service["eligibility_description"] == "Adults 18 and over, and their children."


def test_answering_24_7_is_an_attribute(package, listings):
    answers = term(hsds.TAXONOMY_DETAILS, "answers-24-7")
    assert {row["link_id"] for row in rows_of(package, hsds.ATTRIBUTES, taxonomy_term_id=answers)} == {
        service_id(listings["confidential"]),
        service_id(listings["statewide"]),
    }


def test_a_confidential_place_appears_in_no_file_in_any_form(package):
    text = "\n".join(path.read_text(encoding="utf-8") for path in package.iterdir())
    forbidden = [HIDDEN_ADDRESS, "Hidden Way", HIDDEN_ZIP]
    for coordinate in (HIDDEN_LATITUDE, HIDDEN_LONGITUDE):
        forbidden += [str(coordinate), str(abs(coordinate)), f"{coordinate:.3f}", f"{coordinate:.2f}"]
        forbidden += [f"{abs(coordinate):.3f}", f"{abs(coordinate):.2f}"]
    for value in forbidden:
        assert value not in text, value


def test_a_confidential_service_has_no_location_but_keeps_its_phones_and_service_areas(package, listings):
    service = service_id(listings["confidential"])
    assert rows_of(package, hsds.SERVICES, id=service)
    assert rows_of(package, hsds.SERVICE_AT_LOCATION, service_id=service) == []
    # One location each for the public listing only.
    assert len(read_csv(package / "locations.csv")) == len(read_csv(package / "addresses.csv")) == 1
    assert [p["number"] for p in rows_of(package, hsds.PHONES, service_id=service)] == ["+15055550199"]
    areas = rows_of(package, hsds.SERVICE_AREAS, service_id=service)
    assert sorted(a["name"] for a in areas) == ["Rio Arriba County", "Taos County"]


def test_drafts_and_archived_listings_and_their_organizations_are_left_out(package, listings):
    text = "\n".join(path.read_text(encoding="utf-8") for path in package.iterdir())
    for value in ("Example Draft Listing", "Example Archived Listing", "Example Draft Organization", "9 Draft Road"):
        assert value not in text
    assert "+15055550177" not in text
    assert len(read_csv(package / "services.csv")) == 3
    assert sorted(row["name"] for row in read_csv(package / "organizations.csv")) == [
        "Example Hotline Network",
        "Example Organization",
    ]


def test_the_number_of_queries_does_not_grow_with_the_listings(tmp_path, make_listing):
    make_listing(languages=["es"], counties_served=["taos"], hours=[(0, "09:00", "17:00")])
    with CaptureQueriesContext(connection) as one:
        export_package(tmp_path / "one")
    for _ in range(5):
        make_listing(languages=["es"], counties_served=["taos"], hours=[(0, "09:00", "17:00")])
    with CaptureQueriesContext(connection) as six:
        export_package(tmp_path / "six")
    assert len(six) == len(one) == 7


def test_the_export_command_says_how_many_services_it_wrote(tmp_path, listings):
    out = StringIO()
    call_command("export_hsds", str(tmp_path / "new" / "dir"), stdout=out)
    assert "Wrote 3 services" in out.getvalue()
    assert (tmp_path / "new" / "dir" / "datapackage.json").is_file()


def test_the_export_command_refuses_a_file_as_its_directory(tmp_path, db):
    target = tmp_path / "file.txt"
    target.write_text("")
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("export_hsds", str(target), stdout=StringIO())


# --- the import ---------------------------------------------------------------------------------


def test_export_import_into_an_emptied_database_and_export_again_is_byte_identical(package, tmp_path):
    empty_the_directory()
    assert "Created 3 listings, updated 0 listings, 0 unchanged." in run_import(package)
    again = export(tmp_path / "again")
    for path in package.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_an_imported_listing_has_every_field_and_relation(package, listings):
    empty_the_directory()
    run_import(package)
    listing = Listing.objects.get(external_id=f"hsds:{service_id(listings['public'])}")
    assert listing.status == Listing.Status.PUBLISHED
    assert listing.organization.name == "Example Organization"
    assert listing.organization.website == "https://example.org"
    assert (listing.name, listing.slug) == ("Example Safe House", "example-safe-house-albuquerque")
    assert listing.description_es == "Un refugio ficticio para probar el directorio."
    assert (listing.website, listing.email) == ("https://example.org/safe-house", "help@example.org")
    assert listing.fees == "sliding-scale"
    assert listing.eligibility == "Adults 18 and over, and their children."
    assert listing.eligibility_es == "Personas adultas de 18 años o más, y sus hijos."
    assert listing.last_verified == VERIFIED
    assert (listing.address, listing.city, listing.zip, listing.county.slug) == (
        "100 Example Street NW",
        "Albuquerque",
        "87102",
        "bernalillo",
    )
    assert (listing.latitude, listing.longitude) == (35.0844, -106.6504)
    assert (listing.distance_latitude, listing.distance_longitude) == (35.0844, -106.6504)
    assert not (listing.confidential_location or listing.statewide or listing.hotline_24_7 or listing.open_24_7)
    assert sorted(listing.service_types.values_list("slug", flat=True)) == ["counseling", "shelter"]
    assert sorted(listing.counties_served.values_list("slug", flat=True)) == ["bernalillo", "sandoval"]
    assert sorted(listing.populations.values_list("slug", flat=True)) == ["families", "women"]
    assert sorted(listing.languages.values_list("code", "name")) == [("en", "English"), ("es", "Spanish")]
    assert list(listing.phones.values_list("kind", "number")) == [
        ("voice", "+15055550100"),
        ("text", "233733"),
        ("tty", "+15055550101"),
    ]
    hours = [(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in listing.hours.all()]
    assert hours == [
        *((day, "09:00", "17:00") for day in range(4)),
        (4, "09:00", "17:00"),
        (4, "20:00", "02:00"),
        (5, "10:00", "14:00"),
    ]
    assert listing.history.get().history_change_reason == "HSDS import"
    assert listing.search_vector


def test_an_imported_confidential_service_has_no_place_but_its_flags_and_areas(package, listings):
    empty_the_directory()
    run_import(package)
    listing = Listing.objects.get(external_id=f"hsds:{service_id(listings['confidential'])}")
    assert (listing.address, listing.zip, listing.latitude, listing.county) == ("", "", None, None)
    assert listing.hotline_24_7 and listing.open_24_7
    assert not listing.hours.exists()
    assert sorted(listing.counties_served.values_list("slug", flat=True)) == ["rio-arriba", "taos"]


def test_importing_twice_duplicates_nothing_and_writes_nothing(package):
    empty_the_directory()
    run_import(package)
    before = counts()
    slugs = set(Listing.objects.values_list("slug", flat=True))
    assert "Created 0 listings, updated 0 listings, 3 unchanged." in run_import(package)
    assert counts() == before  # not even a history record: nothing changed
    assert set(Listing.objects.values_list("slug", flat=True)) == slugs


def test_importing_an_export_into_its_own_database_updates_the_listings_it_came_from(package, listings):
    listings["public"].name = "Renamed Since The Export"
    listings["public"].save()
    before = counts()
    # Only the renamed listing: the confidential one keeps the place the package leaves out.
    assert "Created 0 listings, updated 1 listing, 2 unchanged." in run_import(package)
    after = counts()
    assert after.pop("HistoricalListing") == before.pop("HistoricalListing") + 1
    assert after == before
    listings["public"].refresh_from_db()
    assert listings["public"].name == "Example Safe House"
    assert listings["public"].external_id is None  # still exported under the same id
    hidden = Listing.objects.get(pk=listings["confidential"].pk)
    assert (hidden.address, hidden.city, hidden.zip, hidden.county.slug) == (HIDDEN_ADDRESS, "Taos", HIDDEN_ZIP, "taos")
    assert (hidden.latitude, hidden.longitude) == (HIDDEN_LATITUDE, HIDDEN_LONGITUDE)


def test_an_update_keeps_a_listings_confidential_flag(package, listings):
    empty_the_directory()
    run_import(package)
    listing = Listing.objects.get(external_id=f"hsds:{service_id(listings['public'])}")
    listing.confidential_location = True
    listing.save()
    run_import(package)
    listing.refresh_from_db()
    assert listing.confidential_location
    assert (listing.distance_latitude, listing.distance_longitude) != (35.0844, -106.6504)


@pytest.mark.parametrize(
    ("status", "expected"),
    [("active", "published"), ("inactive", "archived"), ("defunct", "archived"), ("temporarily closed", "archived")],
)
def test_the_listing_status_comes_from_the_service_status(package, status, expected):
    empty_the_directory()
    edit_csv(package / "services.csv", lambda rows: [row.update(status=status) for row in rows])
    run_import(package)
    assert set(Listing.objects.values_list("status", flat=True)) == {expected}


def test_the_number_of_import_queries_does_not_grow_with_the_services(tmp_path, make_listing):
    def queries_to_import(count: int) -> int:
        for _ in range(count):
            make_listing(
                languages=["es"], counties_served=["taos"], hours=[(0, "09:00", "17:00")], city="Taos", address="1 A St"
            )
        package = export(tmp_path / str(count))
        empty_the_directory()
        with CaptureQueriesContext(connection) as queries:
            import_package(package)
        assert Listing.objects.count() == count
        empty_the_directory()
        return len(queries)

    assert queries_to_import(1) == queries_to_import(6)


def test_rows_of_other_entities_are_passed_over(package):
    empty_the_directory()

    def add_an_organization_phone(rows):
        organization = read_csv(package / "organizations.csv")[0]["id"]
        rows.append({"id": str(uuid.uuid4()), "organization_id": organization, "number": "+15055550123", "type": "fax"})

    edit_csv(package / "phones.csv", add_an_organization_phone)
    run_import(package)
    assert not Phone.objects.filter(number="+15055550123").exists()


# --- a corrupt package ----------------------------------------------------------------------


@pytest.fixture
def imported_once(package):
    """The package imported into an emptied database, so a rejected re-import could change something."""
    empty_the_directory()
    run_import(package)
    return package


def test_a_missing_file_is_rejected_and_nothing_is_written(imported_once):
    (imported_once / "phones.csv").unlink()
    (imported_once / "datapackage.json").unlink()
    before = counts()
    assert import_errors(imported_once) == ["datapackage.json: the file is missing", "phones.csv: the file is missing"]
    assert counts() == before


def test_a_missing_column_is_rejected_on_row_1(imported_once):
    path = imported_once / "schedules.csv"
    columns = [c for c in header(path) if c not in ("opens_at", "byday")]
    write_csv(path, [{c: row[c] for c in columns} for row in read_csv(path)], columns)
    before = counts()
    assert import_errors(imported_once) == [
        "schedules.csv row 1, column byday: the column is missing",
        "schedules.csv row 1, column opens_at: the column is missing",
    ]
    assert counts() == before


def test_a_service_with_an_unknown_organization_is_rejected(imported_once):
    unknown = "00000000-0000-4000-8000-000000000000"
    edit_csv(imported_once / "services.csv", lambda rows: rows[1].update(organization_id=unknown))
    before = counts()
    assert import_errors(imported_once) == [
        f"services.csv row 3, column organization_id: no organization has id {unknown} in organizations.csv"
    ]
    assert counts() == before


def test_a_bad_time_is_rejected(imported_once):
    edit_csv(imported_once / "schedules.csv", lambda rows: rows[0].update(opens_at="25:00"))
    before = counts()
    assert import_errors(imported_once) == [
        "schedules.csv row 2, column opens_at: "
        "“25:00” is not a time of day from 00:00 to 23:59."
    ]
    assert counts() == before


def test_a_bad_uuid_is_rejected(imported_once):
    edit_csv(imported_once / "phones.csv", lambda rows: rows[0].update(id="phone-1"))
    before = counts()
    assert import_errors(imported_once) == [
        "phones.csv row 2, column id: 'phone-1' is not a UUID (like 3f7b145d-84af-42d7-8fae-eaca714b02b2)"
    ]
    assert counts() == before


@pytest.mark.parametrize(
    ("path", "column", "value", "message"),
    [
        ("services.csv", "name", "", "a value is required"),
        ("services.csv", "status", "closed", "“closed” is not one of: active, inactive, defunct, temporarily closed."),
        ("services.csv", "url", "not a url", "“not a url” is not a web address such as https://example.org."),
        ("services.csv", "assured_date", "01/05/2025", "“01/05/2025” is not a date like 2025-01-31"),
        ("locations.csv", "latitude", "51.5", "“51.5” is not a latitude in New Mexico"),
        ("addresses.csv", "postal_code", "10001", "“10001” is not a New Mexico ZIP code of 5 digits."),
        ("addresses.csv", "region", "Maricopa County", "'Maricopa County' is not a New Mexico county"),
        ("phones.csv", "number", "555", "“555” is not a US phone number such as (505) 555-0100"),
        ("phones.csv", "type", "fax", "“fax” is not one of: voice, cell, text, textphone."),
        ("schedules.csv", "byday", "MON", "'MON': not weekdays"),
        ("schedules.csv", "freq", "MONTHLY", "only WEEKLY schedules can be imported"),
        ("service_areas.csv", "name", "Arizona", "'Arizona' is not a New Mexico county"),
        ("languages.csv", "code", "xx", "“xx” is not an ISO 639 language code such as “es” or “nv”."),
        ("taxonomy_terms.csv", "code", "spa-day", "'spa-day' is not a term of our"),
        ("attributes.csv", "taxonomy_term_id", "00000000-0000-4000-8000-000000000000", "no taxonomy_term has id"),
        ("service_at_location.csv", "location_id", "00000000-0000-4000-8000-000000000000", "no location has id"),
    ],
)
def test_a_bad_value_is_reported_with_its_file_row_and_column(imported_once, path, column, value, message):
    edit_csv(imported_once / path, lambda rows: rows[0].update({column: value}))
    before = counts()
    errors = import_errors(imported_once)
    assert any(error.startswith(f"{path} row 2, column {column}: {message}") for error in errors), errors
    assert counts() == before


def test_every_error_in_every_file_is_reported_at_once(imported_once):
    edit_csv(imported_once / "services.csv", lambda rows: rows[0].update(name="", status="gone"))
    edit_csv(imported_once / "phones.csv", lambda rows: rows[1].update(number="12"))
    edit_csv(imported_once / "languages.csv", lambda rows: rows[0].update(code="zz"))
    errors = import_errors(imported_once)
    assert [error.split(":")[0] for error in errors] == [
        "services.csv row 2, column name",
        "services.csv row 2, column status",
        "phones.csv row 3, column number",
        "languages.csv row 2, column code",
    ]


def test_a_service_without_a_service_type_is_rejected(imported_once):
    [service] = rows_of(imported_once, hsds.SERVICES, name="Example Safe House")
    types = {term(hsds.TAXONOMY_SERVICE_TYPES, code) for code in hsds.TAXONOMY_SERVICE_TYPES.terms}

    def drop_its_service_types(rows):
        rows[:] = [r for r in rows if not (r["link_id"] == service["id"] and r["taxonomy_term_id"] in types)]

    edit_csv(imported_once / "attributes.csv", drop_its_service_types)
    [error] = import_errors(imported_once)
    assert re.fullmatch(
        r"services\.csv row \d, column id: no service type: attributes\.csv links no term of our service types "
        r"taxonomy to it",
        error,
    )


def test_a_duplicate_id_names_the_row_it_repeats(imported_once):
    edit_csv(imported_once / "languages.csv", lambda rows: rows.append(dict(rows[0])))
    [error] = import_errors(imported_once)
    assert re.fullmatch(r"languages\.csv row \d+, column id: [0-9a-f-]{36} is also the id on row 2", error)


def test_the_import_command_refuses_a_missing_directory(tmp_path, db):
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("import_hsds", str(tmp_path / "nowhere"), stdout=StringIO())
