"""/signs/: recognise trafficking, help someone, report it — every sign its own list item,
every number tappable, in English and in Spanish."""

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

LANGUAGES = {"": "en", "/es": "es"}
NUMBERS = ['href="tel:911"', 'href="tel:+18883737888"', 'href="sms:233733"', 'href="tel:988"', 'href="sms:988"']


class ListItems(HTMLParser):
    """The text of each <li> inside <ul class="signs">."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside the signs list
        self.items: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "ul" and ("class", "signs") in attrs:
            self.depth = 1
        elif self.depth and tag == "li":
            self.items.append("")

    def handle_endtag(self, tag) -> None:
        if tag == "ul" and self.depth:
            self.depth = 0

    def handle_data(self, data) -> None:
        if self.depth and self.items:
            self.items[-1] += data


def signs_of(body: str) -> list[str]:
    parser = ListItems()
    parser.feed(body)
    return [" ".join(item.split()) for item in parser.items]


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_every_sign_is_its_own_list_item(client, prefix):
    signs = signs_of(client.get(prefix + "/signs/").content.decode())
    assert len(signs) == 10
    assert all(sign.endswith(".") for sign in signs)  # one whole sign each, none split or merged
    under_18 = [sign for sign in signs if "18" in sign]
    assert len(under_18) == 1


def test_the_english_signs_say_what_the_brief_asks(client):
    signs = " ".join(signs_of(client.get("/signs/").content.decode()))
    for words in ("controls where they go", "ID, passport", "injuries", "avoid eye contact", "practiced",
                  "older boyfriend", "under 18", "live where they work", "debt", "private app"):
        assert words in signs


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_every_number_is_tappable(client, prefix):
    body = client.get(prefix + "/signs/").content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    for link in NUMBERS:
        assert link in main, link
    assert ">1-888-373-7888</a>" in main and ">233733</a>" in main


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_hotlines_report_form_is_linked_without_a_referrer(client, prefix):
    body = client.get(prefix + "/signs/").content.decode()
    assert re.search(
        r'<a href="https://humantraffickinghotline.org/en/report-trafficking" rel="noreferrer noopener" hreflang="en">', body
    )


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_page_has_the_safety_line_quick_exit_and_sets_no_cookie(client, settings, prefix):
    settings.QUICK_EXIT_URL = "https://weather.example/"
    response = client.get(prefix + "/signs/")

    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{LANGUAGES[prefix]}">' in body
    assert 'id="quick-exit" class="quick-exit" href="https://weather.example/"' in body
    assert 'class="safety-line"' in body
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_a_visitor_holding_a_session_cookie_gets_no_new_one(client):
    client.cookies["sessionid"] = "an-old-session-from-a-form-page"
    response = client.get("/signs/")
    assert "Set-Cookie" not in response.headers


def test_the_spanish_page_says_trata_de_personas_and_shows_no_english(client):
    from tests.spanish import english_left

    body = client.get("/es/signs/").content.decode()
    main = body[body.index("<main") : body.index("</main>")]  # the site's frame is tested elsewhere
    assert "trata de personas" in main
    assert "tráfico" not in main  # smuggling, a different crime (docs/glossary.md)
    assert english_left(main) == []


def test_it_links_into_the_directorys_own_listings(client):
    body = client.get("/signs/").content.decode()
    for service_type in ("hotline", "legal-aid", "immigration"):
        assert f'href="/services/?service_type={service_type}"' in body
    spanish = client.get("/es/signs/").content.decode()
    assert 'href="/es/services/?service_type=immigration"' in spanish


def test_it_is_read_only(client):
    assert client.post("/signs/").status_code == 405
