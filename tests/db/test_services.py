"""The results page /services/: filters, statewide matching, visibility, bad values, pages."""

import re

import pytest

from directory.models import Listing

pytestmark = pytest.mark.django_db


def result_names(response) -> list[str]:
    return re.findall(r'<h3><a href="/(?:es/)?services/[^"]+/">([^<]+)</a></h3>', response.content.decode())


def test_lists_published_listings_by_name(client, make_listing):
    make_listing("Beta")
    make_listing("Alpha")
    response = client.get("/services/")
    assert response.status_code == 200
    assert result_names(response) == ["Alpha", "Beta"]


def test_each_result_links_to_its_detail_page(client, make_listing):
    listing = make_listing("Alpha", slug="alpha-shelter")
    assert 'href="/services/alpha-shelter/"' in client.get("/services/").content.decode()
    assert listing.slug == "alpha-shelter"


@pytest.mark.parametrize("status", [Listing.Status.DRAFT, Listing.Status.ARCHIVED])
def test_unpublished_listings_are_absent(client, make_listing, status):
    make_listing("Visible")
    make_listing("Hidden", status=status)
    assert result_names(client.get("/services/")) == ["Visible"]
    assert result_names(client.get("/services/?q=Hidden")) == []


def test_county_filter_matches_listings_serving_that_county(client, make_listing):
    make_listing("Taos Shelter", counties_served=["taos"])
    make_listing("Lea Shelter", counties_served=["lea"])
    assert result_names(client.get("/services/?county=taos")) == ["Taos Shelter"]


def test_statewide_listing_matches_every_county(client, make_listing):
    make_listing("Statewide Hotline", statewide=True, service_types=["hotline"])
    make_listing("Lea Shelter", counties_served=["lea"])
    assert result_names(client.get("/services/?county=taos")) == ["Statewide Hotline"]
    assert result_names(client.get("/services/?county=lea")) == ["Lea Shelter", "Statewide Hotline"]


def test_repeated_county_means_any_of(client, make_listing):
    make_listing("Taos Shelter", counties_served=["taos"])
    make_listing("Lea Shelter", counties_served=["lea"])
    make_listing("Eddy Shelter", counties_served=["eddy"])
    assert result_names(client.get("/services/?county=taos&county=lea")) == ["Lea Shelter", "Taos Shelter"]


def test_listing_serving_two_matching_counties_appears_once(client, make_listing):
    make_listing("Two Counties", counties_served=["taos", "lea"])
    assert result_names(client.get("/services/?county=taos&county=lea")) == ["Two Counties"]


def test_service_type_filter_is_any_of(client, make_listing):
    make_listing("Shelter", service_types=["shelter"])
    make_listing("Legal", service_types=["legal-aid"])
    make_listing("Counseling", service_types=["counseling"])
    assert result_names(client.get("/services/?service_type=shelter&service_type=legal-aid")) == ["Legal", "Shelter"]


def test_different_parameters_combine_with_and(client, make_listing):
    make_listing("Taos Shelter", counties_served=["taos"], service_types=["shelter"])
    make_listing("Taos Legal", counties_served=["taos"], service_types=["legal-aid"])
    make_listing("Lea Shelter", counties_served=["lea"], service_types=["shelter"])
    response = client.get("/services/?county=taos&service_type=shelter")
    assert result_names(response) == ["Taos Shelter"]


def test_dona_ana_shelters_include_statewide_ones(client, make_listing):
    make_listing("Las Cruces Shelter", counties_served=["dona-ana"], service_types=["shelter"])
    make_listing("Statewide Shelter Line", statewide=True, service_types=["shelter"])
    make_listing("Statewide Legal", statewide=True, service_types=["legal-aid"])
    response = client.get("/services/?county=dona-ana&service_type=shelter")
    assert result_names(response) == ["Las Cruces Shelter", "Statewide Shelter Line"]


def test_free_text_finds_words_in_name_and_description(client, make_listing):
    make_listing("Casa Segura", description="Emergency housing for families")
    make_listing("Other", description="Something else")
    assert result_names(client.get("/services/?q=families")) == ["Casa Segura"]


