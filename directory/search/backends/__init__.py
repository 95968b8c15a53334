"""The text-search engine behind run_search(), chosen by the database it runs on.

Both engines answer the same question the same way (tests/db/test_search_behaviour.py
holds them to one set of assertions): the published listings matching a query in
English or Spanish, accents ignored, stems matched, ranked name over description, and
when nothing matches, the query with its misspelt words replaced by words of published
listings. PostgreSQL does it with stored tsvectors and trigrams; SQLite, the embedded
default of `make run`, with an FTS5 table and Snowball stems computed in Python.
"""

from typing import Protocol

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

from directory.search.backends import postgres, sqlite
from directory.search.backends.result import Match


class SearchBackend(Protocol):
    def match(self, queryset: QuerySet, text: str) -> Match:
        """The listings of `queryset` matching `text` (or, when it matched nothing, a
        correction of it that did), ranked; see result.py."""

    def update_index(self, listing_ids: list[int], using: str) -> None:
        """Re-index these listings (and their words) after a write."""

    def prune_terms(self, using: str) -> int:
        """Forget correction candidates no listing contains any more; how many."""

    def lexemes_sql(self) -> str | None:
        """A SELECT of (0, 'lexeme', "lexeme<TAB>ids") rows of the published listings
        (status a parameter), for the facet index to match words with; None: this
        engine matches in SQL only."""


def backend(using: str = DEFAULT_DB_ALIAS) -> SearchBackend:
    """The engine of the database `using`: PostgreSQL's or SQLite's."""
    return postgres if connections[using].vendor == "postgresql" else sqlite
