import io
import re

import pytest
from django.core.management import call_command
from django.db.models import F

from directory.exchange.demo import (
    demo_rows,
)
from directory.models import Listing, OpeningHours, Phone
from directory.rules import vocab


def load_demo_data() -> str:
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db) -> None:
    load_demo_data()


# Loaded through the import


def test_every_county_has_a_published_listing_located_in_it(demo):
    located = set(Listing.objects.published().values_list("county__slug", flat=True))
    assert set(vocab.COUNTIES) <= located


def test_every_service_type_has_a_published_listing(demo):
    offered = set(Listing.objects.published().values_list("service_types__slug", flat=True))
    assert offered == set(vocab.SERVICE_TYPES)


def test_every_county_is_served_by_a_published_shelter(demo):
    shelters = Listing.objects.published().filter(service_types__slug="shelter")
    for county in vocab.COUNTIES:
        assert shelters.serving_counties([county]).exists(), county


def test_dona_ana_has_published_shelters_located_there_and_statewide_ones(demo):
    shelters = Listing.objects.published().filter(service_types__slug="shelter")
    assert shelters.filter(county__slug="dona-ana").count() >= 2
    assert shelters.filter(statewide=True).exists()
    assert shelters.serving_counties(["dona-ana"]).count() >= 3


def test_confidential_shelters_statewide_hotlines_and_unusual_hours_are_present(demo):
    published = Listing.objects.published()
    assert published.filter(confidential_location=True, service_types__slug="shelter").count() >= 3
    assert published.filter(statewide=True, hotline_24_7=True, service_types__slug="hotline").count() >= 3
    assert published.filter(open_24_7=True).exists()
    assert OpeningHours.objects.filter(closes__lte=F("opens"), listing__status="published").exists()
    assert published.filter(hours__isnull=True, open_24_7=False, hotline_24_7=False).exists()
    assert set(published.values_list("fees", flat=True)) >= {"free", "sliding-scale", "fee"}


def test_phones_are_stored_normalized_with_texts_and_ttys(demo):
    assert Phone.objects.filter(kind="text", number__regex=r"^\d{5,6}$").exists()
    assert Phone.objects.filter(kind="tty").exists()
    voice = Phone.objects.filter(kind="voice").values_list("number", flat=True)
    assert all(re.fullmatch(r"\+1(505|575)55501\d\d", number) for number in voice)


def test_two_published_listings_are_stale_and_some_are_drafts(demo):
    assert Listing.objects.published().stale().count() == 2
    assert Listing.objects.filter(status="draft").count() >= 2


def test_loading_twice_updates_rather_than_duplicates(db):
    first = load_demo_data()
    second = load_demo_data()

    rows = demo_rows()
    assert Listing.objects.count() == len(rows)
    assert f"{len(rows)} created" in first
    assert f"0 created, 0 updated, {len(rows)} unchanged" in second


def test_demo_loads_and_searches_on_sqlite(sqlite_demo):
    """The `make run` path: a fresh SQLite database, migrated, loaded and searched."""
    manage = sqlite_demo
    page = manage(
        "shell",
        "-c",
        "from django.test import Client\n"
        "response = Client(HTTP_HOST='localhost').get('/services/?county=dona-ana&service_type=shelter')\n"
        "print('status', response.status_code)\n"
        "print(response.content.decode())\n",
    )

    match = re.search(r"^status (\d+)$\n(.*)", page, re.MULTILINE | re.DOTALL)
    assert match, page[-2000:]
    status, html = match.groups()
    assert status == "200", page[:2000]
    assert "Bright Path Emergency Shelter (Example)" in html
    assert "Example Way" not in html  # confidential street addresses never reach the public
