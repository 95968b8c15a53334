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


class SearchBackend(Protocol):
    def match(self, queryset: QuerySet, text: str) -> tuple[QuerySet, str | None]:
        """The listings of `queryset` matching `text`, annotated with `rank` (higher is
        better), and the corrected query when `text` matched nothing and a correction
        did (else None)."""

    def update_index(self, listing_ids: list[int], using: str) -> None:
        """Re-index these listings (and their words) after a write."""

    def prune_terms(self, using: str) -> int:
        """Forget correction candidates no listing contains any more; how many."""

    def lexemes_sql(self) -> str | None:
        """A SELECT of (0, 'lexeme', "lexeme<TAB>ids") rows of the published listings
        (status a parameter), for the facet index to match words with; None: this
        engine matches in SQL only."""

    def tsquery(self, text: str, using: str) -> str | None:
        """The tsquery text that match() matches `text` with, or None (see lexemes_sql)."""


def backend(using: str = DEFAULT_DB_ALIAS) -> SearchBackend:
    """The engine of the database `using`: PostgreSQL's or SQLite's."""
    return postgres if connections[using].vendor == "postgresql" else sqlite
