import datetime
import json

import pytest

from directory.models import Listing
from directory.rules import geo, vocab
from directory.rules.hours import NEW_MEXICO

# A Monday morning in New Mexico.
NOW = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=NEW_MEXICO)
SERVICES = "/api/v1/services/"

SANTA_FE = (35.6870, -105.9378)
ALBUQUERQUE = (35.0844, -106.6504)
TAOS = (36.4072, -105.5731)
HIDDEN_ADDRESS = "77 Hidden Shelter Lane"
HIDDEN_POINT = (36.41234, -105.58765)

CONTRACT_FIELDS = {
    "slug",
    "name",
    "organization",
    "description",
    "description_es",
    "service_types",
    "counties_served",
    "statewide",
    "location",
    "confidential_location",
    "phones",
    "hotline_24_7",
    "hours",
    "open_now",
    "languages",
    "populations",
    "fees",
    "eligibility",
    "eligibility_es",
    "last_verified",
    "stale",
    "distance_miles",
}


@pytest.fixture
def now(time_machine) -> datetime.datetime:
    time_machine.move_to(NOW, tick=False)
    return NOW


def get(client, **params):
    """A search: GET /api/v1/services/ with these parameters (a list repeats one)."""
    return client.get(SERVICES, params)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [result["slug"] for result in response.json()["results"]]


@pytest.fixture
def full_listing(make_listing, now) -> Listing:
    return make_listing(
        "Casa Segura",
        slug="casa-segura",
        organization="Example Safe House Network",
        description="Emergency shelter and advocacy.",
        description_es="Refugio de emergencia y defensoría.",
        service_types=["shelter", "case-management"],
        counties_served=["santa-fe", "los-alamos"],
        county="santa-fe",
        address="100 Example Street",
        city="Santa Fe",
        zip="87501",
        latitude=SANTA_FE[0],
        longitude=SANTA_FE[1],
        phones=[("voice", "+15055550100"), ("text", "233733"), ("tty", "+15055550101")],
        hours=[(0, "09:00", "17:00"), (4, "20:00", "02:00")],
        languages=["en", "es", "nv"],
        populations=["women", "families"],
        fees="sliding-scale",
        eligibility="Adults 18 and over.",
        eligibility_es="Personas adultas de 18 años o más.",
        website="https://example.org/casa",
        email="intake@example.org",
        last_verified=datetime.date(2026, 1, 5),
    )


@pytest.fixture
def confidential_listing(make_listing, now) -> Listing:
    return make_listing(
        "Hidden Shelter",
        slug="hidden-shelter",
        service_types=["shelter"],
        counties_served=["taos"],
        county="taos",
        address=HIDDEN_ADDRESS,
        city="Taos",
        zip="87571",
        latitude=HIDDEN_POINT[0],
        longitude=HIDDEN_POINT[1],
        confidential_location=True,
        hotline_24_7=True,
    )


# The contract: field names and types


def test_a_result_has_exactly_the_contract_fields_plus_website_and_email(client, full_listing):
    [result] = get(client).json()["results"]
    assert set(result) == CONTRACT_FIELDS | {"website", "email"}


def test_a_result_carries_each_field_with_its_documented_type(client, full_listing):
    [result] = get(client).json()["results"]
    assert result["slug"] == "casa-segura"
    assert result["name"] == "Casa Segura"
    assert result["organization"] == {"name": "Example Safe House Network", "website": None}
    assert result["description"] == "Emergency shelter and advocacy."
    assert result["description_es"] == "Refugio de emergencia y defensoría."
    assert sorted(result["service_types"]) == ["case-management", "shelter"]
    assert sorted(result["counties_served"]) == ["los-alamos", "santa-fe"]
    assert result["statewide"] is False
    assert result["location"] == {
        "address": "100 Example Street",
        "city": "Santa Fe",
        "zip": "87501",
        "county": "Santa Fe",
        "latitude": SANTA_FE[0],
        "longitude": SANTA_FE[1],
    }
    assert result["confidential_location"] is False
    assert result["phones"] == [
        {"number": "+15055550100", "kind": "voice"},
        {"number": "233733", "kind": "text"},
        {"number": "+15055550101", "kind": "tty"},
    ]
    assert result["hotline_24_7"] is False
    assert result["open_now"] is True
    assert sorted(result["languages"]) == ["en", "es", "nv"]
    assert sorted(result["populations"]) == ["families", "women"]
    assert result["fees"] == "sliding-scale"
    assert result["eligibility"] == "Adults 18 and over."
    assert result["eligibility_es"] == "Personas adultas de 18 años o más."
    assert result["website"] == "https://example.org/casa"
    assert result["email"] == "intake@example.org"
    assert result["last_verified"] == "2026-01-05"
    assert result["stale"] is False
    assert result["distance_miles"] is None


