"""Coverage and the home page's county map in a real Chromium: WCAG 2.2 AA by axe in both
languages, every county reachable by keyboard and announced by name, and nothing requested
from any other host."""

from urllib.parse import urlsplit

import pytest

from directory.rules import vocab
from tests.browser import axe
from tests.browser.axe import described

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
# The pages whose look depends on the listings. Signs and about, which do not, are scanned
# by test_browser_a11y.py at the same widths in both languages, best practices included.
PAGES = {
    "coverage": ("/coverage/", 200),
    "coverage of one type": ("/coverage/?service_type=shelter", 200),
    "coverage, unknown type": ("/coverage/?service_type=spaceships", 400),
    "home with its county map": ("/", 200),
}
# The focused county: filled with the site's focus colour (--focus, #ffbf47), outlined dark.
FOCUSED_FILL = "rgb(255, 191, 71)"


@pytest.fixture
def listings(make_listing, vocabulary) -> None:
    make_listing("Casa Segura", service_types=["shelter", "legal-aid"], counties_served=["taos", "rio-arriba"])
    make_listing("Statewide Line", service_types=["hotline"], statewide=True)
    # Enough shelters in Doña Ana for every shade of the legend, white figures included.
    for n in range(4):
        make_listing(f"Refugio {n}", service_types=["shelter"], counties_served=["dona-ana"])


def violations(page) -> list[str]:
    return described(axe.violations(page))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pages_have_no_wcag_22_aa_violations_and_reflow_at_320_px(live_server, page, listings, language):
    prefix = "/es" if language == "es" else ""
    problems = {}
    for name, (path, status) in PAGES.items():
        page.set_viewport_size(DESKTOP)
        response = page.goto(live_server.url + prefix + path)
        assert response.status == status, name
        assert page.get_attribute("html", "lang") == language
        found = violations(page)
        page.set_viewport_size(NARROW)
        found += [f"at 320 px: {violation}" for violation in violations(page)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            found.append(f"at 320 px the page is {width} px wide: it scrolls sideways")
        if found:
            problems[name] = found
    assert problems == {}


def _ax_link_names(page) -> list[str]:
    """The links inside the map as Chromium's own accessibility tree names them."""
    cdp = page.context.new_cdp_session(page)
    svg = page.locator("svg.county-map")
    svg.evaluate("el => el.setAttribute('data-under-test', '1')")
    document = cdp.send("DOM.getDocument", {"depth": 0})
    node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "[data-under-test]"})
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})
    names = []
    for ax_node in cdp.send("Accessibility.queryAXTree", {"nodeId": node["nodeId"], "role": "link"})["nodes"]:
        names.append(ax_node["name"]["value"])
    assert tree["nodes"], "the map is in the accessibility tree"
    return names


def test_every_county_on_the_coverage_map_is_reached_by_tab_in_order_and_announced(live_server, page, listings):
    page.goto(live_server.url + "/coverage/?service_type=shelter")
    expected = [
        f"{name}: {count} service{'' if count == 1 else 's'}"
        for name, count in (
            (name, {"taos": 1, "rio-arriba": 1, "dona-ana": 4}.get(slug, 0)) for slug, name in vocab.COUNTIES.items()
        )
    ]
    assert _ax_link_names(page) == expected

    # Tab from the control before the map (the form's button) through every county, in order.
    page.locator(".coverage-form button").focus()
    reached = []
    for _ in vocab.COUNTIES:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        fill = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).fill")
        assert fill == FOCUSED_FILL, (reached[-1], fill)  # a visible focus indicator on the shape
    assert reached == expected
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('svg')") is None  # out of the map after the last

    # Enter follows the focused county's link to its search.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/?county=valencia&service_type=shelter")


def test_the_home_pages_map_names_every_county_for_keyboard_and_screen_reader(live_server, page, listings):
    page.goto(live_server.url + "/es/")
    assert _ax_link_names(page) == list(vocab.COUNTIES.values())
    page.locator("svg.county-map a").first.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Bernalillo"
    page.keyboard.press("Enter")
    page.wait_for_url("**/es/services/?county=bernalillo")


def test_the_home_pages_map_comes_after_the_whole_search_form_on_a_phone(live_server, page, listings):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    form = page.locator("form[role=search]").bounding_box()
    county_map = page.locator("svg.county-map").bounding_box()
    assert county_map["y"] >= form["y"] + form["height"]  # nothing of the map above the search
    assert county_map["width"] <= 390


def test_no_request_leaves_this_host(live_server, new_context, listings):
    context = new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))  # blocked ones too

    for path in ("/signs/", "/es/signs/", "/coverage/?service_type=shelter", "/es/coverage/", "/about/", "/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.locator("svg.county-map a").nth(2).click()  # a county of the home page's map
    page.wait_for_url("**/services/?county=chaves")

    assert len(requests) > 6
    hosts = {urlsplit(url).netloc for url in requests if url.startswith("http")}
    assert hosts == {urlsplit(live_server.url).netloc}
