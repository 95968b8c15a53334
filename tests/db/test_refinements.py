"""The results page's ways onward: filter chips, no dead ends (one filter fewer, with counts,
and the statewide 24/7 lines), and "Back to your results" from a listing."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.search_directory import at_town
from tests.support import create_listing

DENVER = ZoneInfo("America/Denver")
NIGHT = datetime.datetime(2026, 12, 2, 23, 0, tzinfo=DENVER)  # Wednesday, 11 p.m.


def chips(html: str) -> list[tuple[str, str]]:
    """(label, href) of each chip."""
    chip = r'<li><a href="([^"]*)"><span class="visually-hidden">Remove: </span>(.*?) <span aria-hidden="true">×</span>'
    found = re.findall(chip, html)
    return [(label, href.replace("&amp;", "&")) for href, label in found]


def relaxations(html: str) -> list[tuple[str, str]]:
    block = re.search(r'<ul class="relaxations">(.*?)</ul>', html, re.S)
    if not block:
        return []
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', block[1])
    return [(label, href.replace("&amp;", "&")) for href, label in links]


@pytest.fixture
def harding(shared_rows) -> None:
    """Harding County has shelters and a legal clinic, no immigration help; one shelter is open at night.
    Built once for the module's tests (`shared_rows`, tests/conftest.py)."""

    def build() -> None:
        office = [(day, "09:00", "17:00") for day in range(5)]
        create_listing("Harding Shelter", counties_served=["harding"], service_types=["shelter"], hours=office)
        create_listing("Harding Night Shelter", counties_served=["harding"], service_types=["shelter"], open_24_7=True)
        create_listing("Harding Legal", counties_served=["harding"], service_types=["legal-aid"], languages=["es"], hours=office)
        create_listing("Union Immigration", counties_served=["union"], service_types=["immigration"], languages=["es"])
        create_listing("Taos Immigration", counties_served=["taos"], service_types=["immigration"], hours=office)
        create_listing(
            "Statewide Night Line",
            statewide=True,
            service_types=["hotline"],
            hotline_24_7=True,
            phones=[("voice", "+15055550100"), ("text", "233733")],
        )
        create_listing("Statewide Day Line", statewide=True, service_types=["hotline"], hours=office)

    shared_rows("harding", build)


# search -> the relaxations offered, each "label (count)" with the search it links to
EMPTY_SEARCHES = {
    "a county and a type": (
        {"county": "harding", "service_type": "immigration"},
        [("Any type of service (5)", "county=harding"), ("Any county (2)", "service_type=immigration")],
    ),
    "and open now": (
        {"county": "harding", "service_type": "immigration", "open_now": "1"},
        [("Any type of service (2)", "county=harding&open_now=1")],
    ),
    "a language": (
        {"county": "harding", "service_type": "shelter", "language": "es"},
        [("Any language (2)", "county=harding&service_type=shelter"), ("Any type of service (1)", "county=harding&language=es")],
    ),
    "a place": (
        {"near": "Hobbs", "service_type": "immigration", "radius": "10"},
        [("Any type of service (2)", "near=Hobbs&radius=10"), ("Anywhere in New Mexico (2)", "service_type=immigration")],
    ),
}


@pytest.mark.parametrize(("params", "offered"), EMPTY_SEARCHES.values(), ids=list(EMPTY_SEARCHES))
def test_an_empty_result_offers_the_same_search_with_one_filter_fewer_and_its_count(client, harding, params, offered):
    with time_machine.travel(NIGHT, tick=False):
        html = client.get("/services/", params).content.decode()
    assert "No services match all of these choices." in html
    assert relaxations(html) == [(label, "?" + query) for label, query in offered]


def test_each_offered_search_finds_what_its_count_says(client, harding):
    with time_machine.travel(NIGHT, tick=False):
        search = {"county": "harding", "service_type": "immigration", "open_now": "1", "language": "es"}
        html = client.get("/services/", search).content.decode()
        for label, href in relaxations(html):
            count = int(re.search(r"\((\d+)\)$", label)[1])
            page = client.get("/services/" + href).content.decode()
            assert len(re.findall(r'<li class="result">', page)) == count, label


def test_an_empty_result_lists_the_statewide_lines_open_day_and_night(client, harding):
    html = client.get("/services/", {"county": "harding", "service_type": "immigration"}).content.decode()
    lines = re.search(r'<ul class="statewide-lines">(.*?)</ul>', html, re.S)[1]
    assert "Statewide Night Line" in lines and "Statewide Day Line" not in lines
    assert 'href="tel:+15055550100"' in lines and 'href="sms:233733"' in lines
    assert "1-888-373-7888" in lines


