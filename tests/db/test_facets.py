"""The facet index: counts from bitmaps, rebuilt whenever a committed write changes the public data.

The counts themselves (what they include, that each ignores its own filter) are tested
through the results page in test_search.py. These tests are about the index: that every
kind of write reaches it, that it never counts what is not committed, that it agrees
with the database's own answer, and that it holds nothing about anyone's searches.
"""

import datetime
import random

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import Listing, ServiceType
from directory.rules import geo
from directory.rules.hours import NEW_MEXICO
from directory.search import facets
from directory.search.facets import INDEX_FORMAT, facet_counts, public_data_version
from directory.search.form import SearchForm
from directory.search.query import FACETED, RESULTS_PER_PAGE, run_search
from directory.web import cards
from tests.support import a_row, examples, write_csv


def _facets(client, **params) -> dict:
    response = client.get("/services/", params)
    assert response.status_code == 200
    return response.context["facets"]


# --- every write path reaches the index (writes really commit here) --------------------------


def _archive(listing, tmp_path):
    listing.status = Listing.Status.ARCHIVED
    listing.save()


def _retype(listing, tmp_path):
    listing.service_types.set(ServiceType.objects.filter(slug="legal-aid"))


def _delete(listing, tmp_path):
    listing.delete()


def _bulk_update(listing, tmp_path):
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.DRAFT)


def _raw_sql(listing, tmp_path):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_listing_service_types WHERE listing_id = %s", [listing.pk])


def _import(listing, tmp_path):
    call_command("import_listings", write_csv(tmp_path / "more.csv", [a_row(service_types="legal-aid")]))


@pytest.mark.parametrize("write", [_archive, _retype, _delete, _bulk_update, _raw_sql, _import])
def test_a_committed_write_changes_the_counts_on_the_next_search(client, make_listing, vocabulary, tmp_path, write):
    listing = make_listing("Casa", service_types=["shelter"])
    before = public_data_version()
    assert _facets(client)["service_type"] == {"shelter": 1}
    write(listing, tmp_path)
    assert public_data_version() != before
    assert _facets(client)["service_type"] != {"shelter": 1}


def test_an_unchanged_database_reuses_the_index(client, make_listing, vocabulary, django_assert_num_queries):
    make_listing("Casa", service_types=["shelter"])
    _facets(client)  # builds it
    version = public_data_version()
    # The version alone: no rebuild; the page's ids come from the index (name order) and
    # its one card was kept (directory/web/cards.py).
    with django_assert_num_queries(1):
        assert _facets(client, service_type="shelter")["service_type"] == {"shelter": 1}
    assert public_data_version() == version


