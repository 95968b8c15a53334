"""The stored full-text search vector of each listing (PostgreSQL only).

Every write path (admin, import, review) calls update_search_vectors() after it
writes, because the vector spans related rows (organization, service types, counties)
that a generated column cannot reach. The street address is never indexed: a search
that matched it would reveal a confidential location.

Weights: A name and organization, B service types and town, C descriptions and
eligibility, D the names of the place's county and the counties served, so that
"housing santa fe" also finds a service in Española that serves Santa Fe County,
below those in Santa Fe. Names, types, towns and counties are indexed with both
configurations, so that an English or a Spanish query stems them alike; each
description only with its own language's, since stemming one language's words by
the other's rules adds only noise.
"""

import functools
from collections.abc import Iterable

from django.db import connection
from django.utils import translation

from directory.rules import vocab
from directory.rules.geo import normalize_name


def _service_type_terms() -> list[tuple[str, str, str]]:
    rows = []
    for slug, name in vocab.SERVICE_TYPES.items():
        with translation.override("en"):
            english = str(name)
        with translation.override("es"):
            spanish = f"{name} {vocab.SERVICE_TYPE_KEYWORDS_ES[slug]}"
        rows.append((slug, english, spanish))
    return rows


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
# decided at search time against the published listings' public_words (search.py), so a
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


@functools.cache
def vocabulary_words() -> tuple[str, ...]:
    """The words of the service types' names and keywords in both languages: always public."""
    text = " ".join(f"{english} {spanish}" for _, english, spanish in _service_type_terms())
    return tuple(sorted({word for word in normalize_name(text).split() if 3 <= len(word) <= 100}))


def prune_search_terms() -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(PRUNE_TERMS_SQL, [list(vocabulary_words())])
        return cursor.rowcount


def update_search_vectors(listing_ids: Iterable[int]) -> None:
    ids = list(listing_ids)
    if not ids or connection.vendor != "postgresql":
        return
    terms = _service_type_terms()
    values = ", ".join(["(%s, %s, %s)"] * len(terms))
    params = [value for row in terms for value in row]
    with connection.cursor() as cursor:
        cursor.execute(UPDATE_SQL.format(values=values), [*params, ids, ids, ids])
        cursor.execute(TERMS_SQL, [ids, list(vocabulary_words())])