def test_hours_are_weekday_intervals_with_overnight_ones_marked(client, full_listing):
    [result] = get(client).json()["results"]
    assert result["hours"] == {
        "always_open": False,
        "intervals": [
            {"day": "mon", "opens": "09:00", "closes": "17:00", "overnight": False},
            {"day": "fri", "opens": "20:00", "closes": "02:00", "overnight": True},
        ],
    }


def test_hours_of_a_listing_open_around_the_clock_have_no_intervals(client, make_listing, now):
    make_listing(open_24_7=True, hours=[(0, "09:00", "17:00")])
    [result] = get(client).json()["results"]
    assert result["hours"] == {"always_open": True, "intervals": []}
    assert result["open_now"] is True


def test_unknown_values_are_null_and_empty_texts_are_empty_strings(client, make_listing, now):
    make_listing(phones=[], last_verified=None)
    [result] = get(client).json()["results"]
    assert result["location"] == {
        "address": None,
        "city": None,
        "zip": None,
        "county": None,
        "latitude": None,
        "longitude": None,
    }
    assert result["fees"] is None
    assert result["website"] is None
    assert result["email"] is None
    assert result["last_verified"] is None
    assert result["stale"] is True
    assert result["description_es"] == ""
    assert result["eligibility"] == ""
    assert result["eligibility_es"] == ""
    assert result["phones"] == []
    assert result["hours"] == {"always_open": False, "intervals": []}
    assert result["open_now"] is False


def test_a_statewide_listing_says_so_and_lists_no_counties(client, make_listing, now):
    make_listing(statewide=True)
    [result] = get(client).json()["results"]
    assert result["statewide"] is True
    assert result["counties_served"] == []


def test_a_listing_not_verified_for_a_year_is_stale(client, make_listing, now):
    make_listing(last_verified=NOW.date() - datetime.timedelta(days=400))
    [result] = get(client).json()["results"]
    assert result["stale"] is True


def test_open_now_follows_the_request_time_in_new_mexico(client, make_listing, time_machine):
    time_machine.move_to(NOW, tick=False)
    make_listing(hours=[(0, "09:00", "17:00")])
    assert get(client).json()["results"][0]["open_now"] is True
    time_machine.move_to(NOW.replace(hour=18), tick=False)
    assert get(client).json()["results"][0]["open_now"] is False


def test_an_overnight_interval_is_open_after_midnight_on_the_next_day(client, make_listing, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 21, 1, 30, tzinfo=NEW_MEXICO), tick=False)  # Saturday
    make_listing(hours=[(4, "20:00", "02:00")])
    assert get(client).json()["results"][0]["open_now"] is True


def test_a_hotline_answering_24_7_is_open_now_without_hours(client, make_listing, now):
    make_listing(hotline_24_7=True)
    result = get(client).json()["results"][0]
    assert result["hotline_24_7"] is True
    assert result["open_now"] is True


def test_the_detail_answers_the_same_object_as_the_list(client, full_listing):
    [listed] = get(client).json()["results"]
    detail = client.get(f"{SERVICES}casa-segura/")
    assert detail.status_code == 200
    assert detail.json() == listed


def test_the_detail_ignores_search_parameters(client, full_listing):
    assert client.get(f"{SERVICES}casa-segura/", {"county": "lea"}).status_code == 200


# Confidential locations


def test_a_confidential_listing_has_no_address_zip_or_coordinates(client, confidential_listing):
    [result] = get(client).json()["results"]
    assert result["confidential_location"] is True
    assert result["location"] == {
        "address": None,
        "city": "Taos",
        "zip": None,
        "county": "Taos",
        "latitude": None,
        "longitude": None,
    }


