"""Public HTML and JSON go out compressed; a response that could hold a secret (a form's CSRF
token, anything for a visitor with a session: advocates, reviewers) never does."""

import gzip

import pytest

from tests.support import create_listing

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
# The results page of twenty full results must reach a slow phone in a few packets.
RESULTS_PAGE_LIMIT = 6 * 1024


@pytest.fixture
def twenty_five_listings(shared_rows) -> list:
    """Built once for the module's tests (`shared_rows`, tests/conftest.py)."""
    return shared_rows("twenty-five", lambda: [
        create_listing(
            f"Emergency Shelter and Legal Advocacy Program {n:02d}",
            organization=f"Example Northern New Mexico Coalition Against Trafficking {n % 4}",
            city="Albuquerque",
            county="bernalillo",
            counties_served=["bernalillo"],
            service_types=["shelter", "legal-aid", "counseling"],
            languages=["en", "es"],
            phones=[("voice", "+15055550100"), ("text", "233733")],
            hours=[(day, "09:00", "17:00") for day in range(5)],
        )
        for n in range(25)
    ])


@pytest.mark.parametrize("url", ["/services/?county=bernalillo", "/es/services/?county=bernalillo"])
def test_results_page_is_sent_gzipped_in_at_most_6_kb(client, twenty_five_listings, url):
    response = client.get(url, **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert response["Cache-Control"] == "no-store"
    assert len(response.content) <= RESULTS_PAGE_LIMIT
    assert b"Emergency Shelter and Legal Advocacy Program 19" in gzip.decompress(response.content)


def test_pages_are_sent_plain_to_a_client_that_does_not_ask_for_gzip(client, twenty_five_listings):
    response = client.get("/services/?county=bernalillo")
    assert not response.has_header("Content-Encoding")
    assert b"Program 19" in response.content


@pytest.mark.parametrize("url", ["/", "/safety/", "/about/", "/api/v1/services/"])
def test_other_public_pages_and_the_api_are_gzipped_and_set_no_cookie(client, twenty_five_listings, url):
    response = client.get(url, **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert not response.cookies


def test_a_form_page_with_a_csrf_token_is_not_compressed(client, twenty_five_listings):
    # BREACH needs a secret in a compressed body: the CSRF token is the only one a public
    # page can hold, and Django masks it afresh in every response besides.
    url = f"/services/{twenty_five_listings[0].slug}/suggest/"
    first, second = client.get(url, **GZIP), client.get(url, **GZIP)
    assert first.status_code == 200
    assert not first.has_header("Content-Encoding")
    token = b'name="csrfmiddlewaretoken" value="'
    assert token in first.content
    masked = [r.content.split(token)[1][:64] for r in (first, second)]
    assert masked[0] != masked[1]


def test_nothing_is_compressed_for_a_visitor_with_a_session(twenty_five_listings, admin_client):
    for url in ["/admin/directory/listing/?q=Program", "/services/?county=bernalillo"]:
        response = admin_client.get(url, **GZIP)
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), url


def test_compressed_pages_differ_in_length_from_one_response_to_the_next(client, twenty_five_listings):
    # Django pads each compressed response with up to 100 random bytes ("Heal the Breach").
    lengths = {len(client.get("/services/?county=bernalillo", **GZIP).content) for _ in range(8)}
    assert len(lengths) > 1
