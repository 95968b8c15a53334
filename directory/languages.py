"""ISO 639 language codes and their names in English and Spanish (offline, from pycountry)."""

import functools
import gettext

import pycountry
from django.utils.translation import get_language


@functools.cache
def _iso639(code: str):
    code = code.strip().lower()
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code)
    if len(code) == 3:
        return pycountry.languages.get(alpha_3=code)
    return None


def is_language_code(code: str) -> bool:
    return _iso639(code) is not None


def english_name(code: str) -> str:
    language = _iso639(code)
    return language.name if language else code


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
