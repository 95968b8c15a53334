"""WCAG 2.2 AA in a real browser: axe-core finds nothing on the public pages (best practices
included), in English and Spanish, at desktop width and at 320 px, where nothing may need
horizontal scrolling (reflow)."""

import pytest

from tests.browser import axe
from tests.browser.axe import described

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}

PAGES = {
    "home": "/",
    "results": "/services/?county=taos",
    "no results": "/services/?county=harding",
    "bad filter values": "/services/?county=atlantis&near=87571&radius=0",
    "detail": "/services/casa-segura/",
    "confidential detail": "/services/safe-house/",
    "safety": "/safety/",
    "signs": "/signs/",
    "about": "/about/",
    "suggestion form": "/services/casa-segura/suggest/",
    "advocate login": "/advocate/login/",
    "not found": "/services/no-such-listing/",
}
STATUS = {"bad filter values": 400, "not found": 404}


@pytest.fixture
def listings(make_listing, vocabulary) -> None:
    make_listing(
        "Casa Segura",
        slug="casa-segura",
        organization="Example Coalition",
        description="Emergency shelter for women and children.",
        description_es="Refugio de emergencia para mujeres y niños.",
        eligibility="Adults 18 and over, and their children.",
        address="12 Example Way",
        city="Taos",
        zip="87571",
        county="taos",
        counties_served=["taos", "rio-arriba"],
        service_types=["shelter", "legal-aid"],
        languages=["es", "nv"],
        populations=["women", "families"],
        fees="free",
        website="https://example.org/services/a-long-path/that-could-push-a-narrow-screen-sideways/",
        email="intake@example.org",
        phones=[("voice", "+15755550100"), ("text", "233733"), ("tty", "+15755550199")],
        hours=[(day, "09:00", "17:00") for day in range(5)] + [(5, "20:00", "02:00")],
    )
    make_listing(
        "Safe House",
        slug="safe-house",
        confidential_location=True,
        description="Confidential shelter. English only.",
        address="4821 Example Avenue",
        city="Taos",
        county="taos",
        counties_served=["taos"],
        hotline_24_7=True,
        phones=[("voice", "+15755550123")],
    )
    make_listing("Statewide Line", statewide=True, service_types=["hotline"], last_verified=None)


def violations(page) -> list[str]:
    # WCAG 2.2 A and AA, and axe's best practices too (landmarks, one main, headings in
    # order, every piece of content in a landmark): none is excluded.
    return described(axe.violations(page, best_practice=True))


@pytest.mark.parametrize("language", ["en", "es"])
def test_pages_have_no_wcag_22_aa_violations_and_reflow_at_320_px(live_server, page, listings, language):
    # One test per language, not per page: each live-server test costs a database flush.
    prefix = "/es" if language == "es" else ""
    problems = {}
    for name, path in PAGES.items():
        page.set_viewport_size(DESKTOP)
        response = page.goto(live_server.url + prefix + path)
        assert response.status == STATUS.get(name, 200), name
        assert page.get_attribute("html", "lang") == language, name
        found = violations(page)
        page.set_viewport_size(NARROW)
        found += [f"at 320 px: {violation}" for violation in violations(page)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            found.append(f"at 320 px the page is {width} px wide: it scrolls sideways")
        if found:
            problems[name] = found
    assert problems == {}


def test_error_summary_links_to_fields_marked_invalid_and_described(live_server, page, listings):
    page.goto(live_server.url + PAGES["bad filter values"])
    summary = page.get_by_role("alert")
    assert "atlantis" in summary.text_content()

    radius = page.locator("#id_radius")
    assert radius.get_attribute("aria-invalid") == "true"
    assert "“0”" in page.locator("#" + radius.get_attribute("aria-describedby")).text_content()
    counties = page.locator("#field-county fieldset")
    assert "atlantis" in page.locator("#" + counties.get_attribute("aria-describedby")).text_content()

    summary.get_by_role("link", name="Within (miles)").click()
    assert page.evaluate("document.activeElement.id") == "id_radius"
    summary.get_by_role("link", name="County").click()
    assert page.evaluate("document.activeElement.id") == "id_county_0"


def test_listing_text_not_in_the_page_language_is_marked(live_server, page, listings):
    page.goto(live_server.url + "/es/services/safe-house/")
    assert page.locator("main [lang=en]", has_text="English only.").count() == 1

    page.goto(live_server.url + "/es/services/casa-segura/")
    assert page.locator("main [lang=en]", has_text="Adults 18 and over").count() == 1
    assert page.locator("main [lang=en]", has_text="Refugio de emergencia").count() == 0

    page.goto(live_server.url + "/")
    assert page.locator("#id_q_help [lang=es]").text_content() == "refugio, asesoría legal"


@pytest.mark.parametrize("language", ["en", "es"])
def test_suggestion_form_with_errors_has_no_wcag_22_aa_violations(live_server, page, listings, language):
    prefix = "/es" if language == "es" else ""
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + prefix + PAGES["suggestion form"])
    page.locator("main form button[type=submit]").click()  # nothing filled in: the form comes back with errors
    page.locator(".error-summary").wait_for()  # the answer to the post, not the page it left
    assert violations(page) == []