@pytest.mark.parametrize(
    "path, params",
    [
        (SERVICES, {}),
        (SERVICES, {"near": "taos", "radius": "20"}),
        (SERVICES, {"q": "hidden"}),
        (SERVICES, {"county": "taos", "service_type": "shelter", "open_now": "1"}),
        (f"{SERVICES}hidden-shelter/", {}),
    ],
)
def test_a_confidential_address_and_point_appear_nowhere_in_the_json(client, confidential_listing, path, params):
    response = client.get(path, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "hidden-shelter" in body
    assert "Hidden Shelter Lane" not in body
    assert "87571" not in body
    for coordinate in HIDDEN_POINT:
        assert str(coordinate) not in body
        assert str(coordinate)[:6] not in body


def test_a_search_for_a_confidential_street_does_not_find_the_listing(client, make_listing, now):
    make_listing(slug="marigold", address="12 Marigold Court", city="Taos", confidential_location=True)
    assert slugs(get(client, q="marigold")) == []


def test_a_confidential_listing_is_measured_from_its_city_centre_in_whole_miles(client, confidential_listing):
    [result] = get(client, near="87501", radius="100").json()["results"]
    centre = geo.town_place("Taos")
    santa_fe = geo.zip_place("87501")
    expected = round(geo.miles_between((santa_fe.latitude, santa_fe.longitude), (centre.latitude, centre.longitude)))
    assert result["distance_miles"] == expected
    assert isinstance(result["distance_miles"], int)


# Nothing unvetted


@pytest.mark.parametrize("status", [Listing.Status.DRAFT, Listing.Status.ARCHIVED])
def test_an_unpublished_listing_is_absent_from_the_list_and_its_detail_is_404(client, make_listing, now, status):
    make_listing(slug="published-one")
    make_listing(slug="not-public", status=status, description="Unvetted words")
    response = get(client, q="unvetted")
    assert slugs(response) == []
    assert slugs(get(client)) == ["published-one"]
    detail = client.get(f"{SERVICES}not-public/")
    assert detail.status_code == 404
    assert detail.json() == client.get(f"{SERVICES}no-such-listing/").json()


@pytest.mark.parametrize("path", [f"{SERVICES}not.a.slug/", f"{SERVICES}two/parts/", "/api/v1/nothing/", "/api/v2/"])
def test_any_other_path_under_the_api_is_a_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_path_without_its_slash_is_redirected_to_it(client, db):
    response = client.get("/api/v1/services", {"county": "taos"})
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/services/?county=taos"


def test_an_unknown_slug_is_a_json_404(client, db):
    response = client.get(f"{SERVICES}no-such-listing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


# Every search parameter


def test_q_finds_english_and_spanish_text(client, make_listing, now):
    make_listing(slug="legal", description="Free immigration legal help.", service_types=["immigration"])
    make_listing(
        slug="food", description="Food pantry.", description_es="Despensa de comida.", service_types=["basic-needs"]
    )
    assert slugs(get(client, q="immigration")) == ["legal"]
    assert slugs(get(client, q="despensa")) == ["food"]


def test_q_forgives_a_small_typo(client, make_listing, now):
    make_listing(slug="counsel", description="Counseling for survivors.", service_types=["counseling"])
    make_listing(slug="other", description="Food pantry.", service_types=["basic-needs"])
    assert slugs(get(client, q="counselling")) == ["counsel"]


def test_county_matches_any_of_several_and_statewide_listings(client, make_listing, now):
    make_listing(slug="taos", counties_served=["taos"])
    make_listing(slug="lea", counties_served=["lea"])
    make_listing(slug="luna", counties_served=["luna"])
    make_listing(slug="everywhere", statewide=True)
    assert sorted(slugs(get(client, county=["taos", "lea"]))) == ["everywhere", "lea", "taos"]


def test_service_type_matches_any_of_several(client, make_listing, now):
    make_listing(slug="shelter", service_types=["shelter"])
    make_listing(slug="legal", service_types=["legal-aid"])
    make_listing(slug="medical", service_types=["medical"])
    assert sorted(slugs(get(client, service_type=["shelter", "legal-aid"]))) == ["legal", "shelter"]


def test_language_matches_any_of_several_iso_codes(client, make_listing, now):
    make_listing(slug="navajo", languages=["en", "nv"])
    make_listing(slug="keres", languages=["kee"])
    make_listing(slug="english", languages=["en"])
    assert sorted(slugs(get(client, language=["nv", "kee"]))) == ["keres", "navajo"]


def test_population_matches_any_of_several(client, make_listing, now):
    make_listing(slug="youth", populations=["minors"])
    make_listing(slug="men", populations=["men"])
    make_listing(slug="women", populations=["women"])
    assert sorted(slugs(get(client, population=["minors", "men"]))) == ["men", "youth"]


def test_fees_matches_one_cost(client, make_listing, now):
    make_listing(slug="free", fees="free")
    make_listing(slug="fee", fees="fee")
    assert slugs(get(client, fees="free")) == ["free"]


def test_open_now_keeps_listings_open_at_this_moment(client, make_listing, now):
    make_listing(slug="open", hours=[(0, "09:00", "17:00")])
    make_listing(slug="closed", hours=[(1, "09:00", "17:00")])
    make_listing(slug="hotline", hotline_24_7=True)
    make_listing(slug="unknown")
    assert sorted(slugs(get(client, open_now="1"))) == ["hotline", "open"]


def test_different_parameters_combine_with_and(client, make_listing, now):
    make_listing(slug="both", counties_served=["taos"], service_types=["shelter"])
    make_listing(slug="county-only", counties_served=["taos"], service_types=["medical"])
    make_listing(slug="type-only", counties_served=["lea"], service_types=["shelter"])
    assert slugs(get(client, county="taos", service_type="shelter")) == ["both"]


@pytest.fixture
def three_towns(make_listing, now) -> None:
    make_listing("C Santa Fe", slug="santa-fe", city="Santa Fe", latitude=SANTA_FE[0], longitude=SANTA_FE[1])
    make_listing(
        "B Albuquerque", slug="albuquerque", city="Albuquerque", latitude=ALBUQUERQUE[0], longitude=ALBUQUERQUE[1]
    )
    make_listing("A Taos", slug="taos", city="Taos", latitude=TAOS[0], longitude=TAOS[1])


def test_near_sorts_by_distance_in_whole_miles(client, three_towns):
    results = get(client, near="Santa Fe", radius="100").json()["results"]
    assert [r["slug"] for r in results] == ["santa-fe", "albuquerque", "taos"]
    miles = [r["distance_miles"] for r in results]
    assert all(isinstance(m, int) for m in miles)
    assert miles == sorted(miles)
    assert miles[0] <= 5 and 45 <= miles[1] <= 65 and 45 <= miles[2] <= 65


def test_near_takes_a_zip_code_or_a_town_without_its_accents(client, make_listing, now):
    make_listing(slug="espanola", city="Española", latitude=35.9911, longitude=-106.0806)
    assert slugs(get(client, near="espanola", radius="5")) == ["espanola"]
    assert slugs(get(client, near="87532", radius="5")) == ["espanola"]


def test_radius_limits_how_far_near_reaches(client, three_towns):
    assert slugs(get(client, near="Santa Fe", radius="10")) == ["santa-fe"]


def test_radius_defaults_to_fifty_miles(client, three_towns):
    assert slugs(get(client, near="Santa Fe")) == ["santa-fe"]


def test_near_also_finds_listings_serving_the_county_of_the_point(client, make_listing, now):
    make_listing(slug="remote", counties_served=["santa-fe"])
    result = get(client, near="Santa Fe", radius="5").json()["results"]
    assert [r["slug"] for r in result] == ["remote"]
    assert result[0]["distance_miles"] is None


def test_sort_by_name_overrides_distance(client, three_towns):
    assert slugs(get(client, near="Santa Fe", radius="100", sort="name")) == ["taos", "albuquerque", "santa-fe"]


def test_sort_by_verified_puts_the_most_recently_verified_first(client, make_listing, now):
    make_listing("A", slug="old", last_verified=datetime.date(2025, 6, 1))
    make_listing("B", slug="never", last_verified=None)
    make_listing("C", slug="new", last_verified=datetime.date(2026, 3, 1))
    assert slugs(get(client, sort="verified")) == ["new", "old", "never"]


def test_sort_by_relevance_puts_the_best_match_first(client, make_listing, now):
    make_listing("A", slug="mention", description="Counseling, and also a shelter bed now and then.")
    make_listing("B", slug="shelter", description="Shelter. Emergency shelter. Shelter for families.")
    assert slugs(get(client, q="shelter", sort="relevance"))[0] == "shelter"


def test_without_sort_results_are_by_name(client, make_listing, now):
    make_listing("Zeta", slug="zeta")
    make_listing("Alpha", slug="alpha")
    assert slugs(get(client)) == ["alpha", "zeta"]


# Pages


def test_results_come_twenty_a_page_with_links_to_the_next_and_previous(client, make_listing, now):
    for n in range(25):
        make_listing(f"Listing {n:02}", slug=f"l{n:02}")
    first = get(client).json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/services/?page=2")
    second = client.get(first["next"]).json()
    assert [r["slug"] for r in second["results"]] == [f"l{n:02}" for n in range(20, 25)]
    assert second["next"] is None
    assert second["previous"].endswith("/api/v1/services/")


def test_page_links_keep_the_search_parameters(client, make_listing, now):
    for n in range(21):
        make_listing(slug=f"l{n:02}", counties_served=["taos"])
    assert "county=taos" in get(client, county="taos").json()["next"]


def test_an_empty_search_is_a_page_of_nothing_not_an_error(client, db):
    assert get(client).json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("page", ["2", "0", "-1", "abc", "last", "1.5", "99999999999999999999"])
def test_a_page_that_does_not_exist_is_a_400_naming_it(client, make_listing, now, page):
    make_listing()
    response = get(client, page=page)
    assert response.status_code == 400
    [message] = response.json()["page"]
    assert f"“{page[:20]}”" in message


# Bad values


@pytest.mark.parametrize(
    "params, field, value_in_message",
    [
        ({"county": "atlantis"}, "county", "atlantis"),
        ({"county": ["taos", "atlantis"]}, "county", "atlantis"),
        ({"service_type": "spa"}, "service_type", "spa"),
        ({"language": "xx"}, "language", "xx"),
        ({"population": "aliens"}, "population", "aliens"),
        ({"near": "10001"}, "near", "10001"),
        ({"near": "123"}, "near", "123"),
        ({"near": "Atlantis"}, "near", "Atlantis"),
        ({"near": "taos", "radius": "0"}, "radius", None),
        ({"near": "taos", "radius": "501"}, "radius", "500"),
        ({"near": "taos", "radius": "2.5"}, "radius", None),
        ({"near": "taos", "radius": "far"}, "radius", None),
        ({"radius": "10"}, "radius", None),
        ({"sort": "random"}, "sort", "random"),
        ({"sort": "distance"}, "sort", None),
        ({"fees": "cheap"}, "fees", "cheap"),
        ({"open_now": "yes"}, "open_now", "yes"),
        ({"q": "x" * 201}, "q", None),
        ({"q": "shelter\x00"}, "q", None),
    ],
)
def test_a_bad_value_is_a_400_with_messages_keyed_by_the_parameter(client, db, params, field, value_in_message):
    response = get(client, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()
    assert field in errors
    assert all(isinstance(message, str) and message for message in errors[field])
    if value_in_message:
        assert any(value_in_message in message for message in errors[field])


@pytest.mark.parametrize("near", ["100%", "50%s off", "%(value)s", "%"])
def test_a_percent_sign_in_what_was_typed_is_a_400_not_a_500(client, db, near):
    response = get(client, near=near)
    assert response.status_code == 400
    assert any(near in message for message in response.json()["near"])


def test_every_bad_parameter_is_reported_at_once(client, db):
    errors = get(client, county="atlantis", fees="cheap", sort="random").json()
    assert set(errors) == {"county", "fees", "sort"}


def test_unknown_parameters_are_ignored(client, make_listing, now):
    make_listing(slug="one")
    assert slugs(get(client, utm_source="newsletter")) == ["one"]


# Vocabularies


def test_counties_are_the_33_slugs_and_names(client, db):
    response = client.get("/api/v1/counties/")
    assert response.status_code == 200
    counties = response.json()
    assert {c["slug"]: c["name"] for c in counties} == vocab.COUNTIES
    assert all(set(c) == {"slug", "name"} for c in counties)


def test_service_types_are_the_12_slugs_and_english_names(client, db):
    response = client.get("/api/v1/service-types/")
    assert response.status_code == 200
    types = response.json()
    assert {t["slug"]: t["name"] for t in types} == {slug: str(name) for slug, name in vocab.SERVICE_TYPES.items()}
    assert all(set(t) == {"slug", "name"} for t in types)


def test_service_type_names_stay_english_whatever_the_browser_asks_for(client, db):
    types = client.get("/api/v1/service-types/", HTTP_ACCEPT_LANGUAGE="es").json()
    assert {t["slug"]: t["name"] for t in types}["shelter"] == "Emergency shelter"


# HTTP behaviour


@pytest.mark.parametrize(
    "path", [SERVICES, f"{SERVICES}casa-segura/", "/api/v1/counties/", "/api/v1/service-types/", "/api/schema/"]
)
def test_the_api_sets_no_cookies(client, full_listing, path):
    response = client.get(path, {"near": "87501"} if path == SERVICES else {})
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, full_listing, method):
    for path in [SERVICES, f"{SERVICES}casa-segura/", "/api/v1/counties/"]:
        response = getattr(client, method)(path, data="{}", content_type="application/json")
        assert response.status_code == 405


def test_the_api_answers_json(client, full_listing):
    response = get(client)
    assert response["Content-Type"] == "application/json"
    json.loads(response.content)


# Throttling


@pytest.fixture
def three_a_minute(settings) -> None:
    settings.API_THROTTLE_RATE = "3/min"


def test_a_client_asking_too_often_gets_a_429_with_retry_after(client, db, three_a_minute):
    for _ in range(3):
        assert get(client).status_code == 200
    response = get(client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


def test_throttling_is_per_client(client, db, three_a_minute):
    for _ in range(3):
        client.get(SERVICES, REMOTE_ADDR="192.0.2.1")
    assert client.get(SERVICES, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(SERVICES, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_every_endpoint_is_throttled(client, full_listing, three_a_minute):
    paths = [SERVICES, f"{SERVICES}casa-segura/", "/api/v1/counties/", "/api/v1/service-types/"]
    for path in paths[:3]:
        assert client.get(path).status_code == 200
    assert client.get(paths[3]).status_code == 429


# Query counts: fixed whatever the number of listings


@pytest.fixture
def listings(make_listing, now):
    def make(count: int) -> None:
        for n in range(count):
            make_listing(
                slug=f"l{n:02}",
                service_types=["shelter", "legal-aid"],
                counties_served=["taos", "lea"],
                county="taos",
                languages=["en", "es"],
                populations=["women"],
                phones=[("voice", "+15055550100"), ("text", "233733")],
                hours=[(0, "09:00", "17:00"), (4, "20:00", "02:00")],
                city="Taos",
                latitude=TAOS[0],
                longitude=TAOS[1],
                confidential_location=n % 2 == 0,
            )

    return make


# Every answer starts with one upsert: the client's rate-limit counter (ratelimit.py).
SERVICES_QUERIES = 10  # rate limit, count, the page's ids, its listings (+ organization, county), 6 prefetches
NEAR_QUERIES = 10  # the same: near is answered from offline ZIP and town data


@pytest.mark.parametrize("count", [3, 25])
def test_the_services_list_takes_a_fixed_number_of_queries(client, listings, django_assert_num_queries, count):
    listings(count)
    with django_assert_num_queries(SERVICES_QUERIES):
        assert get(client).status_code == 200


@pytest.mark.parametrize("count", [3, 25])
def test_a_filtered_search_near_a_town_takes_a_fixed_number_of_queries(
    client, listings, django_assert_num_queries, count
):
    listings(count)
    params = {"near": "taos", "county": "taos", "service_type": "shelter", "language": "es", "open_now": "1"}
    with django_assert_num_queries(NEAR_QUERIES):
        response = get(client, **params)
    assert len(response.json()["results"]) == min(count, 20)


@pytest.mark.parametrize("count", [3, 25])
def test_the_detail_takes_a_fixed_number_of_queries(client, listings, django_assert_num_queries, count):
    listings(count)
    with django_assert_num_queries(8):  # rate limit, the listing (+ organization, county), 6 prefetches
        assert client.get(f"{SERVICES}l01/").status_code == 200


def test_the_vocabularies_take_one_query_each(client, db, django_assert_num_queries):
    for path in ["/api/v1/counties/", "/api/v1/service-types/"]:
        with django_assert_num_queries(2):  # the rate limit, the vocabulary
            assert client.get(path).status_code == 200
