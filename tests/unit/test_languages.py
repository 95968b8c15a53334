"""ISO 639 codes and names: offline from pycountry, with our own names for the languages
people here read most (lowercase mid-sentence in Spanish)."""

import pytest
from django.utils import translation

from directory.rules import languages


def test_two_and_three_letter_codes_are_known_and_others_are_not():
    assert languages.is_language_code("es")
    assert languages.is_language_code("nv")
    assert languages.is_language_code("kee")  # Keres, a Pueblo language
    assert not languages.is_language_code("zz")
    assert not languages.is_language_code("spanish")


@pytest.mark.parametrize(
    ("written", "stored"),
    [("es", "es"), ("spa", "es"), ("SPA", "es"), (" Es ", "es"), ("nav", "nv"), ("ger", "de"), ("deu", "de"),
     ("kee", "kee"), ("tew", "tew"), ("ase", "ase")],
)
def test_every_spelling_of_a_code_gives_the_one_stored_code(written, stored):
    # Two letters (ISO 639-1) where the language has them, else its three (639-3).
    assert languages.canonical_code(written) == stored


def test_a_name_or_an_unknown_code_has_no_stored_code():
    assert languages.canonical_code("spanish") is None
    assert languages.canonical_code("zz") is None


def test_names_follow_the_page_language():
    assert languages.language_name("de") == "German"
    with translation.override("es"):
        assert languages.language_name("de") == "alemán"


@pytest.mark.parametrize(
    ("code", "english", "spanish"),
    [
        ("en", "English", "inglés"),
        ("es", "Spanish", "español"),
        ("ar", "Arabic", "árabe"),  # pycountry: "Árábe"
        ("nv", "Navajo", "navajo"),
        ("tew", "Tewa", "tewa"),  # pycountry: "Tewa (USA)"
        ("tix", "Southern Tiwa", "tiwa del sur"),
        ("twf", "Northern Tiwa", "tiwa del norte"),
        ("tow", "Towa", "towa"),  # pycountry: "Jemez", the pueblo
        ("kee", "Eastern Keres", "keres oriental"),  # pycountry leaves it in English
        ("kjq", "Western Keres", "keres occidental"),
        ("zun", "Zuni", "zuñi"),
    ],
)
def test_the_languages_of_new_mexico_are_named_as_their_speakers_name_them(code, english, spanish):
    with translation.override("en"):
        assert languages.language_name(code) == english
    with translation.override("es"):
        assert languages.language_name(code) == spanish
    assert languages.english_name(code) == english


def test_spanish_names_are_lowercase_mid_sentence_and_capitalised_where_a_label_starts():
    with translation.override("es"):
        assert languages.language_name("vi") == "vietnamita"  # from pycountry, lowercased
        assert languages.language_label("es") == "Español"
        assert languages.language_label("zun") == "Zuñi"
    with translation.override("en"):
        assert languages.language_label("es") == "Spanish"


def test_a_name_pycountry_leaves_in_english_keeps_its_capitals():
    with translation.override("es"):
        assert languages.language_name("nhe") == "Eastern Huasteca Nahuatl"


def test_codes_are_read_whatever_their_case_or_spaces():
    with translation.override("es"):
        assert languages.language_name(" NV ") == "navajo"


def test_the_codes_a_visitor_asks_about_are_not_remembered():
    # The search form checks whatever was typed: a memory of it would be a record of searches.
    for code in ("qa", "qb", "qc", "nv"):
        languages.is_language_code(code)
    assert languages._canonical_codes.cache_info().currsize == 1  # the one table of every code


def test_names_sort_as_a_reader_expects_whatever_their_accents():
    names = ["zuñi", "inglés", "árabe", "Español", "chino"]
    assert sorted(names, key=languages.alphabetical_key) == ["árabe", "chino", "Español", "inglés", "zuñi"]
