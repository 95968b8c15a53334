"""PostgreSQL full text: two unaccented, stemmed configurations and trigram typos.

Each listing's stored vector (search_vector) and exact public words (public_words) are
written here, after every write (directory.search.index), because the vector spans
related rows (organization, service types, counties) that a generated column cannot
reach.

Weights: A name and organization, B service types and town, C descriptions and
eligibility, D the names of the place's county and the counties served, so that
"housing santa fe" also finds a service in Española that serves Santa Fe County,
below those in Santa Fe. Names, types, towns and counties are indexed with both
configurations, so that an English or a Spanish query stems them alike; each
description only with its own language's, since stemming one language's words by
the other's rules adds only noise.
"""

import re
from collections.abc import Iterable

from django.contrib.postgres.search import CombinedSearchQuery, SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, QuerySet

from directory.models import Listing
from directory.search.backends.result import Match
from directory.search.backends.words import (
    EXCLUDED,
    query_words,
    service_type_terms,
    vocabulary_words,
)

UPDATE_SQL = """
WITH terms(slug, english, spanish) AS (VALUES {values}),
types AS (
    SELECT lst.listing_id,
           string_agg(terms.english, ' ') AS english,
           string_agg(terms.spanish, ' ') AS spanish
    FROM directory_listing_service_types lst
    JOIN directory_servicetype st ON st.id = lst.servicetype_id
    JOIN terms ON terms.slug = st.slug
    WHERE lst.listing_id = ANY(%s)
    GROUP BY lst.listing_id
),
places AS (
    SELECT lc.listing_id, string_agg(c.name, ' ') AS names
    FROM directory_listing_counties_served lc
    JOIN directory_county c ON c.id = lc.county_id
    WHERE lc.listing_id = ANY(%s)
    GROUP BY lc.listing_id
)
UPDATE directory_listing AS l SET search_vector =
    setweight(to_tsvector('directory_en', l.name || ' ' || o.name), 'A')
    || setweight(to_tsvector('directory_es', l.name || ' ' || o.name), 'A')
    || setweight(to_tsvector('directory_en', coalesce(types.english, '') || ' ' || l.city), 'B')
    || setweight(to_tsvector('directory_es', coalesce(types.spanish, '') || ' ' || l.city), 'B')
    || setweight(to_tsvector('directory_en', l.description || ' ' || l.eligibility), 'C')
    || setweight(to_tsvector('directory_es', l.description_es), 'C')
    || setweight(to_tsvector('directory_en', coalesce(places.names, '') || ' ' || coalesce(c.name, '')), 'D')
    || setweight(to_tsvector('directory_es', coalesce(places.names, '') || ' ' || coalesce(c.name, '')), 'D'),
    public_words = array_to_tsvector(ARRAY(
        SELECT DISTINCT word FROM regexp_split_to_table(
            lower(unaccent(concat_ws(' ', l.name, o.name, l.city, l.description, l.description_es,
                                     l.eligibility, l.eligibility_es))),
            '[^a-z0-9]+'
        ) AS word
        WHERE length(word) BETWEEN 3 AND 100
    ))
FROM directory_organization AS o, directory_listing AS l2
LEFT JOIN types ON types.listing_id = l2.id
LEFT JOIN places ON places.listing_id = l2.id
LEFT JOIN directory_county AS c ON c.id = l2.county_id
WHERE l.id = l2.id AND o.id = l.organization_id AND l.id = ANY(%s)
"""


# Candidate words for typo correction: every listing's exact public words (never the
# address) and the words of the service types. Whether a candidate may be offered is
# decided at search time against the published listings' public_words (_corrected), so a
# listing unpublished by any path, even SQL, stops offering its words at once. The
# descriptions are in too: a correctly spelt word that only a description uses must be
# known, or "imigration lawyer" would be "corrected" to "immigration law".
TERMS_SQL = """
INSERT INTO directory_searchterm (word)
SELECT word FROM (
    SELECT unnest(tsvector_to_array(public_words)) AS word FROM directory_listing WHERE id = ANY(%s)
    UNION
    SELECT unnest(%s::text[])
) words
ON CONFLICT (word) DO NOTHING
"""

# Candidates no listing contains any more (the daily cleanup and the rebuild drop them).
PRUNE_TERMS_SQL = """
DELETE FROM directory_searchterm t
WHERE NOT t.word = ANY(%s)
AND NOT EXISTS (SELECT 1 FROM directory_listing l WHERE l.public_words @@ quote_literal(t.word)::tsquery)
"""


def update_index(listing_ids: Iterable[int], using: str = "default") -> None:
    ids = list(listing_ids)
    if not ids:
        return
    terms = service_type_terms()
    values = ", ".join(["(%s, %s, %s)"] * len(terms))
    params = [value for row in terms for value in row]
    with connections[using].cursor() as cursor:
        cursor.execute(UPDATE_SQL.format(values=values), [*params, ids, ids, ids])
        cursor.execute(TERMS_SQL, [ids, list(vocabulary_words())])


def prune_terms(using: str = "default") -> int:
    with connections[using].cursor() as cursor:
        cursor.execute(PRUNE_TERMS_SQL, [list(vocabulary_words())])
        return cursor.rowcount


class _EitherLanguage(CombinedSearchQuery):
    """The English parse OR the Spanish parse, written so that PostgreSQL plans it well.

    Most words parse alike in both languages ("legal"), and the planner reads `q || q`
    as two independent chances to match: it estimated "legal" at 80 % of the rows (55 %
    in fact) and chose a slower plan. Both parses are constants, so the CASE below is
    folded at plan time into the one query when they agree; the matches are the same.
    """

    def __init__(self, text: str, search_type: str) -> None:
        english = SearchQuery(text, config="directory_en", search_type=search_type)
        spanish = SearchQuery(text, config="directory_es", search_type=search_type)
        super().__init__(english, SearchQuery.BITOR, spanish, config=None)

    def as_sql(self, compiler, connection):
        english, english_params = compiler.compile(self.lhs)
        spanish, spanish_params = compiler.compile(self.rhs)
        sql = f"(CASE WHEN {english} = {spanish} THEN {english} ELSE ({english} || {spanish}) END)"
        return sql, [*english_params, *spanish_params, *english_params, *english_params, *spanish_params]


