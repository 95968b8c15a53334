"""What free-text search does, whichever engine answers: one body of assertions that
PostgreSQL (this session's database) and SQLite (the embedded default of `make run`)
must both pass.

The tests run here on PostgreSQL; test_the_same_tests_pass_on_sqlite runs this very
module again in a pytest of its own on a real SQLite database (DATABASE_URL=sqlite:),
where the FTS5 engine answers. Then the demo itself: `make run`'s database setup on a
fresh SQLite file must find what production finds for the home page's examples.
"""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from directory.models import Listing
from directory.search.backends import backend

pytestmark = pytest.mark.django_db

# The engine a run of this module must be testing: set by test_the_same_tests_pass_on_sqlite.
VENDOR = os.environ.get("SEARCH_BEHAVIOUR_VENDOR", "postgresql")


@pytest.fixture(autouse=True)
def _on_the_expected_engine():
    assert connection.vendor == VENDOR


@pytest.fixture
def directory(make_listing):
    """Five listings: four published in three service types, one draft."""
    return {
        "harbor": make_listing(
            "Harbor Emergency Beds",
            service_types=["shelter"],
            description="Safe beds for survivors and their children.",
            description_es="Camas seguras para sobrevivientes y sus hijos.",
        ),
        "mesa": make_listing(
            "Mesa Legal Clinic",
            service_types=["legal-aid"],
            description="Free lawyers for immigration cases and protective orders.",
            description_es="Asesoría legal gratuita con abogados: inmigración y órdenes de protección.",
        ),
        "together": make_listing(
            "Lawyers Together",
            service_types=["legal-aid"],
            description="Help with protective orders.",
        ),
        "pinon": make_listing(
            "Piñon Counseling Center",
            service_types=["counseling"],
            description="Trauma care for adults.",
            description_es="Consejería para adultos.",
        ),
        "draft": make_listing(
            "Borrador Secreto",
            service_types=[],
            description="The zanfoniero workshop.",
            status=Listing.Status.DRAFT,
        ),
    }


def search(text: str) -> tuple[list[str], str | None]:
    """The published listings `text` finds, best first, and the corrected query if any."""
    found = backend().match(Listing.objects.published(), text)
    return list(found.queryset.order_by("-rank", "name").values_list("name", flat=True)), found.corrected


def found(text: str) -> set[str]:
    return set(search(text)[0])


def test_the_engine_is_the_databases(db):
    assert backend().__name__.rsplit(".", 1)[1] == {"postgresql": "postgres", "sqlite": "sqlite"}[VENDOR]


@pytest.mark.parametrize("text", ["refugio", "Refugio", "shelter", "emergency"])
def test_a_shelter_is_found_in_either_language(directory, text):
    assert found(text) == {"Harbor Emergency Beds"}


@pytest.mark.parametrize("text", ["abogado", "abogados", "lawyer", "lawyers", "legal"])
def test_legal_aid_is_found_in_either_language_and_any_number(directory, text):
    assert found(text) == {"Mesa Legal Clinic", "Lawyers Together"}


@pytest.mark.parametrize("text", ["counseling", "consejería", "consejeria", "CONSEJERÍA", "terapia"])
def test_counseling_is_found_in_either_language_with_or_without_accents(directory, text):
    assert found(text) == {"Piñon Counseling Center"}


@pytest.mark.parametrize("text", ["asesoría legal", "asesoria legal", "Asesoria", "ASESORÍA LEGAL"])
def test_the_home_pages_example_is_found_with_or_without_accents(directory, text):
    assert found(text) == {"Mesa Legal Clinic", "Lawyers Together"}


@pytest.mark.parametrize("text", ["piñon", "pinon", "PIÑON counseling"])
def test_accents_in_a_name_do_not_matter_either(directory, text):
    assert found(text) == {"Piñon Counseling Center"}


def test_a_word_in_the_name_ranks_above_the_same_word_in_a_description(directory):
    # "Lawyers" is Lawyers Together's name and only in Mesa Legal Clinic's description.
    assert search("lawyers")[0] == ["Lawyers Together", "Mesa Legal Clinic"]
    assert search("legal")[0][0] == "Mesa Legal Clinic"


def test_every_word_must_match(directory):
    assert found("legal immigration") == {"Mesa Legal Clinic"}
    assert found("protective orders") == {"Mesa Legal Clinic", "Lawyers Together"}


def test_stop_words_of_either_language_do_not_count(directory):
    assert found("lawyers for the protective orders") == {"Mesa Legal Clinic", "Lawyers Together"}
    assert found("asesoría legal para adultos") == set()  # "adultos" is Piñon's alone
    assert found("the") == set()


def test_a_quoted_phrase_matches_only_in_that_order(directory):
    assert found('"protective orders"') == {"Mesa Legal Clinic", "Lawyers Together"}
    assert search('"orders protective"') == ([], None)


def test_or_finds_either(directory):
    assert found("refugio or consejería") == {"Harbor Emergency Beds", "Piñon Counseling Center"}
    assert found("refugio OR abogado") == {"Harbor Emergency Beds", "Mesa Legal Clinic", "Lawyers Together"}


def test_an_excluded_word_excludes_in_either_language(directory):
    assert found("legal -immigration") == {"Lawyers Together"}
    assert found("legal -inmigración") == {"Lawyers Together"}
    assert found('legal -"protective orders"') == set()
    # Excluded words alone: everything else.
    assert found("-legal -refugio") == {"Piñon Counseling Center"}


