"""Nothing ever covers the quick exit: at 320, 390 and 1280 px, with 100 % and 200 % text, in
English and Spanish, with and without focus on the skip link, every point sampled across the
Quick exit control hits the control itself; the skip link shows nothing of itself until it has
focus, and then shows all of itself; and the page never scrolls sideways."""

import pytest

pytestmark = pytest.mark.browser

WIDTHS = [320, 390, 1280]
HEIGHT = 800
# The browser's default font size, which the site's rem sizes follow: 100 % and 200 % text,
# as a person sets it in the browser's settings (not page zoom, which changes the width too).
TEXT_SIZES = {"100 %": 16, "200 %": 32}

# Points of a 9 × 5 grid across the Quick exit control that hit something other than the
# control (an empty list when nothing covers it). The grid's edge is its rounded corners'
# radius inside the control's box: the corners cut off by the rounding are not the control.
COVERED_POINTS = """() => {
  const control = document.querySelector("#quick-exit");
  const box = control.getBoundingClientRect();
  const inset = Math.max(1, parseFloat(getComputedStyle(control).borderTopLeftRadius));
  const covered = [];
  for (let i = 0; i < 9; i++) {
    for (let j = 0; j < 5; j++) {
      const x = box.left + inset + (box.width - 2 * inset) * i / 8;
      const y = box.top + inset + (box.height - 2 * inset) * j / 4;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !hit.closest("#quick-exit")) {
        covered.push([Math.round(x), Math.round(y), hit ? hit.outerHTML.slice(0, 60) : null]);
      }
    }
  }
  return covered;
}"""

# How much of the skip link can be seen: its box inside the viewport, and whether its
# centre hits it (the clipped, unfocused link is 1 px and hit by nothing).
SKIP_LINK_SEEN = """() => {
  const link = document.querySelector(".skip-link");
  const r = link.getBoundingClientRect();
  const width = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
  const height = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {area: width * height, whole: r.top >= 0 && r.left >= 0 && r.right <= innerWidth,
          hit: hit === link || link.contains(hit), focused: document.activeElement === link};
}"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_nothing_covers_the_quick_exit_at_any_width_text_size_or_focus(live_server, new_context, language):
    context = new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    prefix = "/es" if language == "es" else ""
    problems = []
    for width in WIDTHS:
        for size_name, size in TEXT_SIZES.items():
            case = f"{language}, {width} px, {size_name} text"
            page.set_viewport_size({"width": width, "height": HEIGHT})
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": size, "fixed": size}})
            page.goto(live_server.url + prefix + "/services/")
            assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == f"{size}px", case

            if covered := page.evaluate(COVERED_POINTS):
                problems.append(f"{case}, no focus: quick exit covered at {covered}")
            seen = page.evaluate(SKIP_LINK_SEEN)
            if seen["area"] > 1 or seen["hit"]:
                problems.append(f"{case}, no focus: the skip link shows {seen['area']} px²")
            if (page_width := page.evaluate("document.documentElement.scrollWidth")) > width:
                problems.append(f"{case}: the page is {page_width} px wide")

            page.keyboard.press("Tab")
            seen = page.evaluate(SKIP_LINK_SEEN)
            assert seen["focused"], case
            if covered := page.evaluate(COVERED_POINTS):
                problems.append(f"{case}, skip link focused: quick exit covered at {covered}")
            if not (seen["whole"] and seen["hit"]):
                problems.append(f"{case}, skip link focused: it is not wholly on screen ({seen})")
    assert problems == []
