"""Places, distances and `near`: ZIP codes and towns, whole miles, confidential points."""

import re

import pytest

from directory.models import Listing
from directory.rules import geo
from tests.search_directory import DIRECTORY


def results(client, **params) -> list[tuple[str, int | None]]:
    """(slug, miles shown) of each result, in order; None where no distance is shown."""
    response = client.get("/services/", params)
    assert response.status_code == 200, response.content.decode()[:2000]
    rows = []
    for block in response.content.decode().split('<li class="result">')[1:]:
        slug = re.search(r'<h3><a href="/services/([\w-]+)/">', block)[1]
        miles = re.search(r"<strong>(\d+) miles? away</strong>", block)
        rows.append((slug, int(miles[1]) if miles else None))
    return rows


def expected_miles(place: geo.Place, slug: str) -> float | None:
    """The distance the product promises: a confidential listing from its city's centre."""
    fields = DIRECTORY[slug]
    if "latitude" not in fields:
        return None
    if fields.get("confidential_location"):
        centre = geo.town_place(fields["city"])
        point = (centre.latitude, centre.longitude)
    else:
        point = (fields["latitude"], fields["longitude"])
    return geo.miles_between((place.latitude, place.longitude), point)


def serves(slug: str, county: str) -> bool:
    fields = DIRECTORY[slug]
    return fields.get("statewide", False) or county in fields.get("counties_served", ())


PUBLISHED = [slug for slug, fields in DIRECTORY.items() if "status" not in fields]


@pytest.mark.parametrize(
    ("near", "radius"),
    [("87501", 50), ("espanola", 50), ("Las Cruces", 50), ("88001", 100), ("Taos", 10), ("albuquerque", 500)],
)
def test_results_near_a_place_are_those_within_the_radius_or_serving_its_county_by_distance(
    client, directory, near, radius
):
    place = geo.understand_place(near).place
    distances = {slug: expected_miles(place, slug) for slug in PUBLISHED}
    expected = [
        slug
        for slug in PUBLISHED
        if (distances[slug] is not None and distances[slug] <= radius) or serves(slug, place.county)
    ]
    expected.sort(key=lambda slug: (distances[slug] is None, distances[slug] or 0, DIRECTORY[slug]["name"]))

    shown = results(client, near=near, radius=str(radius))
    shown += results(client, near=near, radius=str(radius), page="2") if len(shown) == 20 else []

    assert [slug for slug, _ in shown] == expected
    assert [miles for _, miles in shown] == [None if distances[s] is None else round(distances[s]) for s in expected]


def test_statewide_listings_count_as_serving_every_county(client, directory):
    slugs = [slug for slug, _ in results(client, near="espanola", radius="5")]
    # Española itself, then a Santa Fe clinic serving Rio Arriba County, then the statewide ones.
    assert slugs == [
        "valley-womens-shelter",
        "t-and-u-visa-clinic",
        "survivor-legal-services",
        "nm-trafficking-hotline",
    ]


def test_a_listing_without_a_point_comes_last_with_no_distance(client, directory):
    shown = results(client, near="Raton", radius="20")
    assert shown[-1] == ("nm-trafficking-hotline", None)
    assert all(miles is not None for _, miles in shown[:-1])


def test_a_confidential_distance_is_measured_from_the_city_centre(client, directory):
    santa_fe = geo.zip_place("87501")
    centre = geo.town_place("Albuquerque")
    exact = (DIRECTORY["casa-esperanza"]["latitude"], DIRECTORY["casa-esperanza"]["longitude"])
    from_centre = round(geo.miles_between((santa_fe.latitude, santa_fe.longitude), (centre.latitude, centre.longitude)))
    from_exact = round(geo.miles_between((santa_fe.latitude, santa_fe.longitude), exact))
    assert from_centre != from_exact  # the fixture's point is far enough off centre to tell

    shown = dict(results(client, near="87501", radius="100"))
    assert shown["casa-esperanza"] == from_centre


def test_a_confidential_listing_at_its_city_centre_shows_the_same_distance_as_its_neighbours(client, make_listing):
    # Two confidential shelters in one town are indistinguishable by distance from anywhere.
    for slug, north in (("first", 0.03), ("second", -0.04)):
        place = geo.town_place("Gallup")
        make_listing(
            f"Shelter {slug}",
            slug=slug,
            confidential_location=True,
            city="Gallup",
            latitude=place.latitude + north,
            longitude=place.longitude,
        )
    for near in ("87301", "Grants", "Farmington"):
        shown = dict(results(client, near=near, radius="500"))
        assert shown["first"] == shown["second"]


@pytest.mark.parametrize("spelling", ["espanola", "Española", "ESPAÑOLA", "  Espanola "])
def test_a_town_is_found_whatever_its_case_and_accents(client, directory, spelling):
    assert results(client, near=spelling) == results(client, near="Española")


def test_distance_is_the_default_order_with_near_even_with_q(client, directory):
    shown = [slug for slug, _ in results(client, near="Las Cruces", q="housing")]
    assert shown == ["mesilla-transitional-housing", "survivor-legal-services"]  # the second is statewide
    shown = [slug for slug, _ in results(client, near="87501", q="legal", radius="500")]
    assert shown[:2] == ["t-and-u-visa-clinic", "survivor-legal-services"]


def test_relevance_can_still_be_chosen_with_near(client, directory):
    shown = [slug for slug, _ in results(client, near="87501", q="legal", radius="500", sort="relevance")]
    assert shown[0] == "survivor-legal-services"


def test_the_status_names_the_place_and_radius(client, directory):
    html = client.get("/services/", {"near": "espanola", "radius": "25"}).content.decode()
    status = re.search(r'class="result-count" role="status">(.*?)</p>', html, re.S)[1]
    assert "within 25 miles of Española or serving Rio Arriba County" in re.sub(r"\s+", " ", status)


def test_sql_distance_matches_python(client, make_listing):
    listing = make_listing("Somewhere", latitude=33.0, longitude=-104.0, city="Roswell")
    place = geo.zip_place("87501")
    in_sql = Listing.objects.annotate(d=geo.distance_expression(place.latitude, place.longitude)).get(pk=listing.pk).d
    assert in_sql == pytest.approx(geo.miles_between((place.latitude, place.longitude), (33.0, -104.0)), abs=1e-6)


def test_sql_distance_is_null_without_a_point(make_listing):
    listing = make_listing("Remote")
    place = geo.zip_place("87501")
    distance = geo.distance_expression(place.latitude, place.longitude)
    assert Listing.objects.annotate(d=distance).get(pk=listing.pk).d is None
