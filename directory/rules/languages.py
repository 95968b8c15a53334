"""ISO 639 language codes and their names in English and Spanish.

Codes and most names come offline from pycountry. The names people here read most often
are our own (NAMES): pycountry's Spanish misspells some ("Árábe"), leaves others in English
("Eastern Keres", "Zuni") and capitalises them all, while Spanish writes language names in
lowercase mid-sentence ("Idiomas: inglés, español, navajo"). The Pueblo and Navajo languages
are named as their speakers name them in English and in Spanish.

language_name() gives the name as it reads mid-sentence; language_label() the name that
starts a label (a checkbox, a choice), with its first letter capitalised.
"""

import functools
import gettext
import unicodedata

import pycountry
from django.utils.text import capfirst
from django.utils.translation import get_language

# code -> (English name, Spanish name as written mid-sentence).
NAMES: dict[str, tuple[str, str]] = {
    "en": ("English", "inglés"),
    "es": ("Spanish", "español"),
    # Navajo and the Pueblo languages of New Mexico.
    "nv": ("Navajo", "navajo"),
    "tew": ("Tewa", "tewa"),
    "tix": ("Southern Tiwa", "tiwa del sur"),
    "twf": ("Northern Tiwa", "tiwa del norte"),
    "tow": ("Towa", "towa"),  # pycountry: "Jemez", the pueblo rather than its language
    "kee": ("Eastern Keres", "keres oriental"),
    "kjq": ("Western Keres", "keres occidental"),
    "zun": ("Zuni", "zuñi"),
    "hop": ("Hopi", "hopi"),
    "apj": ("Jicarilla Apache", "apache jicarilla"),
    "apm": ("Mescalero-Chiricahua Apache", "apache mescalero-chiricahua"),
    "apw": ("Western Apache", "apache occidental"),
    # Other languages spoken in New Mexico that pycountry names badly in Spanish.
    "ar": ("Arabic", "árabe"),
    "am": ("Amharic", "amárico"),
    "uk": ("Ukrainian", "ucraniano"),
    "ht": ("Haitian Creole", "criollo haitiano"),
    "sw": ("Swahili", "suajili"),
    "ne": ("Nepali", "nepalí"),
    "ti": ("Tigrinya", "tigriña"),
    "ps": ("Pashto", "pastún"),
    "ase": ("American Sign Language", "lengua de señas americana"),
    "quc": ("K'iche'", "k'iche'"),
    "mam": ("Mam", "mam"),
}


@functools.cache
def _canonical_codes() -> dict[str, str]:
    """Every way of writing an ISO 639 code -> the one code a Language is stored under:
    two letters (ISO 639-1) where the language has them, else its three (ISO 639-3).

    'es', 'spa' -> 'es'; 'nav' -> 'nv'; the bibliographic 'ger' -> 'de'; 'kee' -> 'kee'.
    A table of them all, read once, for the reason _by_code() gives.
    """
    codes = {}
    for language in pycountry.languages:
        alpha_2 = getattr(language, "alpha_2", None)
        canonical = alpha_2 or language.alpha_3
        for code in (getattr(language, "bibliographic", None), language.alpha_3, alpha_2):
            if code:
                codes[code] = canonical
    for code in NAMES:
        codes.setdefault(code, code)
    return codes


def canonical_code(code: str) -> str | None:
    """The stored code of an ISO 639 code written any way ('SPA', ' es ' -> 'es'), or None.

    The one rule that makes "spa" and "es" one Spanish: every path that stores, looks up
    or filters by a language code goes through it (rules/fields.py for what people type).
    """
    return _canonical_codes().get(code.strip().lower())


def is_language_code(code: str) -> bool:
    return canonical_code(code) is not None


@functools.cache
def _by_code() -> dict[str, str]:
    """Every language's stored code -> its English name, read once.

    A table of them all rather than a cache of the codes asked about: the search form
    asks about whatever a visitor typed, and a memory of that would be a record of searches.
    """
    names = {}
    for language in pycountry.languages:
        names[getattr(language, "alpha_2", None) or language.alpha_3] = language.name
    for code, (english, _spanish) in NAMES.items():
        names[code] = english
    return names


def english_name(code: str) -> str:
    return _by_code().get(canonical_code(code) or "") or code


def _key(text: str) -> str:
    return " ".join(alphabetical_key(text).split())


@functools.cache
def _names_to_codes() -> dict[str, str]:
    """Every name we know a language by, English or Spanish, accents and case ignored."""
    names = {_key(name): code for code, name in _by_code().items()}
    for code, (english, spanish) in NAMES.items():
        names[_key(english)] = code
        names[_key(spanish)] = code
    return names


def code_for(text: str) -> str | None:
    """A language as people write it -> its stored code: 'spa', 'es', 'Spanish' and
    'español' -> 'es'; 'Navajo', 'nav' -> 'nv'; 'Zuñi' -> 'zun'. None if we know no such language."""
    return canonical_code(text) or _names_to_codes().get(_key(text))


@functools.cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def language_name(code: str) -> str:
    """The language's name in the active language, as it reads mid-sentence:
    'es' -> 'Spanish' or 'español'."""
    code = canonical_code(code) or code.strip().lower()
    active = (get_language() or "en").split("-")[0]
    if active == "en":
        return english_name(code)
    if active == "es" and code in NAMES:
        return NAMES[code][1]
    english = english_name(code)
    name = _catalogue(active).gettext(english)
    # Spanish writes language names in lowercase; a name pycountry left in English keeps its capitals.
    return name.lower() if active == "es" and name != english else name


def load_tables(languages: list[str]) -> None:
    """Read pycountry's tables, and its catalogue for each of `languages`, now rather than
    on the first page that names a language: gunicorn's master calls this before forking."""
    for table in (_canonical_codes, _by_code, _names_to_codes):
        table()
    for language in languages:
        _catalogue(language)


def language_label(code: str) -> str:
    """The name where it starts a label (a checkbox, a list of choices): 'Español'."""
    return capfirst(language_name(code))


def alphabetical_key(name: str) -> str:
    """Sorts names as a reader expects, case and accents ignored: 'árabe' before 'chino'."""
    return unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
