"""Places and distances (directory/rules/geo.py): ZIP codes and towns, miles, confidential points."""


import pytest

from directory.rules import geo, vocab


def test_zip_places_carry_their_county():
    assert geo.zip_place("87501").county == "santa-fe"
    assert geo.zip_place("88001").county == "dona-ana"
    assert geo.zip_place("87301").county == "mckinley"
    assert geo.zip_place("87654").county == "sierra"
    assert geo.zip_place("10001") is None


def test_every_new_mexico_zip_has_a_known_county():
    from directory.rules import vocab

    assert {place.county for place in geo._zip_places().values()} <= set(vocab.COUNTIES)


@pytest.mark.parametrize(
    ("name", "county"),
    [
        ("Española", "rio-arriba"),
        ("las cruces", "dona-ana"),
        ("Truth or Consequences", "sierra"),
        ("Shiprock", "san-juan"),
    ],
)
def test_towns_are_found_by_name(name, county):
    assert geo.town_place(name).county == county


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("espanola", "Española"), ("truth or consequences", "Truth or Consequences"), ("CANNON AFB", "Cannon AFB")],
)
def test_towns_are_shown_as_people_write_them(typed, shown):
    assert geo.town_place(typed).name == shown


def test_an_unknown_town_is_none():
    assert geo.town_place("Atlantis") is None
    assert geo.understand_place("10001").place is None


def test_normalize_name_drops_case_accents_and_punctuation():
    assert geo.normalize_name("  Española ") == "espanola"
    assert geo.normalize_name("Truth-or-Consequences") == "truth or consequences"


def test_county_slugs_from_zipcodes_names():
    assert geo.county_slug("Dona Ana County") == "dona-ana"
    assert geo.county_slug("Mckinley County") == "mckinley"
    assert geo.county_slug("De Baca County") == "de-baca"


def test_distance_point_hides_a_confidential_point_behind_its_town():
    centre = geo.town_place("Taos")
    point = geo.distance_point(
        confidential=True, latitude=36.5, longitude=-105.5, city="Taos", zip_code="87571", county="taos"
    )
    assert point == (centre.latitude, centre.longitude)


def test_a_confidential_listing_in_an_unknown_town_is_measured_from_its_county_never_its_zip():
    point = geo.distance_point(
        confidential=True, latitude=36.5, longitude=-105.5, city="", zip_code="87571", county="taos"
    )
    assert point == geo.county_centre("taos")
    zip_centre = geo.zip_place("87571")
    assert point != (zip_centre.latitude, zip_centre.longitude)


def test_a_confidential_listing_without_town_or_county_has_no_distance():
    assert geo.distance_point(
        confidential=True, latitude=36.5, longitude=-105.5, city="Nowhere", zip_code="87571", county=None
    ) is None


def test_every_county_has_a_centre_inside_new_mexico():
    for slug in vocab.COUNTIES:
        latitude, longitude = geo.county_centre(slug)
        assert 31.3 < latitude < 37.0 and -109.1 < longitude < -103.0, slug


def test_distance_point_of_a_public_listing_is_its_own_point_or_its_zip_or_its_town():
    def point(**place):
        return geo.distance_point(confidential=False, **{"latitude": None, "longitude": None, "city": "", "zip_code": "", "county": None, **place})

    assert point(latitude=36.5, longitude=-105.5, city="Taos") == (36.5, -105.5)
    centre = geo.zip_place("87571")
    assert point(city="Taos", zip_code="87571") == (centre.latitude, centre.longitude)
    town = geo.town_place("Taos")
    assert point(city="Taos") == (town.latitude, town.longitude)
    assert point() is None


def test_miles_between_albuquerque_and_santa_fe():
    albuquerque, santa_fe = geo.town_place("Albuquerque"), geo.town_place("Santa Fe")
    miles = geo.miles_between((albuquerque.latitude, albuquerque.longitude), (santa_fe.latitude, santa_fe.longitude))
    assert 50 < miles < 60
    assert geo.miles_between((35.0, -106.0), (35.0, -106.0)) == pytest.approx(0, abs=0.001)


def test_the_bounding_box_holds_the_whole_radius():
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(35.0, -106.0, 50)
    for bearing_point in ((min_lat, -106.0), (max_lat, -106.0), (35.0, min_lng), (35.0, max_lng)):
        assert geo.miles_between((35.0, -106.0), bearing_point) >= 49.9