@pytest.fixture
def shared_cache(settings):
    """The facet index's cache as with REDIS_URL (a per-process stand-in for Redis)."""
    settings.CACHES = {**settings.CACHES, "facets": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return caches["facets"]


def test_without_redis_a_process_keeps_only_the_current_index(client, make_listing, vocabulary):
    """No pile of old versions per worker: memory stays flat however often the data changes."""
    make_listing("Casa", service_types=["shelter"])
    for name in ("Otra", "Tercera"):
        _facets(client)
        make_listing(name, service_types=["hotline"])  # a new version
    _facets(client)
    assert facets._latest.version == public_data_version()  # the one index this process holds
    assert type(caches["facets"]).__name__ == "DummyCache"  # and no cache holds older ones


def test_a_shared_cache_drops_an_index_once_its_version_is_replaced(client, make_listing, vocabulary, shared_cache):
    make_listing("Casa", service_types=["shelter"])
    _facets(client)
    make_listing("Otra", service_types=["hotline"])
    _facets(client)
    assert list(shared_cache._cache) == [shared_cache.make_key(f"facet-index:{INDEX_FORMAT}:{public_data_version()}")]


def test_another_process_takes_the_index_from_the_shared_cache(
    client, make_listing, vocabulary, monkeypatch, django_assert_num_queries, shared_cache
):
    make_listing("Casa", service_types=["shelter"])
    _facets(client)  # this process builds it and shares it
    monkeypatch.setattr(facets, "_latest", None)  # a process that has never searched...
    monkeypatch.setattr(cards, "_kept_for", None)  # ...nor rendered a card
    with django_assert_num_queries(6):  # no rebuild: the version, the page's row, 4 prefetches
        assert _facets(client, service_type="shelter")["service_type"] == {"shelter": 1}


def test_a_rolled_back_write_changes_nothing(client, make_listing, vocabulary):
    listing = make_listing("Casa", service_types=["shelter"])
    before = public_data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        listing.service_types.clear()
        raise RuntimeError("the reviewer's request failed half way")
    assert public_data_version() == before
    assert _facets(client)["service_type"] == {"shelter": 1}


def test_the_cache_holds_nothing_about_searches(client, make_listing, vocabulary, shared_cache):
    cache = shared_cache
    make_listing("Casa", service_types=["shelter"], counties_served=["taos"])
    cache.clear()
    for params in ({"q": "casa zzsecret"}, {"county": "harding"}, {"near": "87571", "service_type": "shelter"}):
        _facets(client, **params)
    # One entry, for the one version of the data, the same whoever searched for what.
    key = cache.make_key(f"facet-index:{INDEX_FORMAT}:{public_data_version()}")
    assert list(cache._cache) == [key]
    assert b"zzsecret" not in cache._cache[key] and b"87571" not in cache._cache[key]


def test_search_works_with_the_shared_cache_down(client, make_listing, vocabulary, monkeypatch, caplog, shared_cache):
    cache = shared_cache
    make_listing("Casa", service_types=["shelter"])

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    make_listing("Otra", service_types=["hotline"])  # a new version: nothing in this process either
    assert _facets(client)["service_type"] == {"shelter": 1, "hotline": 1}
    assert "cache unavailable" in caplog.text


# --- the counts agree with the database's own answer ----------------------------------------

SLUGS = {
    "county": ["taos", "santa-fe", "harding"],
    "service_type": ["shelter", "legal-aid", "hotline"],
    "language": ["es", "nv"],
    "population": ["women", "minors"],
}


@pytest.fixture
def mixed(make_listing):
    """Listings with overlapping choices, one statewide, one with nothing chosen."""
    make_listing("A", service_types=["shelter"], counties_served=["taos"], languages=["es"], fees="free")
    make_listing("B", service_types=["shelter", "legal-aid"], counties_served=["santa-fe"], populations=["women"])
    make_listing("C", service_types=["hotline"], statewide=True, languages=["es", "nv"], fees="sliding-scale")
    make_listing("D", service_types=["legal-aid"], counties_served=["taos", "santa-fe"], populations=["minors"])
    make_listing("E", service_types=[], fees="fee")
    make_listing("Draft", service_types=["shelter"], counties_served=["taos"], status=Listing.Status.DRAFT)


choices = st.fixed_dictionaries(
    {},
    optional={
        **{name: st.lists(st.sampled_from(values), min_size=1, max_size=2) for name, values in SLUGS.items()},
        "fees": st.sampled_from(["free", "sliding-scale", "fee"]),
        "q": st.sampled_from(["shelter", "legal", "hotline"]),
    },
)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=choices)
def test_counts_equal_the_database_count_with_that_choice_added(mixed, params):
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    form = SearchForm(query)
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    counted = facet_counts(run_search(data, place=None), data)
    counts = counted.facets

    assert counted.total == run_search(data, place=None).queryset.count()
    if counted.page_ids is not None:  # read with the counts: the first page, in the results' order
        first_page = run_search(data, place=None).queryset.values_list("pk", flat=True)[:RESULTS_PER_PAGE]
        assert counted.page_ids == list(first_page)
    for facet in FACETED:
        for value in SLUGS.get(facet, ["free", "sliding-scale", "fee"]):
            alone = {**data, facet: [value] if facet != "fees" else value}
            expected = run_search(alone, place=None).queryset.count()
            assert counts[facet].get(value, 0) == expected, (facet, value)


@pytest.fixture
def mixed_with_a_name_twice(mixed, make_listing):
    """Two listings named B, one open at any hour: the id decides their order."""
    make_listing("B", service_types=["shelter"], counties_served=["taos"], hotline_24_7=True)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=choices,
    sort=st.sampled_from([None, "name", "verified", "relevance"]),
    open_now=st.booleans(),
    page_number=st.integers(min_value=1, max_value=3),
)
def test_a_page_read_with_the_counts_is_that_slice_of_the_database_results(
    mixed_with_a_name_twice, params, sort, open_now, page_number
):
    """Whichever way its ids are found (with the text's matches in one statement, or from
    the index's name order), a page holds what the database's own ordered query gives."""
    query = QueryDict(mutable=True)
    for name, value in {**params, "sort": sort, "open_now": "1" if open_now else None}.items():
        if value:
            query.setlist(name, value if isinstance(value, list) else [value])
    form = SearchForm(query)
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    result = run_search(data, place=None)
    counted = facet_counts(result, data, page_number=page_number, per_page=2)
    expected = list(result.queryset.values_list("pk", flat=True)[(page_number - 1) * 2 : page_number * 2])
    assert counted.page_ids is None or counted.page_ids == expected
    assert counted.page_ids is not None or result.sort == "verified"  # the paginator reads that page


