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

from collections.abc import Iterable

from django.db import connection
from django.utils import translation

from . import vocab
from .models import Listing


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
    || setweight(to_tsvector('directory_es', coalesce(places.names, '') || ' ' || coalesce(c.name, '')), 'D')
FROM directory_organization AS o, directory_listing AS l2
LEFT JOIN types ON types.listing_id = l2.id
LEFT JOIN places ON places.listing_id = l2.id
LEFT JOIN directory_county AS c ON c.id = l2.county_id
WHERE l.id = l2.id AND o.id = l.organization_id AND l.id = ANY(%s)
"""


# Words for typo correction, from the same public text (never the address) of
# published listings only: a suggestion must not leak an unvetted draft's words. The
# descriptions are in too: a correctly spelt word that only a description uses must
# be known, or "imigration lawyer" would be "corrected" to "immigration law".
TERMS_SQL = """
INSERT INTO directory_searchterm (word)
SELECT DISTINCT word FROM (
    SELECT regexp_split_to_table(
        lower(unaccent(concat_ws(' ', l.name, o.name, l.city, l.description, l.description_es, l.eligibility))),
        '[^a-z0-9]+'
    ) AS word
    FROM directory_listing l JOIN directory_organization o ON o.id = l.organization_id
    WHERE l.id = ANY(%s) AND l.status = %s
    UNION ALL
    SELECT regexp_split_to_table(lower(unaccent(%s)), '[^a-z0-9]+')
) words
WHERE length(word) BETWEEN 3 AND 100
ON CONFLICT (word) DO NOTHING
"""


def update_search_vectors(listing_ids: Iterable[int]) -> None:
    ids = list(listing_ids)
    if not ids or connection.vendor != "postgresql":
        return
    terms = _service_type_terms()
    values = ", ".join(["(%s, %s, %s)"] * len(terms))
    params = [value for row in terms for value in row]
    type_words = " ".join(f"{english} {spanish}" for _, english, spanish in terms)
    with connection.cursor() as cursor:
        cursor.execute(UPDATE_SQL.format(values=values), [*params, ids, ids, ids])
        cursor.execute(TERMS_SQL, [ids, Listing.Status.PUBLISHED, type_words])
