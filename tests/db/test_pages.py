import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/services/", "/about/", "/safety/", "/es/", "/es/services/", "/es/about/", "/es/safety/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_the_safety_line_and_quick_exit(client, settings, url):
    settings.QUICK_EXIT_URL = "https://weather.example/"
    body = client.get(url).content.decode()
    assert 'href="tel:911"' in body
    assert "1-888-373-7888" in body and "233733" in body
    assert 'id="quick-exit" class="quick-exit" href="https://weather.example/" rel="noreferrer noopener"' in body


def test_home_offers_search_county_and_service_types(client):
    body = client.get("/").content.decode()
    assert 'name="q"' in body
    assert '<option value="dona-ana">Doña Ana</option>' in body
    assert 'name="service_type" value="legal-aid"' in body


def test_language_link_keeps_path_and_query(client):
    body = client.get("/services/?county=taos&q=refugio").content.decode()
    assert 'href="/es/services/?county=taos&amp;q=refugio"' in body
    spanish = client.get("/es/services/?county=taos").content.decode()
    assert 'href="/services/?county=taos"' in spanish


def test_spanish_pages_need_no_cookie(client):
    response = client.get("/es/")
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()
    assert not response.cookies


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_post_to_search_is_not_allowed(client):
    assert client.post("/services/").status_code == 405


def meta_description(response) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', response.content.decode())
    assert match, "no meta description"
    return match.group(1)


def test_every_page_has_its_own_description_for_search_engines_in_its_language(client):
    english = {url: meta_description(client.get(url)) for url in PAGES if not url.startswith("/es/")}
    spanish = {url: meta_description(client.get("/es" + url)) for url in english}
    assert all(len(text) > 50 and "\n" not in text for text in [*english.values(), *spanish.values()])
    assert len(set(english.values())) == len(english)  # one of its own per page
    assert not set(english.values()) & set(spanish.values())  # translated


def test_a_listings_description_names_it_and_never_its_confidential_address(client, make_listing):
    make_listing(
        "Safe House",
        slug="safe-house",
        organization="Example Coalition",
        confidential_location=True,
        address="4821 Example Avenue",
        city="Taos",
        county="taos",
        zip="87571",
    )
    for prefix in ("", "/es"):
        description = meta_description(client.get(prefix + "/services/safe-house/"))
        assert "Safe House" in description and "Example Coalition" in description
        assert "4821" not in description and "87571" not in description
