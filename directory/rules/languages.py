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
def _by_code() -> dict[str, str]:
    """Every ISO 639 code (2 and 3 letters) -> its English name, read once.

    A table of them all rather than a cache of the codes asked about: the search form
    asks about whatever a visitor typed, and a memory of that would be a record of searches.
    """
    names = {}
    for language in pycountry.languages:
        for code in (getattr(language, "alpha_2", None), language.alpha_3):
            if code:
                names[code] = language.name
    for code, (english, _spanish) in NAMES.items():
        names[code] = english
    return names


def _iso639(code: str) -> str | None:
    return _by_code().get(code.strip().lower())


def is_language_code(code: str) -> bool:
    return _iso639(code) is not None


def english_name(code: str) -> str:
    return _iso639(code) or code


@functools.cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def language_name(code: str) -> str:
    """The language's name in the active language, as it reads mid-sentence:
    'es' -> 'Spanish' or 'español'."""
    code = code.strip().lower()
    active = (get_language() or "en").split("-")[0]
    if active == "en":
        return english_name(code)
    if active == "es" and code in NAMES:
        return NAMES[code][1]
    english = english_name(code)
    name = _catalogue(active).gettext(english)
    # Spanish writes language names in lowercase; a name pycountry left in English keeps its capitals.
    return name.lower() if active == "es" and name != english else name


def language_label(code: str) -> str:
    """The name where it starts a label (a checkbox, a list of choices): 'Español'."""
    return capfirst(language_name(code))


def alphabetical_key(name: str) -> str:
    """Sorts names as a reader expects, case and accents ignored: 'árabe' before 'chino'."""
    return unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
