"""SQLite full text, for the embedded default (`make run`): an FTS5 table.

One row per listing (rowid = listing id, every status: the caller's queryset says
which listings may be found), in columns weighted as PostgreSQL weighs its vector:
name and organization, then service types and town, then descriptions, then counties.
The tokenizer drops accents ("asesoria" finds "asesoría"); each column holds its text
followed by the English and then the Spanish Snowball stem of every word, so "abogado"
finds "abogados" and "counseling" finds "counselor". A query word also matches as a
prefix ("abog" finds "abogados"). The unindexed column `words` keeps the exact public
words (never the address), which typo correction offers back, as PostgreSQL's
public_words does.

A query keeps the websearch syntax PostgreSQL reads: "a phrase", or, -word.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable

import snowballstemmer
from django.db import connections, transaction
from django.db.models import FloatField, Func, QuerySet, Value
from django.db.models.expressions import RawSQL

from directory.models import Listing
from directory.search.backends import stopwords
from directory.search.backends.result import Match
from directory.search.backends.words import (
    EXCLUDED,
    query_words,
    service_type_terms,
    vocabulary_words,
)

TABLE = "directory_listing_fts"
CREATE_SQL = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
    name, kinds, about, places, words UNINDEXED,
    tokenize = "unicode61 remove_diacritics 2"
)
"""
DROP_SQL = f"DROP TABLE IF EXISTS {TABLE}"
# bm25 weight of each column, in order: a word in the name counts ten times one in a description.
WEIGHTS = "10.0, 4.0, 1.0, 0.5, 0.0"
# PostgreSQL's pg_trgm.similarity_threshold: a correction must be at least this similar.
SIMILARITY_THRESHOLD = 0.3
BATCH = 500  # listing ids per statement, well under SQLite's limit of bound parameters

_WORD = re.compile(r"[^\W_]+")
_ENGLISH = snowballstemmer.stemmer("english")
_SPANISH = snowballstemmer.stemmer("spanish")


