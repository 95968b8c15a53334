"""What the hardening pass tried beyond the nine findings, kept as tests (they held)."""

import json

import pytest

from directory.models import Listing

XSS = '"><script>alert(1)</script>'


@pytest.fixture
def hidden(make_listing):
    return make_listing(
        "Hidden Shelter", slug="hidden", confidential_location=True, address="4471 Quillfeather Lane NE",
        city="Albuquerque", zip="87111", county="bernalillo", latitude=35.1267, longitude=-106.5719,
        counties_served=["bernalillo"],
    )


@pytest.mark.parametrize("param", ["q", "near", "county", "radius", "page", "sort"])
def test_search_parameters_are_never_reflected_as_markup(client, db, param):
    for path in ("/services/", "/es/services/"):
        html = client.get(path, {param: XSS}).content.decode()
        assert "<script>alert(1)" not in html


def test_a_spoofed_forwarded_for_does_not_escape_the_limit(client, db, settings):
    settings.API_THROTTLE_RATE = "2/min"
    statuses = [
        client.get("/api/v1/counties/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_the_login_form_does_not_redirect_off_site(client, db, django_user_model):
    django_user_model.objects.create_user("someone", "s@example.org", "a-long-test-password")
    response = client.post(
        "/advocate/login/?next=https://evil.example/", {"username": "someone", "password": "a-long-test-password"}
    )
    assert "evil.example" not in response.get("Location", "")


def test_the_back_link_cannot_point_off_site(client, hidden):
    Listing.objects.filter(pk=hidden.pk).update(confidential_location=False)
    html = client.get("/services/hidden/", HTTP_REFERER="https://evil.example/services/?q=x").content.decode()
    assert "evil.example" not in html


def test_public_pages_refuse_other_methods(client, hidden):
    for path in ("/", "/services/", "/services/hidden/", "/api/v1/services/"):
        assert client.delete(path).status_code == 405
        assert client.put(path).status_code == 405


def test_no_browsable_api_and_no_unpublished_detail(client, hidden):
    assert client.get("/api/v1/services/?format=api").status_code == 404
    Listing.objects.filter(pk=hidden.pk).update(status=Listing.Status.DRAFT)
    assert client.get("/api/v1/services/hidden/").status_code == 404
    assert client.get("/services/hidden/").status_code == 404


def test_sorting_by_distance_cannot_rank_confidential_listings_by_their_true_point(client, hidden, make_listing):
    twin = make_listing(
        "Twin Shelter", slug="twin", confidential_location=True, address="1 Other Road", city="Albuquerque",
        zip="87121", county="bernalillo", latitude=35.05, longitude=-106.75, counties_served=["bernalillo"],
    )
    assert twin.distance_latitude == hidden.distance_latitude  # both at the town's centre
    results = json.loads(client.get("/api/v1/services/", {"near": "87121", "sort": "distance"}).content)["results"]
    assert [r["slug"] for r in results] == ["hidden", "twin"]  # a tie, broken by name, never by the hidden point
    assert {r["distance_miles"] for r in results} == {results[0]["distance_miles"]}
