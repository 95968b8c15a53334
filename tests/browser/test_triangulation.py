"""Finding 1: whole-mile distances from many ZIPs must not single out a confidential ZIP."""

import json

import pytest

from directory.rules import geo

# Query points all over New Mexico: every 6th New Mexico ZIP.
QUERY_ZIPS = sorted(geo._zip_places())[::6]


def observed_miles(outside, slug: str) -> list[int]:
    miles = []
    for code in QUERY_ZIPS:
        answer = outside.request(f"/api/v1/services/?near={code}&radius=500")
        (result,) = [r for r in json.loads(answer.text)["results"] if r["slug"] == slug]
        miles.append(result["distance_miles"])
    return miles


def zips_that_fit(miles: list[int]) -> set[str]:
    """Every New Mexico ZIP whose centroid gives exactly these whole-mile distances."""
    fits = set()
    for code, place in geo._zip_places().items():
        point = (place.latitude, place.longitude)
        predicted = [round(geo.miles_between(point, (q.latitude, q.longitude))) for q in map(geo.zip_place, QUERY_ZIPS)]
        if predicted == miles:
            fits.add(code)
    return fits


@pytest.mark.parametrize(
    ("city", "zip_code", "county"),
    [("", "87111", "bernalillo"), ("", "88012", "dona-ana"), ("Nowhereville", "87111", "bernalillo")],
)
def test_distances_from_many_zips_do_not_single_out_the_hidden_zip(
    outside, make_listing, settings, city, zip_code, county
):
    settings.API_THROTTLE_RATE = "100000/min"
    make_listing(
        "Hidden Shelter", slug="hidden", confidential_location=True, address="4471 Quillfeather Lane NE",
        city=city, zip=zip_code, county=county, latitude=35.1267, longitude=-106.5719, counties_served=[county],
    )

    miles = observed_miles(outside, "hidden")

    fits = zips_that_fit(miles)
    assert zip_code not in fits
    assert fits != {zip_code}
    # They are the distances from the county's centre: the same for any place in the county.
    centre = geo.county_centre(county)
    assert miles == [round(geo.miles_between(centre, (q.latitude, q.longitude))) for q in map(geo.zip_place, QUERY_ZIPS)]


def test_a_known_town_is_measured_from_the_towns_centre(outside, make_listing, settings):
    settings.API_THROTTLE_RATE = "100000/min"
    make_listing(
        "Hidden Shelter", slug="hidden", confidential_location=True, address="4471 Quillfeather Lane NE",
        city="Albuquerque", zip="87111", county="bernalillo", latitude=35.1267, longitude=-106.5719,
    )

    miles = observed_miles(outside, "hidden")

    town = geo.town_place("Albuquerque")
    assert miles == [
        round(geo.miles_between((town.latitude, town.longitude), (q.latitude, q.longitude)))
        for q in map(geo.zip_place, QUERY_ZIPS)
    ]
    assert zips_that_fit(miles) != {"87111"}
