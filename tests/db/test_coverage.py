"""/coverage/: services per county and type, from the search's own facet index.

The figures must be the result counts of the searches they link to, for every county and
type, on PostgreSQL and on the SQLite demo, and current the moment a write commits.
"""

import csv
import io
import json
import re
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.http import QueryDict

from directory.models import Listing
from directory.review.actions import listings_set_status
from directory.review.proposals import proposal_approve, proposal_create_new
from directory.rules import vocab
from directory.search.form import SearchForm
from directory.search.query import run_search
from directory.web.coverage import coverage
from tests.support import NEW_LISTING, a_row, write_csv


def search_count(**params: str) -> int:
    """The search's own answer, straight from SQL (not from the facet index)."""
    form = SearchForm(QueryDict(urlencode(params)))
    assert form.is_valid(), form.errors
    return run_search(form.cleaned_data, place=None).queryset.count()


def mismatches() -> list[str]:
    """Every county × type (and any type) whose coverage figure differs from its search's count."""
    figures = coverage()
    found = []
    for service_type in ["", *vocab.SERVICE_TYPES]:
        counts = figures.counts(service_type)
        for county in vocab.COUNTIES:
            params = {"county": county, **({"service_type": service_type} if service_type else {})}
            expected = search_count(**params)
            if counts[county] != expected:
                found.append(f"{params}: coverage {counts[county]}, search {expected}")
    return found


# --- the figures are the search's -------------------------------------------------------------


def _on_the_sqlite_demo(manage) -> list[str]:
    out = manage(
        "shell",
        "-c",
        "import json\n"
        "from django.db import connection\n"
        "from tests.db.test_coverage import mismatches\n"
        "print('vendor', connection.vendor, json.dumps(mismatches()))\n",
    )
    match = re.search(r"^vendor (\w+) (.*)$", out, re.MULTILINE)
    assert match and match[1] == "sqlite", out
    return json.loads(match[2])


@pytest.mark.parametrize("database", ["postgresql", "sqlite"])
def test_every_figure_equals_its_searchs_result_count(db, database, request):
    if database == "sqlite":
        found = _on_the_sqlite_demo(request.getfixturevalue("sqlite_demo"))
    else:
        call_command("load_demo_data")  # every county and service type, statewide listings, drafts
        assert Listing.objects.exclude(status="published").exists()
        found = mismatches()
    assert found == []


@pytest.mark.django_db(transaction=True)
def test_an_import_an_approval_and_an_archiving_change_the_figures_at_once(
    client, vocabulary, tmp_path, owner, vetter, organization
):
    def shelters_in_taos() -> int:
        return coverage().counts("shelter")["taos"]

    def counselling_in_santa_fe() -> int:
        return coverage().counts("counseling")["santa-fe"]

    # The facet index is shared between requests here, and rebuilt when a commit changes
    # the public data version: these writes really commit.
    assert (shelters_in_taos(), counselling_in_santa_fe()) == (0, 0)

    call_command("import_listings", write_csv(tmp_path / "new.csv", [a_row(counties_served="taos")]))
    assert shelters_in_taos() == 1

    proposal = proposal_create_new(author=owner, organization=organization, values=dict(NEW_LISTING))
    assert counselling_in_santa_fe() == 0  # a proposal is not public
    proposal_approve(proposal=proposal, reviewer=vetter)
    assert counselling_in_santa_fe() == 1

    listings_set_status(listings=Listing.objects.filter(name="Example Shelter"), status="archived", reviewer=vetter)
    assert shelters_in_taos() == 0
    assert search_count(county="taos", service_type="shelter") == 0

    page = client.get("/coverage/?service_type=counseling").content.decode()
    assert 'aria-label="Santa Fe: 1 service"' in page


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture
def listings(make_listing):
    make_listing("Casa Segura", service_types=["shelter", "legal-aid"], counties_served=["taos", "rio-arriba"])
    make_listing("Statewide Line", service_types=["hotline"], statewide=True)
    make_listing("Draft", service_types=["shelter"], counties_served=["catron"], status="draft")


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_page_has_the_safety_line_quick_exit_and_no_cookie(client, settings, listings, prefix):
    settings.QUICK_EXIT_URL = "https://weather.example/"
    response = client.get(prefix + "/coverage/")

    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{prefix[1:] or "en"}">' in body
    assert 'id="quick-exit" class="quick-exit" href="https://weather.example/"' in body
    assert 'href="tel:911"' in body and 'href="tel:+18883737888"' in body and 'href="sms:233733"' in body
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_the_spanish_page_shows_no_english(client, listings):
    from tests.spanish import english_left

    body = client.get("/es/coverage/?service_type=shelter").content.decode()
    main = body[body.index("<main") : body.index("</main>")]  # the site's frame is tested elsewhere
    assert english_left(main) == []
    assert "Servicios del tipo “Refugio de emergencia” en cada condado" in body


