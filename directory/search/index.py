"""Keeping the search index current: every write path (admin, import, review, the one
writer) calls update_search_vectors() after it writes, whatever the database.

What the index holds is the engine's business (directory.search.backends): on
PostgreSQL each listing's stored tsvector and exact public words, plus the candidate
words of typo correction; on SQLite a row of the FTS5 table. Either way the street
address is never indexed: a search that matched it would reveal a confidential
location.
"""

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS

from directory.search.backends import backend
from directory.search.backends.words import vocabulary_words

__all__ = ["prune_search_terms", "update_search_vectors", "vocabulary_words"]


def update_search_vectors(listing_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> None:
    """Re-index these listings after a write (a deleted one leaves the index)."""
    backend(using).update_index(list(listing_ids), using)


def prune_search_terms(using: str = DEFAULT_DB_ALIAS) -> int:
    """Forget what no listing holds any more (the daily cleanup and the rebuild); how many."""
    return backend(using).prune_terms(using)
