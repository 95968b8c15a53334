"""Printed results and listings: names, phone numbers, hours and towns; no controls, no quick exit."""

import pytest

pytestmark = pytest.mark.browser

# Screen-only parts of every page.
CHROME = [".skip-link", ".quick-exit", ".quick-exit-bar", ".safety-line", ".site-header nav", ".site-footer"]


@pytest.fixture
def listings(make_listing, vocabulary) -> None:
    make_listing(
        "Casa Segura",
        slug="casa-segura",
        address="12 Example Way",
        city="Taos",
        zip="87571",
        county="taos",
        counties_served=["taos"],
        phones=[("voice", "+15755550100"), ("text", "233733")],
        hours=[(day, "09:00", "17:00") for day in range(5)] + [(5, "20:00", "02:00")],
    )
    make_listing(
        "Safe House",
        slug="safe-house",
        confidential_location=True,
        address="4821 Example Avenue",
        city="Española",
        county="rio-arriba",
        counties_served=["rio-arriba"],
        hotline_24_7=True,
        phones=[("voice", "+15055550123")],
    )


def assert_hidden(page, selectors: list[str]) -> None:
    for selector in selectors:
        elements = page.locator(selector)
        assert elements.count(), f"nothing matches {selector}"
        assert elements.evaluate_all("els => els.every(el => !el.checkVisibility())"), f"{selector} is printed"


def test_printed_results_show_names_phones_hours_and_towns_only(live_server, page, listings):
    page.goto(live_server.url + "/services/")
    print_button = page.get_by_role("button", name="Print this list")
    assert print_button.is_visible()  # revealed by site.js, which can print

    page.emulate_media(media="print")
    # "Open now" or "Closed now" (whichever it is as the test runs) means nothing on paper.
    assert_hidden(page, [*CHROME, ".filters", ".skip-to-results", "[data-print]", ".open-status-open, .open-status-closed"])

    # A call button's text ends with whom it calls, for screen readers only ("Call (575)
    # 555-0100, Casa Segura"): the visible words are found within it.
    casa = page.locator(".result", has_text="Casa Segura")
    for text in ("Casa Segura", "Call (575) 555-0100", "Taos, Taos County"):
        assert casa.get_by_text(text).first.is_visible(), text
    hours = casa.locator(".hours-summary")
    assert hours.is_visible()
    assert hours.text_content() == "Hours: Mon, Tue, Wed, Thu, Fri 9 a.m.–5 p.m.; Sat 8 p.m.–2 a.m. (next day)"

    safe = page.locator(".result", has_text="Safe House")
    for text in ("Safe House", "Call (505) 555-0123", "Española, Rio Arriba County", "Open 24/7"):
        assert safe.get_by_text(text).first.is_visible(), text


def test_printed_listing_shows_name_phones_hours_and_place_only(live_server, page, listings):
    page.goto(live_server.url + "/services/casa-segura/")
    page.emulate_media(media="print")
    assert_hidden(page, [*CHROME, ".suggest"])

    main = page.locator("main")
    for text in ("Casa Segura", "Call (575) 555-0100", "Text 233733"):
        assert main.get_by_text(text, exact=True).is_visible(), text
    address = main.locator(".address")
    assert address.is_visible()
    assert address.inner_text().splitlines() == ["12 Example Way", "Taos 87571", "Taos County"]
    hours = main.locator("table.hours")
    assert hours.is_visible()
    assert hours.get_by_role("row", name="Monday").text_content() == "Monday9 a.m.–5 p.m."


def test_printed_confidential_listing_shows_its_town_and_phone(live_server, page, listings):
    page.goto(live_server.url + "/es/services/safe-house/")
    page.emulate_media(media="print")
    assert_hidden(page, CHROME)
    main = page.locator("main")
    assert main.get_by_text("(505) 555-0123").is_visible()
    assert "Española" in main.locator(".address").text_content()
    assert "4821" not in main.text_content()
