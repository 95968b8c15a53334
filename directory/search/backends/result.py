"""What a search backend's match() gives (both engines import it; backends/__init__.py
imports the engines)."""

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass
class Match:
    # The listings matching the words, annotated with `rank` (higher is better).
    queryset: QuerySet
    # The words with misspellings replaced, when the words as typed matched nothing.
    corrected: str | None = None
    # The tsquery matched, as PostgreSQL writes it ('legal' & !'immigr'), for the facet
    # index to work out (search/lexemes.py); None: the engine matches in SQL only.
    tsquery: str | None = None
