"""The quick exit and the no-third-party rule, in a real browser (Debian Chromium)."""

import json
import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}

# Where the element with focus is covered by the sticky bar (null when it is not).
FOCUS_UNDER_BAR = """() => {
  const el = document.activeElement;
  const bar = document.querySelector(".quick-exit-bar");
  if (!el || el === document.body || bar.contains(el)) { return null; }
  const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
  const top = Math.max(r.top, b.top), bottom = Math.min(r.bottom, b.bottom);
  if (bottom <= top || r.width === 0) { return null; }
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const hit = document.elementFromPoint(x, (top + bottom) / 2);
  if (hit && (hit === el || el.contains(hit))) { return null; }  // stacked above the bar
  return {element: el.outerHTML.slice(0, 120), top: r.top, bottom: r.bottom, barBottom: b.bottom};
}"""

QUICK_EXIT_UNCOVERED = """() => {
  const box = document.querySelector("#quick-exit").getBoundingClientRect();
  return [[0.1, 0.1], [0.5, 0.5], [0.9, 0.9]].every(([fx, fy]) => {
    const hit = document.elementFromPoint(box.left + fx * box.width, box.top + fy * box.height);
    return hit !== null && hit.closest("#quick-exit") !== null;
  });
}"""

# The focused element, told apart from others like it (twenty "Call (505) 555-0100" buttons)
# by its place in the document.
FOCUS_KEY = """() => {
  const el = document.activeElement;
  const place = Array.prototype.indexOf.call(document.querySelectorAll("*"), el);
  return el ? place + ":" + el.tagName + "#" + el.id + "|" + (el.getAttribute("href") || "") + "|" + (el.name || "") + "|" + (el.value || "") + "|" + el.textContent.slice(0, 30) : "";
}"""


@pytest.fixture
def exit_url(live_server, settings) -> str:
    """A quick-exit target on the live server itself: no request may leave this machine."""
    settings.QUICK_EXIT_URL = live_server.url + "/about/?left=1"
    return settings.QUICK_EXIT_URL


@pytest.fixture
def results(make_listing, vocabulary) -> None:
    for n in range(25):
        make_listing(
            f"Shelter {n:02d}",
            city="Taos",
            county="taos",
            counties_served=["taos"],
            website="https://shelter.example.org/",
        )


def left(url: str) -> bool:
    return url.endswith("/about/?left=1")


def press_shift(page, times: int) -> None:
    for _ in range(times):
        page.keyboard.press("Shift")


def watch_leaving(page) -> list[dict]:
    """What the page looked like as the browser began to leave it (at beforeunload)."""
    seen = []
    page.on("console", lambda message: message.text.startswith("{") and seen.append(json.loads(message.text)))
    page.evaluate(
        """() => addEventListener("beforeunload", () => console.log(JSON.stringify({
          html: document.body.innerHTML, title: document.title,
          exiting: document.documentElement.classList.contains("exiting")})))"""
    )
    return seen


def test_shift_three_times_blanks_the_page_and_leaves_without_a_way_back(live_server, page, exit_url):
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/services/")
    leaving = watch_leaving(page)

    press_shift(page, 1)
    assert page.text_content("#quick-exit-status") == "Shift pressed 1 of 3 times for quick exit."
    press_shift(page, 1)
    assert "2" in page.text_content("#quick-exit-status")  # announced to screen readers
    press_shift(page, 1)
    page.wait_for_url(left)

    assert leaving == [{"html": "", "title": "", "exiting": True}]  # blank before it left
    page.go_back()
    assert page.url == live_server.url + "/"  # the results page was replaced, not left behind


def test_clicking_quick_exit_blanks_the_page_and_leaves_without_a_way_back(live_server, page, exit_url):
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/es/safety/")
    leaving = watch_leaving(page)
    page.click("#quick-exit")
    page.wait_for_url(left)
    assert leaving == [{"html": "", "title": "", "exiting": True}]
    page.go_back()
    assert page.url == live_server.url + "/"


