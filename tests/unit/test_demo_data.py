"""The demo data as data: the same every time, fictional, in real towns, never stale."""

import datetime
import re

from directory.exchange.demo import (
    DESCRIPTION_PREFIX,
    DESCRIPTION_PREFIX_ES,
    EXAMPLE_SUFFIX,
    demo_rows,
)
from directory.rules import geo

TODAY = datetime.date(2026, 3, 15)
FICTIONAL_NUMBER = re.compile(r"^(505|575)-555-01\d\d$")


# The rows themselves


def test_demo_rows_are_the_same_every_time():
    assert demo_rows(TODAY) == demo_rows(TODAY)


def test_demo_rows_have_unique_external_ids_and_names():
    rows = demo_rows(TODAY)
    assert 60 <= len(rows) <= 90
    assert len({row["external_id"] for row in rows}) == len(rows)
    assert len({row["name"] for row in rows}) == len(rows)
    assert all(re.fullmatch(r"demo-\d{3}", row["external_id"]) for row in rows)


def test_every_listing_is_marked_as_an_example():
    for row in demo_rows(TODAY):
        assert row["name"].endswith(EXAMPLE_SUFFIX)
        assert row["description"].startswith(DESCRIPTION_PREFIX)
        assert not row["description_es"] or row["description_es"].startswith(DESCRIPTION_PREFIX_ES)
        assert row["organization"].startswith("Example ")
        assert row["website"].startswith("https://example.org/")
        assert not row["email"] or row["email"].endswith("@example.org")
        assert not row["address"] or "Example" in row["address"]


def test_at_least_half_the_listings_have_a_spanish_description():
    rows = demo_rows(TODAY)
    assert sum(bool(row["description_es"]) for row in rows) >= len(rows) / 2


def test_phone_numbers_are_in_the_range_reserved_for_fiction():
    for row in demo_rows(TODAY):
        assert FICTIONAL_NUMBER.match(row["phone"])
        assert not row["tty"] or FICTIONAL_NUMBER.match(row["tty"])
        assert not row["text"] or FICTIONAL_NUMBER.match(row["text"]) or re.fullmatch(r"\d{5,6}", row["text"])


def test_places_are_real_towns_of_their_county_near_their_zip_centroid():
    for row in (row for row in demo_rows(TODAY) if row["city"]):
        town = geo.town_place(row["city"])
        assert town is not None and town.county == row["county"]
        centroid = geo.zip_place(row["zip"])
        assert centroid.county == row["county"]
        point = (float(row["latitude"]), float(row["longitude"]))
        assert geo.miles_between(point, (centroid.latitude, centroid.longitude)) < 2


def test_last_verified_dates_count_back_from_today():
    rows = demo_rows(TODAY)
    drafts = [row for row in rows if row["status"] == "draft"]
    published = [row for row in rows if row["status"] == "published"]
    ages = [(TODAY - datetime.date.fromisoformat(row["last_verified"])).days for row in published]

    assert len(drafts) >= 2
    assert len(drafts) + len(published) == len(rows)
    assert sum(age > 365 for age in ages) == 2
    assert all(400 <= age <= 450 for age in ages if age > 365)
    assert all(0 <= age <= 130 for age in ages if age <= 365)


def test_the_demo_never_goes_stale_by_itself():
    a_year_later = TODAY + datetime.timedelta(days=365)
    for now, later in zip(demo_rows(TODAY), demo_rows(a_year_later)):
        if now["last_verified"]:
            shift = datetime.date.fromisoformat(later["last_verified"]) - datetime.date.fromisoformat(now["last_verified"])
            assert shift.days == 365