def test_a_search_with_results_offers_no_relaxations(client, harding):
    html = client.get("/services/", {"county": "harding"}).content.decode()
    assert 'class="relaxations"' not in html and 'class="statewide-lines"' not in html


def test_each_active_filter_is_a_chip_that_removes_it(client, harding):
    search = {"q": "shelter", "county": ["harding", "taos"], "near": "87501", "radius": "20", "open_now": "1", "page": "1"}
    html = client.get("/services/", search).content.decode()
    assert chips(html) == [
        ("“shelter”", "?county=harding&county=taos&near=87501&radius=20&open_now=1"),
        ("Harding County", "?q=shelter&county=taos&near=87501&radius=20&open_now=1"),
        ("Taos County", "?q=shelter&county=harding&near=87501&radius=20&open_now=1"),
        ("Within 20 miles of Santa Fe", "?q=shelter&county=harding&county=taos&open_now=1"),
        ("Open now", "?q=shelter&county=harding&county=taos&near=87501&radius=20"),
    ]


def test_the_filters_control_counts_the_active_filters_but_not_the_words(client, harding):
    html = client.get("/services/", {"q": "shelter", "county": ["harding", "taos"], "open_now": "1"}).content.decode()
    assert '<summary class="filter-toggle">Filters (3 active)</summary>' in html
    assert '<summary class="filter-toggle">Filters</summary>' in client.get("/services/").content.decode()


def test_the_filters_are_closed_unless_the_search_has_errors(client, harding):
    assert '<details class="filter-panel" id="filters">' in client.get("/services/").content.decode()
    bad = client.get("/services/", {"county": "atlantis"})
    assert bad.status_code == 400
    assert '<details class="filter-panel" id="filters" open>' in bad.content.decode()


def test_removing_the_place_also_removes_its_distance_and_distance_order(client, harding):
    html = client.get("/services/", {"near": "Taos", "radius": "30", "sort": "distance"}).content.decode()
    assert ("Within 30 miles of Taos", "?") in chips(html)


def test_the_distance_field_shows_no_default_without_a_place(client, harding):
    assert 'placeholder="50"' not in client.get("/services/").content.decode()
    assert 'placeholder="50"' in client.get("/services/", {"near": "Taos"}).content.decode()


def test_distances_are_shown_only_with_a_place(client, make_listing):
    make_listing("Taos Shelter", counties_served=["taos"], **at_town("Taos"))
    assert " away</strong>" not in client.get("/services/").content.decode()
    assert " away</strong>" in client.get("/services/", {"near": "87571"}).content.decode()


def test_a_card_has_call_and_text_buttons(client, make_listing):
    make_listing("Youth Text and Chat Line", phones=[("voice", "+15055550105"), ("text", "+15055550106")])
    html = client.get("/services/").content.decode()
    assert '<p class="actions"><a href="tel:+15055550105">Call (505) 555-0105' in html
    assert '<a href="sms:+15055550106">Text (505) 555-0106' in html


def test_a_text_only_line_has_only_a_text_button(client, make_listing):
    make_listing("Text Line", phones=[("text", "233733")])
    html = client.get("/services/").content.decode()
    results = html.split('<ol class="result-list"')[1].split("</ol>")[0]
    assert 'href="sms:233733"' in results and 'href="tel:' not in results


# The results page's queries. With results: the facet index (which gives the page's ids in
# name order too), its rows and 4 prefetches (as pinned in test_services.py). With none: the
# index (which knows "open now" too), no rows, then one count per unfaceted filter that could
# be removed (open now, place, words; the faceted ones are counted from the index) and 2 for
# the statewide lines (their rows and phones).
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ({"county": "harding", "service_type": "shelter"}, 6),
        ({"county": "harding", "service_type": "immigration"}, 3),
        ({"county": "harding", "service_type": "immigration", "open_now": "1"}, 4),
    ],
)
def test_the_results_page_pins_its_queries(client, harding, django_assert_num_queries, params, queries):
    with time_machine.travel(NIGHT, tick=False), django_assert_num_queries(queries):
        assert client.get("/services/", params).status_code == 200