def test_each_county_on_the_map_links_to_its_search_with_its_figure(client, listings):
    body = client.get("/coverage/?service_type=shelter").content.decode()
    svg = re.search(r"<svg.*?</svg>", body, re.DOTALL)[0]

    links = re.findall(r'<a href="([^"]+)" class="county (shade-\d)" aria-label="([^"]+)">', svg)
    assert len(links) == 33
    assert [label.split(":")[0] for _, _, label in links] == list(vocab.COUNTIES.values())
    assert (
        "/services/?county=taos&amp;service_type=shelter",
        "shade-1",
        "Taos: 1 service",
    ) in links
    assert ("/services/?county=catron&amp;service_type=shelter", "shade-0", "Catron: 0 services") in links


def test_counties_with_none_are_hatched_on_the_map_and_marked_in_the_table(client, listings):
    body = client.get("/coverage/?service_type=legal-aid").content.decode()
    assert body.count('class="county shade-0"') == 31  # all but Taos and Rio Arriba
    assert 'fill: url(#none-hatch)' not in body and 'id="none-hatch"' in body  # styled in site.css
    # In the table, every zero among the county rows is highlighted and no search is offered.
    tbody = re.search(r"<tbody>(.*?)</tbody>", body, re.DOTALL)[1]
    assert tbody.count('<td class="none">0</td>') == len(re.findall(r"<td[^>]*>0</td>", tbody))
    assert '<td><a href="/services/?county=taos&amp;service_type=legal-aid">1</a></td>' in tbody


def test_the_table_counts_statewide_services_in_every_county_and_sums_up(client, listings):
    figures = coverage()
    assert figures.counts("hotline") == dict.fromkeys(vocab.COUNTIES, 1)
    assert figures.counts("")["taos"] == 2  # Casa Segura and the statewide line; not the draft
    columns = [slug for slug, _ in figures.service_types] + [""]
    assert figures.every_county.cells[columns.index("hotline")].count == 1
    assert figures.whole_state.cells[columns.index("shelter")].count == 1
    assert figures.whole_state.cells[-1].count == 2

    body = client.get("/coverage/").content.decode()
    assert '<a href="/services/?service_type=shelter">1</a>' in body  # all of New Mexico


def test_an_unknown_service_type_is_named_in_a_400_with_the_map_of_any_type(client, listings):
    response = client.get("/coverage/?service_type=spaceships")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Unknown type of service “spaceships”." in body
    assert 'aria-invalid="true"' in body
    assert "Services of any type in each county" in body


def test_the_page_costs_one_query(client, listings, django_assert_num_queries):
    client.get("/coverage/")  # this process's index, as a running server holds it
    with django_assert_num_queries(1):  # the facet index (its version, on a committed database)
        assert client.get("/coverage/?service_type=shelter").status_code == 200


def test_the_map_is_under_25_kb_and_the_page_under_60_kb(client, make_listing):
    # Every figure two digits and every cell linked: the largest the page gets.
    for n in range(10):
        make_listing(f"Everything {n}", service_types=list(vocab.SERVICE_TYPES), statewide=True)
    for prefix in ("", "/es"):
        body = client.get(prefix + "/coverage/?service_type=immigration").content
        svg = re.search(rb"<svg.*?</svg>", body, re.DOTALL)[0]
        assert len(svg) < 25 * 1024, len(svg)
        assert len(body) < 60 * 1024, len(body)
        assert body.count(b"<td><a href=") == 34 * 13


def test_the_home_page_offers_a_map_of_counties_below_the_search_box(client):
    body = client.get("/").content.decode()
    assert body.index('role="search"') < body.index('class="county-map county-map-compact"')
    assert '<a href="/services/?county=dona-ana" class="county" aria-label="Doña Ana">' in body
    assert len(re.findall(r'<a href="/services/\?county=[a-z-]+" class="county"', body)) == 33


# --- the CSV ----------------------------------------------------------------------------------


def test_the_csv_is_the_table_in_the_pages_language(client, listings):
    response = client.get("/es/coverage.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="new-mexico-services-by-county.csv"'
    assert not response.cookies
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert rows[0][:2] == ["Condado", "Refugio de emergencia"] and rows[0][-1] == "Cualquier tipo de servicio"
    assert len(rows) == 1 + 33 + 2
    taos = next(row for row in rows if row[0] == "Taos")
    assert taos[1:4] == ["1", "0", "1"]  # shelter, housing, hotline (statewide)
    assert rows[-1][0] == "Todo Nuevo México"


def test_the_csv_neutralises_spreadsheet_formulas(client, listings, monkeypatch):
    monkeypatch.setitem(vocab.COUNTIES, "taos", "=HYPERLINK(\"http://evil.example\")")
    rows = list(csv.reader(io.StringIO(client.get("/coverage.csv").content.decode("utf-8-sig"))))
    assert "'=HYPERLINK(\"http://evil.example\")" in [row[0] for row in rows]
    assert all(cell.isdigit() for row in rows[1:] for cell in row[1:])  # numbers stay numbers
