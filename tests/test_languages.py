"""ISO 639 codes and names, offline from pycountry."""

from django.utils import translation

from directory import languages


def test_two_and_three_letter_codes_are_known_and_others_are_not():
    assert languages.is_language_code("es")
    assert languages.is_language_code("nv")
    assert languages.is_language_code("kee")  # Keres, a Pueblo language
    assert not languages.is_language_code("zz")
    assert not languages.is_language_code("spanish")


def test_names_follow_the_page_language():
    assert languages.english_name("tew") == "Tewa (USA)"
    with translation.override("es"):
        assert languages.language_name("de") == "Alemán"


def test_the_codes_a_visitor_asks_about_are_not_remembered():
    # The search form checks whatever was typed: a memory of it would be a record of searches.
    for code in ("qa", "qb", "qc", "nv"):
        languages.is_language_code(code)
    assert languages._by_code.cache_info().currsize == 1  # the one table of every code