def test_quick_exit_works_without_javascript(live_server, new_context, exit_url):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/es/services/")
    link = page.locator("#quick-exit")
    assert link.get_attribute("href") == exit_url
    assert set(link.get_attribute("rel").split()) >= {"noreferrer", "noopener"}
    link.click()
    page.wait_for_url(left)


def test_shift_in_typing_or_shift_tab_does_not_leave(live_server, page, exit_url):
    page.goto(live_server.url + "/")
    page.click("#id_q")
    page.keyboard.type("Santa Fe NM Shelter")  # capitals: Shift with another key, four times
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    page.wait_for_timeout(300)
    assert page.url == live_server.url + "/"
    assert page.text_content("#quick-exit-status") == ""


def test_the_shift_count_starts_again_after_another_key(live_server, page, exit_url):
    page.goto(live_server.url + "/")
    press_shift(page, 2)
    page.keyboard.press("a")
    press_shift(page, 2)
    page.wait_for_timeout(300)
    assert page.url == live_server.url + "/"
    press_shift(page, 1)
    page.wait_for_url(left)


def test_shift_presses_further_apart_than_a_few_seconds_do_not_leave(live_server, page, exit_url):
    page.clock.install()
    page.goto(live_server.url + "/")
    press_shift(page, 2)
    page.clock.run_for(6000)
    assert page.text_content("#quick-exit-status") == ""  # the count has started again
    press_shift(page, 1)
    page.wait_for_timeout(300)
    assert page.url == live_server.url + "/"
    assert "1" in page.text_content("#quick-exit-status")


def test_quick_exit_never_hides_the_focused_element_while_tabbing(live_server, new_context, results):
    page = new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + "/services/?county=taos")
    assert page.locator(".result").count() == 20
    seen = []
    for _ in range(200):
        page.keyboard.press("Tab")
        key = page.evaluate(FOCUS_KEY)
        if key in seen:  # back at the start of the page
            break
        seen.append(key)
        assert page.evaluate(FOCUS_UNDER_BAR) is None, key
    assert len(seen) > 45  # 20 results with a name and a phone each were tabbed through
    # And backwards, where the bar is above what gets focus.
    for _ in range(len(seen)):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(FOCUS_UNDER_BAR) is None, page.evaluate(FOCUS_KEY)
    assert page.url.startswith(live_server.url + "/services/")


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}])
def test_quick_exit_is_at_least_44_px_square_and_on_screen_when_scrolled(live_server, new_context, results, viewport):
    page = new_context(viewport=viewport).new_page()
    page.goto(live_server.url + "/services/?county=taos")
    page.mouse.wheel(0, 3000)
    page.wait_for_function("() => window.scrollY > 1000")
    box = page.locator("#quick-exit").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    assert page.evaluate(QUICK_EXIT_UNCOVERED)  # nothing is on top of it


def test_the_skip_link_does_not_cover_the_quick_exit(live_server, new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + "/services/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert page.evaluate(QUICK_EXIT_UNCOVERED)
    assert page.evaluate(FOCUS_UNDER_BAR) is None
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "quick-exit"
    assert page.evaluate(QUICK_EXIT_UNCOVERED)


def test_quick_exit_is_hidden_when_printing(live_server, page):
    page.goto(live_server.url + "/services/")
    assert page.locator("#quick-exit").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("#quick-exit").is_visible()


def test_no_request_leaves_the_site_while_searching(live_server, page, results):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))

    page.goto(live_server.url + "/")
    page.fill("#id_q", "shelter")
    page.select_option("#id_county", "taos")
    page.click("form.search-form button[type=submit]")
    page.wait_for_url(re.compile(r"/services/\?"))
    page.click(".result h3 a")
    page.wait_for_url(re.compile(r"/services/[\w-]+/$"))
    page.click("a[hreflang=es]")
    page.wait_for_url(re.compile(r"/es/services/"))
    page.goto(live_server.url + "/es/services/?q=refugio&near=Taos")
    page.goto(live_server.url + "/about/")

    assert len(requests) > 10
    assert [url for url in requests if not url.startswith(live_server.url + "/")] == []
    assert any(url.endswith(".js") for url in requests) and any(url.endswith(".css") for url in requests)
    assert console_errors == []  # among others, no Content-Security-Policy violation
