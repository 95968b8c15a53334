"""From the home page to a service's phone number: by keyboard alone, and with JavaScript off."""

import pytest

pytest_plugins = ["tests.browser"]
pytestmark = pytest.mark.browser

# The focused element's visible focus indicator: an outline or a ring drawn as a box shadow.
FOCUS_INDICATOR = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return outline || style.boxShadow !== "none";
}"""


@pytest.fixture
def shelter(make_listing, vocabulary) -> None:
    make_listing("Other Service", service_types=["legal-aid"], phones=[("voice", "+15055550111")])
    make_listing(
        "Casa Segura Shelter",
        slug="casa-segura",
        city="Taos",
        county="taos",
        counties_served=["taos"],
        phones=[("voice", "+15755550100"), ("text", "233733")],
    )


def tab_to(page, condition: str, *, limit: int = 60) -> None:
    """Press Tab until `condition` (JavaScript, about document.activeElement) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_INDICATOR), page.evaluate("document.activeElement.outerHTML")
        if page.evaluate(f"() => {{ const el = document.activeElement; return Boolean({condition}); }}"):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {condition}")


def test_keyboard_alone_searches_opens_a_result_and_reaches_its_phone(live_server, page, shelter):
    page.goto(live_server.url + "/")
    tab_to(page, "el.id === 'id_q'")
    page.keyboard.type("shelter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_county"
    page.keyboard.type("Taos")  # a closed select picks the option typed
    tab_to(page, "el.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/?q=shelter*")
    assert page.get_by_role("status").filter(has_text="found").text_content().strip().startswith("1 service found")

    tab_to(page, "el.closest('.skip-to-results')")
    page.keyboard.press("Enter")
    # Past the filters: the first result is at most two stops on (after "Print this list").
    tab_to(page, "el.closest('.result')", limit=2)
    assert page.evaluate("document.activeElement.textContent") == "Casa Segura Shelter"
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/casa-segura/")

    tab_to(page, "el.closest('main .phones') && el.getAttribute('href') === 'tel:+15755550100'")
    assert page.evaluate("document.activeElement.textContent") == "Call (575) 555-0100"


def test_without_javascript_clicks_search_open_a_result_and_show_its_phone(live_server, new_context, settings, shelter):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name="Quick exit").get_attribute("href") == settings.QUICK_EXIT_URL

    page.get_by_label("What do you need?").click()
    page.keyboard.type("shelter")
    page.get_by_label("County").select_option(label="Taos")
    page.get_by_label("Emergency shelter").click()
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/services/?q=shelter*")
    assert page.get_by_role("status").filter(has_text="found").text_content().strip().startswith("1 service found")
    assert not page.locator("[data-print]").is_visible()  # printing from a link needs JavaScript

    page.get_by_role("link", name="Casa Segura Shelter").click()
    page.wait_for_url("**/services/casa-segura/")
    phone = page.locator("main .phones").get_by_role("link", name="Call (575) 555-0100")
    assert phone.is_visible()
    assert phone.get_attribute("href") == "tel:+15755550100"