def _plain(text: str) -> str:
    """Lower case without accents, as the tokenizer (remove_diacritics 2) sees it."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(text: str) -> list[str]:
    return _WORD.findall(_plain(text))


@functools.lru_cache(maxsize=65536)
def _stems(word: str) -> tuple[str, str]:
    return _ENGLISH.stemWord(word), _SPANISH.stemWord(word)


def _with_stems(*texts: str) -> str:
    """The text, then its words' English stems, then their Spanish stems, each in
    order so that a quoted phrase matches the stems of a phrase too."""
    texts = tuple(text for text in texts if text)
    words = _words(" ".join(texts))
    stems = [_stems(word) for word in words]
    return "\n".join([" ".join(texts), " ".join(s[0] for s in stems), " ".join(s[1] for s in stems)])


def _public_words(*texts: str) -> str:
    """The exact words a correction may offer (PostgreSQL's public_words)."""
    return " ".join(sorted({word for word in _words(" ".join(text for text in texts if text)) if 3 <= len(word) <= 100}))


# --- the index ------------------------------------------------------------------------

ROWS_SQL = """
SELECT l.id, l.name, o.name, l.city, l.description, l.eligibility, l.description_es,
       l.eligibility_es, c.name
FROM directory_listing l
JOIN directory_organization o ON o.id = l.organization_id
LEFT JOIN directory_county c ON c.id = l.county_id
WHERE l.id IN ({ids})
"""
TYPES_SQL = """
SELECT lst.listing_id, st.slug FROM directory_listing_service_types lst
JOIN directory_servicetype st ON st.id = lst.servicetype_id
WHERE lst.listing_id IN ({ids})
"""
COUNTIES_SQL = """
SELECT lc.listing_id, c.name FROM directory_listing_counties_served lc
JOIN directory_county c ON c.id = lc.county_id
WHERE lc.listing_id IN ({ids})
"""


def index_listings(cursor, ids: list[int]) -> None:
    """(Re)write the index rows of these listings; a listing that no longer exists
    loses its row. Plain SQL on a cursor, so that migration 0013 can fill the index
    of a database made before it."""
    terms = {slug: f"{english} {spanish}" for slug, english, spanish in service_type_terms()}
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        marks = ", ".join(["%s"] * len(batch))
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", batch)
        cursor.execute(TYPES_SQL.format(ids=marks), batch)
        types: dict[int, list[str]] = {}
        for listing_id, slug in cursor.fetchall():
            types.setdefault(listing_id, []).append(terms.get(slug, ""))
        cursor.execute(COUNTIES_SQL.format(ids=marks), batch)
        counties: dict[int, list[str]] = {}
        for listing_id, name in cursor.fetchall():
            counties.setdefault(listing_id, []).append(name)
        cursor.execute(ROWS_SQL.format(ids=marks), batch)
        rows = []
        for pk, name, organization, city, description, eligibility, description_es, eligibility_es, county in (
            cursor.fetchall()
        ):
            rows.append(
                (
                    pk,
                    _with_stems(name, organization),
                    _with_stems(*types.get(pk, []), city),
                    _with_stems(description, eligibility, description_es),
                    _with_stems(*counties.get(pk, []), county or ""),
                    _public_words(name, organization, city, description, description_es, eligibility, eligibility_es),
                )
            )
        cursor.executemany(
            f"INSERT INTO {TABLE} (rowid, name, kinds, about, places, words) VALUES (%s, %s, %s, %s, %s, %s)", rows
        )


def index_all(cursor) -> None:
    cursor.execute("SELECT id FROM directory_listing ORDER BY id")
    index_listings(cursor, [pk for (pk,) in cursor.fetchall()])


def update_index(listing_ids: Iterable[int], using: str = "default") -> None:
    ids = list(listing_ids)
    if ids:
        # One transaction: all or nothing, and one commit rather than one per row.
        with transaction.atomic(using), connections[using].cursor() as cursor:
            index_listings(cursor, ids)


def prune_terms(using: str = "default") -> int:
    """Drop the index rows of deleted listings (their words are never offered anyway:
    a correction reads only the rows of published listings)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid NOT IN (SELECT id FROM directory_listing)")
        return cursor.rowcount


# --- the query ------------------------------------------------------------------------


def _quoted(words: Iterable[str]) -> str:
    # A word is letters and digits only (_WORD), so it needs no escaping inside quotes.
    return '"' + " ".join(words) + '"'


def _term(words: list[str], *, prefix: bool) -> str:
    """FTS5 for one word or phrase: as typed (a word of three letters or more also as a
    prefix), or in its English stems, or in its Spanish ones."""
    stems = [_stems(word) for word in words]
    forms = [_quoted(words) + ("*" if prefix and len(words) == 1 and len(words[0]) >= 3 else "")]
    for variant in ([s[0] for s in stems], [s[1] for s in stems]):
        if variant != words and _quoted(variant) not in forms:
            forms.append(_quoted(variant))
    return "(" + " OR ".join(forms) + ")"


def _is_stop_word(word: str) -> bool:
    return word in stopwords.ENGLISH or word in stopwords.SPANISH


def _wanted(text: str) -> str | None:
    """The FTS5 expression of the wanted terms: quoted phrases, words, `or` between two."""
    items: list[list[str] | str] = []
    for phrase, bare in re.findall(r'"([^"]*)"?|([^\s"]+)', text):
        if bare and bare.lower() == "or":
            items.append("OR")
        elif words := _words(phrase or bare):
            items.append(words)
    # Stop words drop out, as PostgreSQL drops them (a query of nothing else finds nothing).
    items = [item for item in items if item == "OR" or not (len(item) == 1 and _is_stop_word(item[0]))]
    expression: list[str] = []
    for item in items:
        if item == "OR":
            if expression and expression[-1] != "OR":
                expression.append("OR")
        else:
            if expression and expression[-1] != "OR":
                expression.append("AND")
            expression.append(_term(item, prefix=True))
    while expression and expression[-1] == "OR":
        expression.pop()
    return " ".join(expression) or None


def _excluded(text: str) -> list[str]:
    """One FTS5 expression per excluded term (-word, -"a phrase"); stop words drop out."""
    expressions = []
    for term in EXCLUDED.findall(text):
        words = _words(term.strip('"'))
        if words and not (len(words) == 1 and _is_stop_word(words[0])):
            expressions.append(_term(words, prefix=False))
    return expressions


def _matching(expression: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression])


class _Rank(Func):
    """bm25 of one listing's row for the expression, negated: higher is better."""

    output_field = FloatField()

    def __init__(self, pk, expression: str):
        super().__init__(pk, Value(expression))

    def as_sql(self, compiler, connection, **extra):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        match_sql, match_params = compiler.compile(self.source_expressions[1])
        sql = f"(SELECT -bm25({TABLE}, {WEIGHTS}) FROM {TABLE} WHERE {TABLE} MATCH {match_sql} AND rowid = {pk_sql})"
        return sql, [*match_params, *pk_params]


def _filtered(queryset: QuerySet, text: str) -> QuerySet:
    """As PostgreSQL reads the query: wanted terms that are only stop words or
    punctuation match nothing; excluded terms alone match everything else."""
    wanted_text = EXCLUDED.sub(" ", text).strip()
    wanted = _wanted(wanted_text)
    excluded = _excluded(text)
    for expression in excluded:
        queryset = queryset.exclude(pk__in=_matching(expression))
    if wanted is None:
        unranked = queryset.annotate(rank=Value(0.0, output_field=FloatField()))
        return unranked.none() if wanted_text or not excluded else unranked
    return queryset.filter(pk__in=_matching(wanted)).annotate(rank=_Rank("pk", wanted))


def match(queryset: QuerySet, text: str) -> Match:
    matched = _filtered(queryset, text)
    corrected = None
    if not matched.exists():
        corrected = _corrected(text, queryset.db)
        if corrected:
            matched = _filtered(queryset, corrected)
    return Match(matched, corrected)


# --- typo correction ------------------------------------------------------------------


def _trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of a word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of the two words."""
    first, second = _trigrams(a), _trigrams(b)
    return len(first & second) / len(first | second)


def _corrected(text: str, using: str) -> str | None:
    """The query with each unknown word replaced by the most similar known word.

    The rule of PostgreSQL's correction: a word is known when it names a service type
    or a published listing contains it (exactly, stemmed, or as a prefix), and only
    such words are offered, so that a draft, pending or archived listing's words can
    never be discovered through a suggestion. Operators, quotes and word order stay as
    typed. None when no word changes.
    """
    words = query_words(text)
    if not words:
        return None
    vocabulary = set(vocabulary_words())
    published = Listing.Status.PUBLISHED
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT f.words FROM {TABLE} f JOIN directory_listing l ON l.id = f.rowid WHERE l.status = %s",
            [published],
        )
        known = {word for (row,) in cursor.fetchall() for word in row.split()} | vocabulary
        replacements = {}
        for word in words:
            plain = "".join(_words(word))
            if plain in known:
                continue
            cursor.execute(
                f"SELECT 1 FROM {TABLE} f JOIN directory_listing l ON l.id = f.rowid "
                f"WHERE {TABLE} MATCH %s AND l.status = %s LIMIT 1",
                [_term([plain], prefix=True), published],
            )
            if cursor.fetchone():
                continue
            scored = [(similarity(candidate, plain), candidate) for candidate in known]
            best = min(((-score, candidate) for score, candidate in scored if score >= SIMILARITY_THRESHOLD), default=None)
            if best:
                replacements[word] = best[1]
    if not replacements:
        return None
    return re.sub(r"\w+", lambda m: replacements.get(m[0].lower(), m[0]), text)


def lexemes_sql() -> None:
    """No lexemes for the facet index: FTS5 matches in SQL."""
    return None
