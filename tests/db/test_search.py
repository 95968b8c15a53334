"""Search on PostgreSQL: relevance, validation, facets and query counts of /services/."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from directory.models import Listing
from directory.search.query import run_search
from tests.search_directory import DIRECTORY, PUBLISHED, at_town

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")


def result_slugs(client, query: str, **params) -> list[str]:
    """The detail-page links of the results page, in order."""
    response = client.get("/services/", {"q": query, **params} if query is not None else params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return re.findall(r'<h3><a href="/services/([\w-]+)/">', response.content.decode())


def assert_leads(slugs: list[str], expected: list) -> None:
    """`expected` lists the first results in order; a set stands for ties in any order."""
    position = 0
    for group in expected:
        group = {group} if isinstance(group, str) else set(group)
        assert set(slugs[position : position + len(group)]) == group, f"{slugs} should start {expected}"
        position += len(group)


SHELTERS = {"casa-esperanza", "otero-dv-shelter", "valley-womens-shelter"}
COUNSELORS = {"counseling-for-men", "teen-counseling-program", "rio-grande-trauma-counseling"}
IMMIGRATION = {"border-immigrant-support", "t-and-u-visa-clinic"}
IN_ALBUQUERQUE = {"asesoria-legal-latina", "casa-esperanza", "family-advocacy-center", "survivor-legal-services"}

# (query, the results that must come first, results that must not appear at all)
RELEVANCE = [
    # A name match outranks a description that mentions the word.
    ("shelter", [SHELTERS, {"dine-family-advocacy", "meadow-city-housing", "nm-trafficking-hotline"}], ()),
    ("SHELTER", [SHELTERS], ()),
    ('"emergency shelter"', ["casa-esperanza", {"otero-dv-shelter", "valley-womens-shelter"}], ()),
    ("shelter for women", ["valley-womens-shelter", "casa-esperanza"], ()),
    ("emergency shelter albuquerque", ["casa-esperanza"], ("draft-shelter",)),
    ("clothing", ["raton-clothing-closet", {"gallup-youth-drop-in", "roswell-food-pantry"}], ()),
    ("food", ["roswell-food-pantry"], ()),
    ("youth", ["gallup-youth-drop-in", "teen-counseling-program"], ()),
    ("job training", ["fresh-start-job-training"], ()),
    ("crisis line", ["taos-crisis-line", "solace-crisis-treatment", "nm-trafficking-hotline"], ()),
    ("trafficking hotline", ["nm-trafficking-hotline"], ()),
    ("navajo", ["dine-family-advocacy"], ()),
    ("immigration", [IMMIGRATION, "rural-legal-outreach"], ()),
    ("t visa", ["t-and-u-visa-clinic", "border-immigrant-support"], ()),
    ("casa esperanza", ["casa-esperanza"], ()),
    # Spanish, with and without accents, including the Spanish words of service types.
    ("refugio", [{"casa-esperanza", "valley-womens-shelter"}, "otero-dv-shelter"], ()),
    ("albergue", [SHELTERS], ()),
    ("refugio para mujeres", [{"casa-esperanza", "valley-womens-shelter"}], ()),
    ("asesoría legal", ["asesoria-legal-latina"], ()),
    ("asesoria legal", ["asesoria-legal-latina"], ()),
    ("inmigración", [IMMIGRATION], ()),
    ("inmigracion", [IMMIGRATION], ()),
    ("comida", ["roswell-food-pantry"], ()),
    ("empleo", ["fresh-start-job-training"], ()),
    ("drogas", ["san-juan-recovery-house"], ()),
    ("jovenes", [{"gallup-youth-drop-in", "teen-counseling-program"}], ()),
    ("jóvenes", [{"gallup-youth-drop-in", "teen-counseling-program"}], ()),
    ("terapia", ["rio-grande-trauma-counseling"], ()),
    ("linea de crisis", ["taos-crisis-line", "solace-crisis-treatment"], ()),
    ("abogado", ["t-and-u-visa-clinic"], ()),
    ("shelter mujeres", [{"casa-esperanza", "valley-womens-shelter"}], ()),
    # Small typos, corrected against the known words.
    ("sheltr", [SHELTERS], ()),
    ("counceling", [COUNSELORS], ()),
    ("casa esperansa", ["casa-esperanza"], ()),
    ("imigration lawyer", ["border-immigrant-support"], ()),
    # Websearch operators: excluded words, quoted phrases, or.
    (
        "legal -immigration",
        [{"survivor-legal-services", "asesoria-legal-latina"}],
        (*IMMIGRATION, "rural-legal-outreach"),
    ),
    ("-immigration legal", [{"survivor-legal-services", "asesoria-legal-latina"}], IMMIGRATION),
    ("shelter -confidential", [{"otero-dv-shelter", "valley-womens-shelter"}], ("casa-esperanza",)),
    ('"legal aid"', ["survivor-legal-services", "rural-legal-outreach"], ()),
    ("legal aid", ["survivor-legal-services", "rural-legal-outreach", "asesoria-legal-latina"], ()),
    ("legal or immigration", [IMMIGRATION], ()),
    # Towns and counties, misspelt or unaccented too.
    ("albuquerqe", ["street-medicine-van", IN_ALBUQUERQUE], ("draft-shelter",)),
    ("espanola", ["valley-womens-shelter"], ()),
    ("Española", ["valley-womens-shelter"], ()),
    ("las cruces housing", ["mesilla-transitional-housing"], ()),
    ("housing santa fe", ["valley-womens-shelter"], ()),
    ("gallup", ["gallup-youth-drop-in"], ()),
    ("taos", ["taos-crisis-line"], ()),
    ("dona ana", ["mesilla-transitional-housing"], ()),
]


def test_results_page_ranks_the_right_services_first(client, directory):
    # One test for the whole table (building the directory takes a second), reporting
    # every query that ranks badly rather than stopping at the first.
    assert len(RELEVANCE) >= 30
    failures = []
    for query, leading, absent in RELEVANCE:
        slugs = result_slugs(client, query)
        try:
            assert_leads(slugs, leading)
            assert not (set(absent) | {"draft-shelter", "archived-legal-aid"}) & set(slugs), f"{slugs} has {absent}"
        except AssertionError as error:
            failures.append(f"{query!r}: {error}")
    assert not failures, "\n".join(failures)


def test_a_corrected_search_says_what_it_searched_for(client, directory):
    response = client.get("/services/", {"q": "albuquerqe sheltr"})
    assert "showing results for “albuquerque shelter”" in response.content.decode()
    assert result_slugs(client, "albuquerqe sheltr") == ["casa-esperanza"]


def test_correction_keeps_the_operators(directory):
    result = run_search({"q": "counceling -men"}, place=None)
    assert result.corrected_q == "counseling -men"
    assert "counseling-for-men" not in {listing.slug for listing in result.queryset}


def test_an_exact_search_is_not_corrected(client, directory):
    response = client.get("/services/", {"q": "lawyer"})
    assert "showing results for" not in response.content.decode()
    assert set(result_slugs(client, "lawyer")) == {"border-immigrant-support", "rural-legal-outreach"}


def test_unvetted_words_are_never_suggested(client, make_listing):
    make_listing("Zyzzogeton House", slug="hidden", status=Listing.Status.DRAFT)
    response = client.get("/services/", {"q": "zyzzogetn"})
    assert "zyzzogeton" not in response.content.decode().lower()
    assert result_slugs(client, "zyzzogetn") == []


def test_the_street_address_is_not_searchable(client, directory):
    assert result_slugs(client, "Example Way") == []


def test_text_search_combines_with_filters(client, directory):
    slugs = result_slugs(client, "legal", county=["santa-fe"])
    assert set(slugs) == {"survivor-legal-services", "t-and-u-visa-clinic", "nm-trafficking-hotline"}


def test_without_q_results_are_sorted_by_name(client, directory):
    slugs = result_slugs(client, None)
    names = [DIRECTORY[slug]["name"] for slug in slugs]
    assert len(slugs) == 20  # the first of two pages
    assert names == sorted(names)


def test_sort_by_verified_puts_the_most_recently_verified_first(client, directory):
    Listing.objects.filter(slug="raton-clothing-closet").update(last_verified=datetime.date(2099, 1, 1))
    Listing.objects.filter(slug="taos-crisis-line").update(last_verified=None)
    slugs = result_slugs(client, "", sort="verified", page="2")
    assert result_slugs(client, "", sort="verified")[0] == "raton-clothing-closet"
    assert slugs[-1] == "taos-crisis-line"


def test_the_second_page_holds_the_rest(client, directory):
    first, second = result_slugs(client, None), result_slugs(client, None, page="2")
    assert len(first) + len(second) == len(PUBLISHED)
    assert not set(first) & set(second)


def test_the_result_count_is_announced_in_a_status_element(client, directory):
    response = client.get("/services/", {"q": "shelter"})
    status = re.search(r'<p class="result-count" role="status">(.*?)</p>', response.content.decode(), re.S)
    assert status and re.sub(r"\s+", " ", status[1]).strip().startswith("6 services found")


# Every bad value is named in a 400 page, never a 500.
BAD_VALUES = [
    ({"language": "xx"}, "xx"),
    ({"near": "10001"}, "10001"),
    ({"near": "1234"}, "1234"),
    ({"near": "Atlantis"}, "Atlantis"),
    ({"near": "87501", "radius": "0"}, "0"),
    ({"near": "87501", "radius": "501"}, "501"),
    ({"near": "87501", "radius": "abc"}, "abc"),
    ({"near": "87501", "radius": "2.5"}, "2.5"),
    ({"near": "87501", "radius": "-5"}, "-5"),
    ({"fees": "cheap"}, "cheap"),
    ({"sort": "random"}, "random"),
    ({"page": "99"}, "99"),
    ({"page": "0"}, "0"),
    ({"page": "abc"}, "abc"),
    ({"page": "²"}, "²"),
    ({"open_now": "2"}, "2"),
    ({"county": "atlantis"}, "atlantis"),
    ({"county": ["taos", "atlantis"]}, "atlantis"),
    ({"service_type": "spa"}, "spa"),
    ({"population": "aliens"}, "aliens"),
]


@pytest.mark.parametrize(("params", "value"), BAD_VALUES, ids=[str(p) for p, _ in BAD_VALUES])
def test_a_bad_value_is_a_400_naming_it(client, db, params, value):
    response = client.get("/services/", params)
    assert response.status_code == 400
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', response.content.decode(), re.S)
    assert summary and f"“{value}”" in summary[0]


def test_a_distance_without_a_place_is_a_400(client, directory):
    for params in ({"radius": "10"}, {"sort": "distance"}):
        response = client.get("/services/", params)
        assert response.status_code == 400
        assert "fill in “Near” too" in response.content.decode()


def test_the_api_reports_bad_values_by_field(client, directory):
    response = client.get("/api/v1/services/", {"near": "87501", "radius": "501", "county": "atlantis"})
    assert response.status_code == 400
    errors = response.json()
    assert "“501”" in str(errors["radius"]) and "“atlantis”" in str(errors["county"])


def _facet_label_counts(html: str, label: str) -> int:
    match = re.search(rf">{re.escape(label)} \((\d+)\)</label>", html)
    assert match, f"no facet {label!r}"
    return int(match[1])


def _expected(predicate) -> int:
    return sum(1 for slug in PUBLISHED if predicate(DIRECTORY[slug]))


def _serves(fields: dict, county: str) -> bool:
    return fields.get("statewide", False) or county in fields.get("counties_served", ())


def test_facet_counts_respect_the_other_filters(client, directory):
    html = client.get("/services/", {"county": "santa-fe"}).content.decode()
    assert _facet_label_counts(html, "Legal aid") == _expected(
        lambda f: "legal-aid" in f["service_types"] and _serves(f, "santa-fe")
    )
    assert _facet_label_counts(html, "Legal aid") == 2
    # A county's own count ignores the chosen county: choosing Taos too would add these.
    assert _facet_label_counts(html, "Taos") == _expected(lambda f: _serves(f, "taos"))


def test_facet_counts_leave_out_their_own_filter(client, directory):
    response = client.get("/services/", {"service_type": "legal-aid", "language": "es"})
    facets = response.context["facets"]
    assert facets["service_type"]["shelter"] == _expected(
        lambda f: "shelter" in f["service_types"] and "es" in f.get("languages", ())
    )
    assert facets["language"]["en"] == _expected(
        lambda f: "legal-aid" in f["service_types"] and "en" in f.get("languages", ())
    )
    assert facets["county"]["bernalillo"] == _expected(
        lambda f: "legal-aid" in f["service_types"] and "es" in f.get("languages", ()) and _serves(f, "bernalillo")
    )
    assert facets["fees"] == {"free": 2, "sliding-scale": 1}


def test_facet_counts_follow_the_text_search(client, directory):
    facets = client.get("/services/", {"q": "shelter", "fees": "free"}).context["facets"]
    assert facets["service_type"] == {"shelter": 1, "hotline": 1}
    assert facets["fees"] == {"free": 2}  # casa-esperanza and the hotline; fees ignores its own filter


def test_facet_counts_follow_near_and_open_now(client, directory):
    # Near Española within 5 miles: the Española shelter, a Santa Fe clinic serving Rio
    # Arriba County and the two statewide services; open now leaves the 24/7 ones.
    facets = client.get("/services/", {"near": "espanola", "radius": "5"}).context["facets"]
    assert facets["service_type"] == {"shelter": 1, "housing": 1, "immigration": 1, "legal-aid": 2, "hotline": 1}
    with time_machine.travel(datetime.datetime(2026, 6, 6, 3, 0, tzinfo=ZoneInfo("America/Denver")), tick=False):
        response = client.get("/services/", {"near": "espanola", "radius": "5", "open_now": "1"})
    assert response.context["facets"]["service_type"] == {"shelter": 1, "housing": 1, "hotline": 1}
    assert response.context["facets"]["county"]["taos"] == 1  # the statewide hotline


SEARCHES = {
    "q": {"q": "shelter"},
    "county and service type": {"county": "santa-fe", "service_type": "shelter"},
    "near": {"near": "87501"},
    "everything": {"q": "shelter", "county": "santa-fe", "near": "santa fe", "open_now": "1", "language": "es"},
}
# Near alone needs no query of its own: the facet index holds the points (search/nearby.py).
# Words: one query parses them and asks whether anything matches (for the typo
# correction), the index matches them (search/lexemes.py), one query ranks the page's
# candidates: as many queries as the one statement that read every match before.
QUERIES = {"q": 8, "county and service type": 6, "near": 6, "everything": 7}


@pytest.mark.parametrize("results", [3, 25])
@pytest.mark.parametrize("search", SEARCHES)
def test_the_results_page_makes_a_fixed_number_of_queries(
    client, make_listing, django_assert_num_queries, search, results
):
    for n in range(results):
        make_listing(
            f"Shelter {n}",
            service_types=["shelter", "housing"],
            counties_served=["santa-fe"],
            languages=["en", "es"],
            populations=["women"],
            phones=[("voice", "+15055550100"), ("text", "233733")],
            hours=[(day, "00:00", "23:59") for day in range(7)],
            open_24_7=n % 2 == 0,
            **at_town("Santa Fe", 0.001 * n, 0),
        )
    with django_assert_num_queries(QUERIES[search]):
        response = client.get("/services/", SEARCHES[search])
    assert response.status_code == 200
    assert len(re.findall(r'<li class="result">', response.content.decode())) == min(results, 20)
