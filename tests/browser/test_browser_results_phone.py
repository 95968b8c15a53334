"""The survivor's path on a phone (issue 13), in a real browser: results first at 390×844 and
320×568 in both languages, the filters behind one control that opens and applies with and
without JavaScript, and WCAG 2.2 AA (axe) on every page the path changed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.browser.axe import violations

pytestmark = pytest.mark.browser

PHONES = {"390x844": {"width": 390, "height": 844}, "320x568": {"width": 320, "height": 568}}
DESKTOP = {"width": 1280, "height": 800}
SEARCH = "/services/?county=dona-ana&service_type=shelter"
# A Wednesday evening in New Mexico: the office-hours shelter is closed, the others are open.
EVENING = datetime.datetime(2026, 12, 2, 19, 0, tzinfo=ZoneInfo("America/Denver"))


@pytest.fixture
def listings(make_listing, vocabulary) -> None:
    common = {"county": "dona-ana", "counties_served": ["dona-ana"], "service_types": ["shelter"], "languages": ["en", "es"]}
    make_listing(
        "Bright Path Emergency Shelter and Family Advocacy Center",
        slug="bright-path",
        organization="Example Bright Path Alliance of Southern New Mexico",
        city="Las Cruces",
        address="330 Example Avenue",
        zip="88001",
        latitude=32.31,
        longitude=-106.77,
        phones=[("voice", "+15755550100"), ("text", "+15755550101")],
        open_24_7=True,
        description="Emergency shelter.",
        **common,
    )
    make_listing("Casa de Paz", city="Anthony", hours=[(d, "09:00", "17:00") for d in range(5)], **common)
    make_listing("Desert Haven", city="Las Cruces", confidential_location=True, hotline_24_7=True, **common)
    make_listing("Statewide Night Line", statewide=True, service_types=["hotline"], hotline_24_7=True, phones=[("text", "233733")])


def open_page(new_context, url: str, viewport: dict, *, javascript: bool = True):
    page = new_context(viewport=viewport, java_script_enabled=javascript).new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("viewport", PHONES.values(), ids=list(PHONES))
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_count_and_the_first_result_are_on_the_first_screen(live_server, new_context, listings, viewport, language):
    prefix = "/es" if language == "es" else ""
    with time_machine.travel(EVENING, tick=False):
        page = open_page(new_context, live_server.url + prefix + SEARCH, viewport)
    height = viewport["height"]
    count = page.locator(".result-count").bounding_box()
    first = page.locator(".result").first
    name = first.locator("h3 a").bounding_box()
    assert count["y"] + count["height"] <= height
    assert first.bounding_box()["y"] < height
    assert name["y"] < height  # the first result's name starts on the first screen
    if viewport["width"] == 390:
        # On the 390 px phone the whole first card's name and its Call button are on it too.
        call = first.locator(".actions a").first.bounding_box()
        assert name["y"] + name["height"] <= height and call["y"] + call["height"] <= height
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_numbers_to_tap_are_44_px_targets(live_server, new_context, listings, language):
    prefix = "/es" if language == "es" else ""
    page = open_page(new_context, live_server.url + prefix + SEARCH, PHONES["320x568"])
    targets = page.locator(".safety-line a[href^='tel:'], .safety-line a[href^='sms:'], .result .actions a")
    assert targets.count() >= 5  # 911, the hotline's call and text, the first card's call and text
    for n in range(targets.count()):
        box = targets.nth(n).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, targets.nth(n).text_content()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_filters_open_and_apply_on_a_phone(live_server, new_context, listings, javascript, language):
    prefix = "/es" if language == "es" else ""
    page = open_page(new_context, live_server.url + prefix + SEARCH, PHONES["390x844"], javascript=javascript)
    form = page.locator("form.filters")
    assert not form.is_visible()  # closed: the results come first
    page.locator("summary.filter-toggle").click()
    assert form.is_visible()
    page.locator("#id_open_now").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "open_now=1" in page.url and "county=dona-ana" in page.url
    assert page.locator(".chips a").count() == 3  # the county, the type and "open now"
    assert page.locator("summary.filter-toggle").text_content().strip() in ("Filters (3 active)", "Filtros (3 activos)")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_chip_removes_its_filter(live_server, new_context, listings, javascript):
    page = open_page(new_context, live_server.url + SEARCH + "&open_now=1", PHONES["320x568"], javascript=javascript)
    with page.expect_navigation():
        page.get_by_role("link", name="Remove: Open now").click()
    assert "open_now" not in page.url and "county=dona-ana" in page.url


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_wide_screen_shows_the_filters_beside_the_results(live_server, new_context, listings, javascript):
    page = open_page(new_context, live_server.url + SEARCH, DESKTOP, javascript=javascript)
    form = page.locator("form.filters").bounding_box()
    results = page.locator("#results").bounding_box()
    assert page.locator("form.filters").is_visible()
    assert form["x"] + form["width"] <= results["x"]  # two columns: filters left, results right
    page.locator("#id_open_now").check()
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    assert "open_now=1" in page.url


def test_the_home_page_finds_somewhere_safe_tonight_in_one_tap(live_server, new_context, listings):
    page = open_page(new_context, live_server.url + "/", PHONES["390x844"])
    page.select_option("#id_tonight_county", "dona-ana")
    with page.expect_navigation():
        page.locator(".safe-tonight button").click()
    assert "open_now=1" in page.url and "service_type=shelter" in page.url and "service_type=hotline" in page.url
    assert page.locator(".result").count() >= 1


CHANGED_PAGES = {
    "home": "/",
    "results": SEARCH,
    "results near a misspelt place": "/services/?near=las+cruses",
    "results near a place over the state line": "/services/?near=El+Paso",
    "no results": "/services/?county=harding&service_type=immigration&open_now=1",
    "a place we cannot place": "/services/?near=lascrusis",
    "detail": "/services/bright-path/",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_changed_pages_have_no_wcag_22_aa_violations(live_server, new_context, listings, language):
    prefix = "/es" if language == "es" else ""
    problems = {}
    for viewport_name, viewport in {**PHONES, "1280": DESKTOP}.items():
        page = new_context(viewport=viewport).new_page()
        for name, path in CHANGED_PAGES.items():
            page.goto(live_server.url + prefix + path, referer=live_server.url + prefix + SEARCH)
            if name == "results" and viewport is not DESKTOP:
                page.locator("summary.filter-toggle").click()  # the open filters too
            found = violations(page)
            if found:
                problems[f"{name} at {viewport_name}"] = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in found]
    assert problems == {}