@pytest.mark.parametrize("sort", [None, "name", "verified"])
@pytest.mark.parametrize(
    "filters", [{}, {"service_type": ["shelter"]}, {"county": ["taos"], "service_type": ["hotline"]}]
)
def test_a_near_page_read_with_the_counts_is_that_slice_with_its_distances(make_listing, sort, filters):
    for n, (latitude, longitude) in enumerate([(35.69, -105.94), (35.70, -105.90), (36.41, -105.57), (35.08, -106.65)]):
        make_listing(
            f"Near {n % 2}",  # names twice: the id decides
            service_types=["shelter" if n % 2 else "hotline"],
            counties_served=["taos"] if n > 1 else [],
            latitude=latitude,
            longitude=longitude,
        )
    make_listing("Statewide line", service_types=["hotline"], statewide=True)  # serves the place's county, no point
    query = QueryDict(mutable=True)
    for name, value in {**filters, "near": ["87501"], "radius": ["30"], "sort": [sort] if sort else []}.items():
        query.setlist(name, value)
    form = SearchForm(query)
    assert form.is_valid(), form.errors
    result = run_search(form.cleaned_data, place=form.place)
    counted = facet_counts(result, form.cleaned_data, page_number=1, per_page=3)
    expected = list(result.queryset.values_list("pk", "distance")[:3])
    assert [(pk, counted.distances[pk]) for pk in counted.page_ids] == expected  # the same SQL expression
    assert counted.total == result.queryset.count()


@pytest.fixture
def scattered(make_listing):
    """Listings across the north of the state, some confidential (their point is their
    town's centre), some without any point, some serving Santa Fe County."""
    rng = random.Random(7)
    towns = [("Santa Fe", "santa-fe"), ("Española", "rio-arriba"), ("Taos", "taos"), ("Las Vegas", "san-miguel")]
    for n in range(40):
        city, county = towns[n % len(towns)]
        place = geo.town_place(city)
        remote = n % 9 == 0
        make_listing(
            f"Listing {n % 13}",  # names more than once: the id decides
            service_types=["shelter" if n % 3 else "hotline"],
            counties_served=["santa-fe"] if n % 5 == 0 else [county],
            statewide=n % 17 == 0,
            city="" if remote else city,
            latitude=None if remote else place.latitude + rng.uniform(-0.6, 0.6),
            longitude=None if remote else place.longitude + rng.uniform(-0.6, 0.6),
            confidential_location=n % 4 == 0,
        )


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    near=st.sampled_from(["87501", "espanola", "taos", "las vegas", "87571", "gallup"]),
    radius=st.sampled_from(["", "5", "25", "60", "500"]),
    sort=st.sampled_from(["", "name"]),
    service_type=st.sampled_from([[], ["shelter"], ["hotline", "shelter"]]),
    page_number=st.integers(min_value=1, max_value=3),
)
def test_near_from_the_index_is_the_databases_answer(scattered, near, radius, sort, service_type, page_number):
    """A near search without text reads no rows (search/nearby.py): the same listings,
    the same page and the same miles, to the last bit, as the SQL of run_search()."""
    query = QueryDict(mutable=True)
    for name, value in {"near": [near], "radius": [radius], "sort": [sort], "service_type": service_type}.items():
        query.setlist(name, [v for v in value if v])
    form = SearchForm(query)
    assert form.is_valid(), form.errors
    result = run_search(form.cleaned_data, place=form.place)
    counted = facet_counts(result, form.cleaned_data, page_number=page_number, per_page=4)

    expected = list(result.queryset.values_list("pk", "distance")[(page_number - 1) * 4 : page_number * 4])
    assert [(pk, counted.distances[pk]) for pk in counted.page_ids] == expected
    assert counted.total == result.queryset.count()
    for slug in ("shelter", "hotline"):
        alone = {**form.cleaned_data, "service_type": [slug]}
        assert counted.facets["service_type"].get(slug, 0) == run_search(alone, place=form.place).queryset.count()