@pytest.mark.parametrize(
    "query, value",
    [
        ("county=atlantis", "atlantis"),
        ("service_type=spa", "spa"),
        ("population=aliens", "aliens"),
        ("fees=cheap", "cheap"),
        ("sort=random", "random"),
        ("language=xx", "xx"),
        ("near=10001", "10001"),
        ("near=Gotham", "Gotham"),
        ("near=87501&radius=501", "500"),
        ("near=87501&radius=0", "1 mile"),
        ("page=99", "99"),
        ("page=abc", "abc"),
        ("open_now=2", "2"),
    ],
)
def test_bad_values_get_a_message_naming_them(client, make_listing, query, value):
    make_listing("Alpha")
    response = client.get(f"/services/?{query}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert value in body


def test_bad_value_keeps_the_other_choices_in_the_form(client):
    response = client.get("/services/?county=atlantis&service_type=shelter&q=refugio")
    body = response.content.decode()
    assert 'value="refugio"' in body
    assert re.search(r'value="shelter"[^>]*checked', body)


def test_twenty_results_a_page(client, make_listing):
    for n in range(45):
        make_listing(f"Listing {n:02d}")
    first = client.get("/services/")
    assert len(result_names(first)) == 20
    assert "Page 1 of 3" in first.content.decode()
    last = client.get("/services/?page=3")
    assert result_names(last) == [f"Listing {n:02d}" for n in range(40, 45)]
    assert 'rel="prev"' in last.content.decode() and 'rel="next"' not in last.content.decode()


def test_page_links_keep_the_filters(client, make_listing):
    for n in range(21):
        make_listing(f"Listing {n:02d}", counties_served=["taos"])
    body = client.get("/services/?county=taos").content.decode()
    assert 'href="?county=taos&amp;page=2"' in body


def test_page_zero_is_a_bad_value(client, make_listing):
    make_listing("Alpha")
    assert client.get("/services/?page=0").status_code == 400


def test_no_results_page_offers_the_national_hotline(client):
    response = client.get("/services/?county=harding")
    assert response.status_code == 200
    assert "0 services found" in response.content.decode()
    assert "No services match" in response.content.decode()


def test_result_count_is_a_status_message(client, make_listing):
    make_listing("Alpha")
    assert re.search(r'role="status">\s*1 service found', client.get("/services/").content.decode())


def test_results_show_phone_as_tap_to_call_link(client, make_listing):
    make_listing("Alpha", phones=[("voice", "+15055550123")])
    assert 'href="tel:+15055550123"' in client.get("/services/").content.decode()


def test_confidential_listing_shows_no_address_or_coordinates_in_results(client, make_listing):
    make_listing(
        "Safe House",
        confidential_location=True,
        address="4821 Hidden Mesa Rd",
        city="Taos",
        zip="87571",
        county="taos",
        latitude=36.40712,
        longitude=-105.57309,
    )
    for url in ("/services/", "/services/?near=87571", "/es/services/", "/services/?q=Safe"):
        body = client.get(url).content.decode()
        assert "Safe House" in body
        for secret in ("4821 Hidden Mesa", "Hidden Mesa", "36.407", "105.573", "36.41", "-105.57", "87571\n"):
            assert secret not in body, (url, secret)


@pytest.mark.parametrize("n", [3, 25])
def test_query_count_does_not_grow_with_results(client, make_listing, django_assert_num_queries, n):
    for i in range(n):
        make_listing(
            f"Listing {i}",
            counties_served=["taos"],
            languages=["es"],
            hours=[(0, "09:00", "17:00")],
            phones=[("voice", "+15055550100"), ("text", "233733")],
        )
    # The facet index (which counts too, and gives the page's ids in name order), the page's
    # rows, 4 prefetches (types, languages, phones, hours). Inside the test's transaction no
    # card is kept (directory/web/cards.py): every request renders its cards from the rows.
    with django_assert_num_queries(6):
        assert client.get("/services/?county=taos").status_code == 200


def test_anonymous_results_page_sets_no_cookie(client, make_listing):
    make_listing("Alpha")
    assert not client.get("/services/?q=alpha").cookies


def test_empty_values_mean_any(client, make_listing):
    """The home page's "Any county" option sends county= with nothing in it."""
    make_listing("Alpha", service_types=["shelter"])
    response = client.get("/services/?q=&county=&service_type=shelter&near=")
    assert response.status_code == 200
    assert result_names(response) == ["Alpha"]


@pytest.mark.parametrize(
    "query, indexed",
    [
        ("", True),
        ("?county=dona-ana", True),
        ("?county=dona-ana&service_type=shelter", True),
        ("?county=dona-ana&county=otero", False),
        ("?q=shelter", False),
        ("?near=87501", False),
        ("?county=taos&page=2", False),
        ("?county=taos&open_now=1", False),
    ],
)
def test_search_engines_may_index_the_pages_for_a_county_or_a_type_of_service_only(client, make_listing, query, indexed):
    make_listing("Alpha", county="taos", counties_served=["taos", "dona-ana", "otero"])
    body = client.get("/services/" + query).content.decode()
    robots = "index, follow" if indexed else "noindex, follow"
    assert f'<meta name="robots" content="{robots}">' in body
