"""The word rules both backends share: what a query's words are, which word a query
excludes, and which words are always public (the service types' names and keywords)."""

import functools
import re

from django.utils import translation

from directory.rules import vocab
from directory.rules.geo import normalize_name

# A websearch term the query excludes: -word or -"a phrase".
EXCLUDED = re.compile(r'(?:(?<=\s)|^)-("[^"]*"?|[^\s"]+)')


def query_words(text: str) -> list[str]:
    """The words of a query worth correcting: three letters or more, not the operator "or"."""
    return sorted({word.lower() for word in re.findall(r"\w+", text) if len(word) >= 3 and word.lower() != "or"})


def service_type_terms() -> list[tuple[str, str, str]]:
    """(slug, English name, Spanish name and keywords) of every service type."""
    rows = []
    for slug, name in vocab.SERVICE_TYPES.items():
        with translation.override("en"):
            english = str(name)
        with translation.override("es"):
            spanish = f"{name} {vocab.SERVICE_TYPE_KEYWORDS_ES[slug]}"
        rows.append((slug, english, spanish))
    return rows


@functools.cache
def vocabulary_words() -> tuple[str, ...]:
    """The words of the service types' names and keywords in both languages: always public."""
    text = " ".join(f"{english} {spanish}" for _, english, spanish in service_type_terms())
    return tuple(sorted({word for word in normalize_name(text).split() if 3 <= len(word) <= 100}))
