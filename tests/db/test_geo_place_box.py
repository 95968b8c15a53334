"""The place box (`near`) as people type places: geo.understand_place() and the results page."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("near", "note"),
    [
        ("albuqerque", "Showing results near Albuquerque, the closest New Mexico place we know to “albuqerque”."),
        ("zuni pueblo", "Showing results near Zuni for “zuni pueblo”."),
        ("El Paso", "El Paso is in Texas. This directory lists services in New Mexico: these are the nearest."),
        ("79901", "El Paso is in Texas."),
        ("Nenahnezad", "We place “Nenahnezad” at the middle of San Juan County."),
    ],
)
def test_the_results_say_how_the_place_was_understood(client, make_listing, near, note):
    make_listing("Anywhere Line", statewide=True)
    response = client.get("/services/", {"near": near})
    assert response.status_code == 200
    assert note in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("near", ["Santa Fe, NM", "Gallup NM", "T or C", "87501-1234", "las cruses", "El Paso"])
def test_the_places_the_issue_found_refused_are_answered(client, make_listing, near):
    make_listing("Anywhere Line", statewide=True)
    assert client.get("/services/", {"near": near}).status_code == 200


@pytest.mark.django_db
def test_an_exact_town_has_no_note(client, make_listing):
    make_listing("Anywhere Line", statewide=True)
    assert 'class="place-note"' not in client.get("/services/", {"near": "Taos"}).content.decode()


@pytest.mark.django_db
def test_an_unknown_place_is_refused_with_the_likely_town_as_a_link(client):
    response = client.get("/services/", {"near": "lascrusis", "county": "dona-ana"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "We don&#x27;t know a New Mexico town called “lascrusis”." in html
    assert 'Did you mean <a href="?near=Las+Cruces&amp;county=dona-ana">Las Cruces</a>?' in html


@pytest.mark.django_db
def test_a_zip_outside_new_mexico_and_its_borders_is_refused(client):
    response = client.get("/services/", {"near": "10001"})
    assert response.status_code == 400
    assert "“10001” is not a New Mexico ZIP code." in response.content.decode()


@pytest.mark.django_db
def test_the_api_understands_the_place_box_too(client, make_listing):
    make_listing("Anywhere Line", statewide=True)
    assert client.get("/api/v1/services/", {"near": "albuqerque"}).status_code == 200
