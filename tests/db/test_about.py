"""/about/: who runs the directory (from settings), how to get listed, vetting, the data."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_demo_says_it_is_a_demo(client, prefix):
    body = client.get(prefix + "/about/").content.decode()
    assert 'class="demo-notice"' in body
    assert "directory@example.org" in body


def test_a_deployment_shows_its_operator_and_no_demo_notice(client, settings):
    settings.OPERATOR_IS_DEMO = False
    settings.OPERATOR_NAME = "New Mexico Anti-Trafficking Coalition"
    settings.OPERATOR_EMAIL = "listings@coalition.example"
    settings.OPERATOR_POSTAL_ADDRESS = "PO Box 1234, Santa Fe, NM 87504"

    body = client.get("/about/").content.decode()

    assert 'class="demo-notice"' not in body
    assert "New Mexico Anti-Trafficking Coalition" in body
    assert "PO Box 1234, Santa Fe, NM 87504" in body
    assert '<a href="mailto:listings@coalition.example">listings@coalition.example</a>' in body
    assert 'href="mailto:listings@coalition.example?subject=Listing%20request"' in body


def test_the_spanish_request_email_has_a_spanish_subject(client):
    body = client.get("/es/about/").content.decode()
    assert "?subject=Solicitud%20para%20aparecer%20en%20el%20directorio" in body


def test_it_explains_vetting_and_links_the_data(client):
    body = client.get("/about/").content.decode()
    assert "How we vet listings" in body and "How an organization gets listed" in body
    assert 'href="/api/v1/services/"' in body and 'href="/api/schema/"' in body
    assert "HSDS 3.0" in body
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="noreferrer noopener">CC BY 4.0</a>' in body
    assert 'href="/coverage/"' in body and 'href="/signs/"' in body


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_page_has_the_safety_line_quick_exit_and_sets_no_cookie(client, settings, prefix):
    settings.QUICK_EXIT_URL = "https://weather.example/"
    response = client.get(prefix + "/about/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="quick-exit" class="quick-exit" href="https://weather.example/"' in body
    assert 'class="safety-line"' in body and 'href="tel:911"' in body
    assert "Set-Cookie" not in response.headers and not response.cookies


def test_the_spanish_page_shows_no_english(client):
    from tests.spanish import english_left

    body = client.get("/es/about/").content.decode()
    main = body[body.index("<main") : body.index("</main>")]  # the site's frame is tested elsewhere
    assert english_left(main) == []


def test_it_needs_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/about/").status_code == 200