@pytest.fixture
def hours_of_all_kinds(make_listing):
    """Day hours, split days, overnight hours (into the next day, and from Sunday into
    Monday), hours that end at midnight, 24/7 listings and listings without hours."""
    kinds = [
        [(day, "09:00", "17:00") for day in range(5)],
        [(0, "08:00", "12:00"), (0, "13:00", "17:30"), (2, "10:00", "14:00")],
        [(4, "20:00", "06:00"), (5, "20:00", "06:00")],
        [(6, "22:00", "02:00")],
        [(day, "18:00", "00:00") for day in range(7)],
        [(3, "00:00", "23:59")],
        [],
    ]
    for n, hours in enumerate(kinds * 2):
        make_listing(f"Hours {n}", hours=hours, open_24_7=n == 13, hotline_24_7=n == 6)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    at=st.datetimes(
        min_value=datetime.datetime(2026, 3, 1),
        max_value=datetime.datetime(2026, 11, 30),
        timezones=st.just(NEW_MEXICO),
    ),
    sort=st.sampled_from(["", "name"]),
    near=st.sampled_from(["", "87501"]),
)
def test_open_now_from_the_index_is_the_databases_answer(hours_of_all_kinds, at, sort, near):
    """Open now without text reads no hours (search/opening.py): at any moment of the
    week, daylight saving time's changes included, the same listings as the SQL."""
    query = QueryDict(mutable=True)
    for name, value in {"open_now": "1", "sort": sort, "near": near}.items():
        if value:
            query[name] = value
    form = SearchForm(query)
    assert form.is_valid(), form.errors
    result = run_search(form.cleaned_data, place=form.place, now=at)
    counted = facet_counts(result, form.cleaned_data, page_number=1, per_page=50)

    assert counted.page_ids == list(result.queryset.values_list("pk", flat=True))
    assert counted.total == result.queryset.count()


@pytest.fixture
def worded(make_listing):
    """Listings whose words overlap in English and Spanish, with and without accents."""
    texts = [
        ("Legal Aid Clinic", "Free legal aid and immigration lawyers.", "Asesoría legal gratuita."),
        ("Casa Refugio", "Emergency shelter for women and children.", "Refugio de emergencia para mujeres."),
        ("Abogados Unidos", "Immigration and T visa help.", "Abogado de inmigración, visa T."),
        ("Women's Counseling", "Counseling in English and Spanish.", "Consejería en español."),
        ("Night Shelter", "A shelter open at night; no legal help.", ""),
        ("Jobs Center", "Job training and employment.", "Capacitación laboral."),
    ]
    for n, (name, description, description_es) in enumerate(texts):
        make_listing(
            name,
            description=description,
            description_es=description_es,
            service_types=["legal-aid" if n % 2 == 0 else "shelter"],
            counties_served=["taos" if n % 3 else "santa-fe"],
        )
    make_listing("Draft legal aid", description="legal shelter", status=Listing.Status.DRAFT)


WORDS = ["legal", "aid", "asesoria", "asesoría", "abogado", "shelter", "refugio", "immigration", "the", "women's"]


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(
        st.tuples(st.sampled_from(["", "-", "or "]), st.sampled_from(WORDS), st.booleans()), min_size=1, max_size=4
    ),
    service_type=st.sampled_from([[], ["legal-aid"]]),
    sort=st.sampled_from(["", "name", "verified"]),
    near=st.sampled_from(["", "taos"]),
)
def test_words_from_the_index_are_the_databases_answer(worded, words, service_type, sort, near):
    """A search with words matched by the index (search/lexemes.py), or left to SQL for
    a phrase: the same listings, counts and page as run_search()'s own SQL."""
    text = " ".join(f'{sign}"{word} aid"' if quoted else f"{sign}{word}" for sign, word, quoted in words)
    query = QueryDict(mutable=True)
    for name, value in {"q": [text], "service_type": service_type, "sort": [sort], "near": [near]}.items():
        query.setlist(name, [v for v in value if v])
    form = SearchForm(query)
    assert form.is_valid(), form.errors
    result = run_search(form.cleaned_data, place=form.place)
    counted = facet_counts(result, form.cleaned_data, page_number=1, per_page=3)

    assert counted.total == result.queryset.count(), text
    if counted.page_ids is not None:
        assert counted.page_ids == list(result.queryset.values_list("pk", flat=True)[:3]), text
    for slug in ("legal-aid", "shelter"):
        alone = {**form.cleaned_data, "service_type": [slug]}
        expected = run_search(alone, place=form.place).queryset.count()
        assert counted.facets["service_type"].get(slug, 0) == expected, (text, slug)