def _text_query(text: str) -> tuple[SearchQuery, SearchQuery]:
    """The websearch syntax (quoted phrases, or, -word) in English or Spanish: the
    query to match and the query to rank by.

    The wanted terms are parsed once per language and either parse may match, so each
    language drops its own stop words. An excluded term is excluded in both languages:
    left inside each parse, "legal -immigration" would still match an English
    description that mentions immigration through the Spanish parse, which never saw
    the English description. Ranking uses the wanted terms alone, because ts_rank
    scores a negated term erratically (0 for some rows, inflated for others).
    """
    excluded = [term.strip('"') for term in EXCLUDED.findall(text)]
    wanted = EXCLUDED.sub(" ", text).strip()
    rank_query = _EitherLanguage(wanted or text, "websearch")
    match_query = rank_query if wanted else None
    for term in excluded:
        # NOT (English OR Spanish), written as De Morgan's AND because only a single
        # SearchQuery can be inverted. An empty parse (a stop word) drops out in SQL.
        not_term = SearchQuery(term, config="directory_en", search_type="phrase", invert=True) & SearchQuery(
            term, config="directory_es", search_type="phrase", invert=True
        )
        match_query = not_term if match_query is None else match_query & not_term
    return (rank_query if match_query is None else match_query), rank_query


def _corrected(text: str, using: str) -> str | None:
    """The query with each unknown word replaced by the most similar known word.

    A word is known when a published listing contains it (exactly, or stemmed as
    "lawyer" in "lawyers") or it names a service type. Only such words are offered: a
    word that only a draft, pending or archived listing contains is neither offered nor
    treated as known, so the correction can never be used to test for one.

    Operators, quotes and word order stay as typed, so "legal -imigration" becomes
    "legal -immigration". None when no word changes.
    """
    words = query_words(text)
    if not words:
        return None
    published = Listing.Status.PUBLISHED
    vocabulary = list(vocabulary_words())
    with connections[using].cursor() as cursor:
        cursor.execute(
            """
            SELECT q.word, (
                SELECT t.word FROM directory_searchterm t
                WHERE t.word %% unaccent(q.word)
                AND (t.word = ANY(%s) OR EXISTS (
                    SELECT 1 FROM directory_listing l
                    WHERE l.status = %s AND l.public_words @@ quote_literal(t.word)::tsquery
                ))
                ORDER BY similarity(t.word, unaccent(q.word)) DESC, t.word LIMIT 1
            )
            FROM unnest(%s::text[]) AS q(word)
            WHERE NOT unaccent(q.word) = ANY(%s)
            AND NOT EXISTS (
                SELECT 1 FROM directory_listing l
                WHERE l.status = %s AND (
                    l.public_words @@ quote_literal(unaccent(q.word))::tsquery
                    OR l.search_vector @@ (
                        plainto_tsquery('directory_en', q.word) || plainto_tsquery('directory_es', q.word)
                    )
                )
            )
            """,
            [vocabulary, published, words, vocabulary, published],
        )
        replacements = {word: suggestion for word, suggestion in cursor.fetchall() if suggestion}
    if not replacements:
        return None
    return re.sub(r"\w+", lambda m: replacements.get(m[0].lower(), m[0]), text)


def match(queryset: QuerySet, text: str) -> Match:
    query, rank_query = _text_query(text)
    # Filter on the @@ match, never on rank > 0: ts_rank gives 1e-20 to non-matches.
    matched = queryset.filter(search_vector=query)
    tsquery, found = _parsed(query, queryset.db, matched)
    corrected = None
    if not found:
        corrected = _corrected(text, queryset.db)
        if corrected:
            query, rank_query = _text_query(corrected)
            matched = queryset.filter(search_vector=query)
            tsquery, _ = _parsed(query, queryset.db)
    return Match(matched.annotate(rank=SearchRank(F("search_vector"), rank_query)), corrected, tsquery)


def _parsed(query: SearchQuery, using: str, matched: QuerySet | None = None) -> tuple[str, bool]:
    """The tsquery as PostgreSQL writes it, and whether `matched` holds any listing, in
    one query (that reads no table when there is no `matched` to ask about)."""
    compiler = Listing.objects.using(using).none().query.get_compiler(using)
    sql, params = query.resolve_expression(compiler.query).as_sql(compiler, compiler.connection)
    columns = [f"CAST(({sql}) AS text)"]
    if matched is not None:
        exists, exists_params = matched.values("pk")[:1].query.sql_with_params()
        columns.append(f"EXISTS({exists})")
        params = [*params, *exists_params]
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        row = cursor.fetchone()
    return row[0], matched is None or row[1]


# Each lexeme of the published listings' vectors with their ids, for the facet index
# (search/lexemes.py): rows of its UNION, (0, 'lexeme', "lexeme<TAB>id id id ...").
# A lexeme never holds a tab: the parser splits words at white space.
LEXEMES_SQL = (
    "SELECT 0, 'lexeme', word || E'\\t' || string_agg(CAST(l.id AS text), ' ')"
    " FROM directory_listing l, unnest(tsvector_to_array(l.search_vector)) AS word"
    " WHERE l.status = %s GROUP BY word"
)


def lexemes_sql() -> str:
    return LEXEMES_SQL