@pytest.mark.parametrize(
    ("typed", "corrected", "names"),
    [
        ("sheltr", "shelter", {"Harbor Emergency Beds"}),
        ("lawyrs", "lawyers", {"Mesa Legal Clinic", "Lawyers Together"}),
        ("Sheltr for survivors", "shelter for survivors", {"Harbor Emergency Beds"}),
        ("imigration lawyrs", "immigration lawyers", {"Mesa Legal Clinic"}),
    ],
)
def test_a_typo_is_corrected_to_a_published_word(directory, typed, corrected, names):
    results, correction = search(typed)
    assert (set(results), correction.lower()) == (names, corrected)


def test_a_correct_search_is_not_corrected(directory):
    assert search("lawyers")[1] is None
    assert search("xqzvwk") == ([], None)  # nothing near enough to offer


@pytest.mark.parametrize("typed", ["zanfoniero", "zanfonier", "zanfomiero", "zanfonieros"])
def test_a_word_only_a_draft_contains_is_never_found_nor_offered(directory, typed):
    assert search(typed) == ([], None)


def test_a_published_listings_words_are_offered_and_stop_when_it_is_archived(directory, make_listing):
    listing = make_listing("Zanfoniero Hall", service_types=["shelter"])
    assert search("zanfomiero") == (["Zanfoniero Hall"], "zanfoniero")
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.ARCHIVED)
    assert search("zanfomiero") == ([], None)


@pytest.mark.parametrize("text", ["!!!", '"', "-", "--", "or", "a -", "\u200b"])
def test_a_query_of_nothing_to_look_for_finds_nothing_and_fails_nothing(directory, text):
    assert search(text)[0] == []


def test_an_edit_is_searchable_at_once(directory):
    from directory.search.index import update_search_vectors

    harbor = directory["harbor"]
    Listing.objects.filter(pk=harbor.pk).update(name="Harbor Night Refuge")
    update_search_vectors([harbor.pk])
    assert found("night") == {"Harbor Night Refuge"}
    assert found("beds") == {"Harbor Night Refuge"}


def test_a_rebuild_indexes_what_was_written_behind_the_indexs_back(directory, capsys):
    Listing.objects.filter(pk=directory["pinon"].pk).update(description="Art therapy for adults.")
    assert found("art") == set()
    call_command("rebuild_search_index")
    assert found("art") == {"Piñon Counseling Center"}
    assert "Rebuilt the search index of 5 listings." in capsys.readouterr().out


def test_the_same_tests_pass_on_sqlite(tmp_path):
    """This module again, on a real SQLite database: the FTS5 engine behaves alike."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/behaviour.sqlite3",
        "SEARCH_BEHAVIOUR_VENDOR": "sqlite",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n0", "-q", __file__, "-k", "not on_sqlite"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", result.stdout) and " failed" not in result.stdout, result.stdout[-3000:]


# --- the demo of `make run` ---------------------------------------------------------

# The home page's examples and the issue's: each finds what production finds.
DEMO_QUERIES = ["asesoría legal", "asesoria", "abogado", "refugio", "sheltr", "counseling", "consejería"]
# SQLite also matches a word as a prefix (PostgreSQL's websearch syntax has no prefix).
PREFIXES = {"abog": "abogado", "refug": "refugio", "consej": "consejería", "counsel": "counseling"}

_SEARCH_ALL = (
    "import json\n"
    "from directory.models import Listing\n"
    "from directory.search.backends import backend\n"
    "found = {}\n"
    "for text in json.loads(QUERIES):\n"
    "    match = backend().match(Listing.objects.published(), text)\n"
    "    found[text] = [sorted(match.queryset.values_list('slug', flat=True)), match.corrected]\n"
    "print('found', json.dumps(found))\n"
    "from django.test import Client\n"
    "page = Client(HTTP_HOST='localhost').get('/services/', {'q': 'asesoría legal'})\n"
    "print('page', page.status_code, ' '.join(page.content.decode().split()))\n"
)


def test_the_make_run_demo_finds_what_production_finds_on_sqlite(sqlite_demo):
    """`make run`'s database setup (migrate, load_demo_data on a fresh SQLite file),
    searched, against the same demo loaded here on PostgreSQL; and by prefix."""
    out = sqlite_demo("shell", "-c", _SEARCH_ALL.replace("QUERIES", repr(json.dumps([*DEMO_QUERIES, *PREFIXES]))))
    match = re.search(r"^found (.*)$", out, re.MULTILINE)
    assert match, out[-2000:]
    on_sqlite = json.loads(match[1])
    # The results page too, as a visitor of `make run` sees it.
    page = re.search(r"^page (\d+) (.*)$", out, re.MULTILINE)
    assert page and page[1] == "200", out[-2000:]
    assert set(on_sqlite["asesoría legal"][0]) <= set(re.findall(r'href="/services/([\w-]+)/"', page[2]))

    call_command("load_demo_data")
    published = Listing.objects.published()
    for text in DEMO_QUERIES:
        match = backend().match(published, text)
        on_postgres = [sorted(match.queryset.values_list("slug", flat=True)), match.corrected]
        assert on_sqlite[text] == on_postgres, text
    # What the issue found missing: every legal-aid listing for abogado and the home
    # page's example, every shelter for refugio and sheltr, every counseling service for
    # consejería.
    for text, service_type in [
        ("abogado", "legal-aid"),
        ("asesoría legal", "legal-aid"),
        ("refugio", "shelter"),
        ("sheltr", "shelter"),
        ("counseling", "counseling"),
        ("consejería", "counseling"),
    ]:
        every = set(published.filter(service_types__slug=service_type).values_list("slug", flat=True))
        assert every and every <= set(on_sqlite[text][0]), text
    assert on_sqlite["sheltr"][1] == "shelter"
    for prefix, word in PREFIXES.items():
        assert set(on_sqlite[word][0]) <= set(on_sqlite[prefix][0]), prefix
