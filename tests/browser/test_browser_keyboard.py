"""From the home page to a service's phone number: by keyboard alone, and with JavaScript off."""

import pytest

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
    assert page.evaluate("document.activeElement.id") == "results"
    assert page.evaluate(FOCUS_INDICATOR)  # where the skip link sent focus shows it
    # Past the filters: the first result is the next stop.
    tab_to(page, "el.closest('.result')", limit=1)
    assert page.evaluate("document.activeElement.textContent") == "Casa Segura Shelter"
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/casa-segura/")

    tab_to(page, "el.closest('main .phones') && el.getAttribute('href') === 'tel:+15755550100'")
    assert page.evaluate("document.activeElement.textContent") == "Call (575) 555-0100"


class CountedKeyboard:
    """page.keyboard, counting every key a person would press."""

    def __init__(self, page) -> None:
        self.page, self.presses = page, 0

    def press(self, key: str) -> None:
        self.presses += 1
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.presses += len(text)
        self.page.keyboard.type(text)

    def tab_to(self, condition: str, *, limit: int = 20) -> None:
        """Tab until `condition` holds, each stop visibly focused (as tab_to)."""
        for _ in range(limit):
            self.press("Tab")
            assert self.page.evaluate(FOCUS_INDICATOR), self.page.evaluate("document.activeElement.outerHTML")
            if self.page.evaluate(f"() => {{ const el = document.activeElement; return Boolean({condition}); }}"):
                return
        raise AssertionError(f"{limit} presses of Tab never reached {condition}")


@pytest.fixture
def dona_ana(make_listing, vocabulary) -> None:
    make_listing(
        "Bright Path Emergency Shelter",
        city="Las Cruces",
        county="dona-ana",
        counties_served=["dona-ana"],
        phones=[("voice", "+15755550100")],
    )
    make_listing("Open Gate Night Shelter", city="Las Cruces", county="dona-ana", counties_served=["dona-ana"])
    make_listing(
        "Border Legal Aid", service_types=["legal-aid"], city="Las Cruces", county="dona-ana", counties_served=["dona-ana"]
    )
    make_listing("Albuquerque Shelter", city="Albuquerque", county="bernalillo", counties_served=["bernalillo"])


def test_from_home_to_a_dona_ana_shelters_call_button_in_at_most_20_key_presses(live_server, page, dona_ana, capsys):
    keys = CountedKeyboard(page)
    page.goto(live_server.url + "/")
    keys.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    keys.press("Enter")  # to the main content: past the quick exit, safety line and menu
    keys.tab_to("el.id === 'id_county'")
    keys.type("Do")  # a closed select picks the option typed: Doña Ana
    assert page.evaluate("document.activeElement.value") == "dona-ana"
    keys.tab_to("el.type === 'checkbox' && el.value === 'shelter'")
    keys.press("Space")
    keys.press("Enter")  # sends the form from its checkbox
    page.wait_for_url("**/services/?*")

    keys.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the results"
    keys.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"
    keys.tab_to("el.closest('.result') && el.href.startsWith('tel:')")
    card = page.evaluate("document.activeElement.closest('.result').innerText")
    assert "Bright Path Emergency Shelter" in card and "Doña Ana County" in card
    assert page.evaluate("document.activeElement.getAttribute('href')") == "tel:+15755550100"
    with capsys.disabled():
        print(f"\nfrom / to a Doña Ana shelter's call button: {keys.presses} key presses")
    assert keys.presses <= 20, keys.presses


def test_without_javascript_clicks_search_open_a_result_and_show_its_phone(live_server, new_context, settings, shelter):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name="Quick exit").get_attribute("href") == settings.QUICK_EXIT_URL

    page.get_by_label("What do you need?").click()
    page.keyboard.type("shelter")
    page.get_by_label("County", exact=True).select_option(label="Taos")
    page.get_by_label("Emergency shelter").click()
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/services/?q=shelter*")
    assert page.get_by_role("status").filter(has_text="found").text_content().strip().startswith("1 service found")
    assert not page.locator("[data-print]").is_visible()  # printing from a link needs JavaScript

    page.get_by_role("link", name="Casa Segura Shelter", exact=True).click()
    page.wait_for_url("**/services/casa-segura/")
    phone = page.locator("main .phones").get_by_role("link", name="Call (575) 555-0100")
    assert phone.is_visible()
    assert phone.get_attribute("href") == "tel:+15755550100"


def test_each_emergency_number_is_one_tab_stop_on_the_home_page(live_server, page, vocabulary):
    page.goto(live_server.url + "/")
    numbers = []
    for _ in range(120):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.startswith(("tel:", "sms:")):
            numbers.append(href)
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last stop
    assert sorted(numbers) == ["sms:233733", "tel:+18883737888", "tel:911"]
