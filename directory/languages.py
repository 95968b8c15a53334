"""ISO 639 language codes and their names in English and Spanish (offline, from pycountry)."""

import functools
import gettext

import pycountry
from django.utils.translation import get_language


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
    """The language's name in the active language: 'es' -> 'Spanish' or 'español'."""
    name = english_name(code)
    active = (get_language() or "en").split("-")[0]
    if active == "en":
        return name
    return _catalogue(active).gettext(name)