class TestBackToYourResults:
    def test_it_goes_back_to_the_search_the_listing_was_opened_from(self, client, make_listing):
        make_listing("Alpha", slug="alpha")
        html = client.get(
            "/services/alpha/", HTTP_REFERER="http://testserver/services/?county=taos&service_type=shelter&page=2"
        ).content.decode()
        assert '<a href="/services/?county=taos&amp;service_type=shelter&amp;page=2">Back to your results</a>' in html

    def test_it_keeps_the_spanish_pages_in_spanish(self, client, make_listing):
        make_listing("Alpha", slug="alpha")
        referer = "http://testserver/es/services/?county=taos"
        html = client.get("/es/services/alpha/", HTTP_REFERER=referer).content.decode()
        assert '<a href="/es/services/?county=taos">' in html

    @pytest.mark.parametrize(
        "referer",
        [
            "https://evil.example/services/?county=taos",  # another site
            "http://testserver/advocate/?county=taos",  # another page of this site
            "http://testserver/services/alpha/?county=taos",
            "javascript:alert(1)",
            "//evil.example/services/?county=taos",
            "",
        ],
    )
    def test_it_never_leads_anywhere_else(self, client, make_listing, referer):
        make_listing("Alpha", slug="alpha")
        html = client.get("/services/alpha/", HTTP_REFERER=referer).content.decode()
        assert '<p class="back-link"><a href="/services/">Back to all services</a></p>' in html

    def test_only_search_parameters_come_back(self, client, make_listing):
        make_listing("Alpha", slug="alpha")
        referer = 'http://testserver/services/?county=taos&next=https://evil.example&q="><script>x</script>'
        html = client.get("/services/alpha/", HTTP_REFERER=referer).content.decode()
        back = re.search(r'<p class="back-link"><a href="([^"]*)">', html)[1]
        assert back == "/services/?q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&amp;county=taos"


class TestDetailPage:
    def test_a_public_address_has_a_directions_link(self, client, make_listing):
        make_listing("Casa", slug="casa", address="12 Example Way", city="Taos", zip="87571")
        html = client.get("/services/casa/").content.decode()
        assert (
            '<a class="button-link" href="https://www.openstreetmap.org/directions?to=12+Example+Way%2C+Taos%2C+NM+87571" rel="noreferrer noopener">'
            in html
        )

    def test_a_confidential_location_has_no_directions_link(self, client, make_listing):
        make_listing("Safe House", slug="safe", address="4821 Hidden Mesa Rd", city="Taos", zip="87571", confidential_location=True)
        html = client.get("/services/safe/").content.decode()
        assert "openstreetmap" not in html and "Hidden Mesa" not in html

    def test_the_listing_can_be_printed(self, client, make_listing):
        make_listing("Casa", slug="casa")
        html = client.get("/services/casa/").content.decode()
        assert '<button type="button" data-print hidden>Print this listing</button>' in html


def test_the_home_page_has_a_somewhere_safe_tonight_search(client, db):
    html = client.get("/").content.decode()
    form = re.search(r'<section class="safe-tonight".*?</section>', html, re.S)[0]
    assert '<input type="hidden" name="service_type" value="shelter">' in form
    assert '<input type="hidden" name="service_type" value="hotline">' in form
    assert '<input type="hidden" name="open_now" value="1">' in form
    assert '<option value="harding">Harding County</option>' in form


def test_somewhere_safe_tonight_finds_shelters_and_lines_open_now(client, harding):
    with time_machine.travel(NIGHT, tick=False):
        search = {"service_type": ["shelter", "hotline"], "open_now": "1", "county": "harding"}
        html = client.get("/services/", search).content.decode()
    names = re.findall(r'<h3><a href="/services/[\w-]+/">([^<]+)</a></h3>', html)
    assert names == ["Harding Night Shelter", "Statewide Night Line"]


@pytest.mark.parametrize("path", ["/services/", "/es/services/"])
def test_a_full_results_page_is_at_most_30_kb_of_html(client, make_listing, path):
    """Twenty results as the demo writes them, near a misspelt place (a note, distances, a chip)."""
    for n in range(22):
        make_listing(
            f"Bright Path Emergency Shelter {n:02d} (Example)",
            organization="Example Bright Path Alliance",
            service_types=["shelter", "case-management"],
            counties_served=["bernalillo", "sandoval"],
            languages=["en", "es"],
            phones=[("voice", "+15055550100"), ("text", "+15055550101")],
            hours=[(day, "09:00", "17:00") for day in range(5)],
            **at_town("Albuquerque", 0.001 * n, 0),
        )
    html = client.get(path, {"near": "albuqerque", "service_type": "shelter"}).content
    assert html.count(b'<li class="result">') == 20
    assert len(html) <= 30 * 1024, len(html)
