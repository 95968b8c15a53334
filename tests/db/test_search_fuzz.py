"""Arbitrary search parameters never cause a 500 and are never reflected as markup."""

from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import examples, forget_rate_limits

PARAMETERS = [
    "q",
    "county",
    "service_type",
    "language",
    "population",
    "near",
    "radius",
    "open_now",
    "fees",
    "sort",
    "page",
]

NASTY = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "'; DROP TABLE directory_listing; --",
    "%",
    "_",
    "\\",
    "\x00",
    "shelter\x00",
    "&|!:*()<->",
    "!!",
    "-",
    '"',
    '-"',
    "or",
    "- or -",
    "𝕊𝕙𝕖𝕝𝕥𝕖𝕣",
    "é" * 300,
    "²",
    "٣",
    "١٢٣٤٥",
    "1e3",
    "NaN",
    "-0",
    "00050",
    " 87501 ",
    "87501\n",
    "99999999999999999999999",
    "\u202eevil",
    "\ufeff",
]
VALID = [
    *("shelter", "refugio", "taos", "bernalillo", "legal-aid", "es", "nv", "kee", "women"),
    *("87501", "espanola", "50", "1", "free", "name", "distance", "relevance", "2"),
]

values = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=80),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=190, max_size=3000),
    st.sampled_from(NASTY),
    st.sampled_from(VALID),
)
parameters = st.lists(st.tuples(st.sampled_from(PARAMETERS), values), max_size=8)
# Raw bytes too: invalid UTF-8 in a query string must not break decoding.
raw_parameters = st.lists(st.tuples(st.sampled_from(PARAMETERS), st.binary(max_size=40)), max_size=4)

FUZZ = settings(
    max_examples=examples(250),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture
def listings(make_listing) -> None:
    make_listing(
        "Casa Esperanza Emergency Shelter",
        service_types=["shelter"],
        counties_served=["bernalillo"],
        confidential_location=True,
        city="Albuquerque",
        latitude=35.1,
        longitude=-106.6,
        languages=["es"],
        hours=[(4, "20:00", "02:00")],
    )
    make_listing("Survivor Legal Services", service_types=["legal-aid"], statewide=True, fees="free", city="Santa Fe")
    make_listing("Taos Crisis Line", service_types=["hotline"], counties_served=["taos"], hotline_24_7=True)


def query_string(pairs) -> str:
    return "&".join(f"{quote(name)}={quote(value, safe='')}" for name, value in pairs)


def assert_safe_html(response) -> None:
    assert response.status_code in (200, 400), response.status_code
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert html.count("<script") == 1  # the site's own script, nothing reflected


@FUZZ
@given(pairs=parameters, spanish=st.booleans())
def test_the_results_page_never_fails(client, listings, pairs, spanish):
    path = "/es/services/" if spanish else "/services/"
    assert_safe_html(client.get(f"{path}?{query_string(pairs)}"))


@FUZZ
@given(pairs=raw_parameters)
def test_the_results_page_survives_undecodable_bytes(client, listings, pairs):
    encoded = "&".join(f"{name}={quote_from_bytes(value, safe='')}" for name, value in pairs)
    assert_safe_html(client.get(f"/services/?{encoded}"))


@FUZZ
@given(pairs=parameters)
def test_the_api_never_fails(client, listings, pairs):
    forget_rate_limits()  # the anonymous rate limit would answer 429 long before the examples run out
    response = client.get(f"/api/v1/services/?{query_string(pairs)}")
    assert response.status_code in (200, 400), response.status_code
    assert response["Content-Type"].startswith("application/json")


def test_each_parameter_takes_each_nasty_value_twice(client, listings):
    failures = []
    for name in PARAMETERS:
        for value in NASTY:
            try:
                assert_safe_html(client.get(f"/services/?{query_string([(name, value), (name, value)])}"))
            except AssertionError as error:
                failures.append(f"{name}={value!r}: {error}")
    assert not failures, "\n".join(failures)
