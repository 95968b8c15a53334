"""Counts per filter choice ("Legal aid (12)") that respect the other active filters.

The counts come from a FacetIndex: for every choice (each county, service type,
language, population and fee), the set of published listings that have it, as a bitmap
(a Python int whose bit n stands for the listing with id n). A count is then a few ANDs
and a popcount instead of joining 20,000 listings to four link tables on every search.

The index also keeps each published listing's distance point, opening hours and (on
PostgreSQL) the lexemes of its search vector, so that a search near a place, "open now"
or with words is worked out here too (search/nearby.py, opening.py, lexemes.py): PostgreSQL
only parses the words and ranks the few listings a page may show (_found_in_index()).
What only PostgreSQL can tell (a phrase, a page ranked from thousands of matches, the
SQLite demo's FTS5) is found in one statement that returns the matches as a bitmap of the
same shape (a few KB, rather than 15,000 rows) together with the ids of the page asked
for, ranked only where the faceted filters keep a row (matches_and_page()).

The index holds only what the public may see, and nothing about anyone's searches: it
is the same whoever searches for what. It is built once per version of the public data
(a value that triggers change whenever a transaction that wrote listings commits; see
migration 0008), kept by each process and, with REDIS_URL, shared between app servers
through the Django cache. A process keeps one index, the current version's: an old one
is dropped from the cache when it is replaced, so that a per-process cache (no REDIS_URL)
does not pile up indexes nobody else can read (memory per worker stays flat however often
the data changes: bench/worker_memory.py).

With a read replica (directory/db_router.py) the version and the index are read where the
request's other reads go, so that an index always matches the rows it is used with.
"""

import datetime
import functools
import logging
import operator
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import connections, router
from django.db.models import BooleanField, Case, F, OrderBy, When
from django.db.models.expressions import RawSQL

from directory.models import County, Language, Listing, Population, ServiceType
from directory.rules import vocab
from directory.rules.hours import Interval
from directory.rules.languages import alphabetical_key, language_label
from directory.search.backends import backend
from directory.search.bitmaps import set_bits
from directory.search.lexemes import Lexemes
from directory.search.nearby import Points, nearest_page
from directory.search.opening import OpeningHours
from directory.search.query import (
    FACETED,
    RESULTS_PER_PAGE,
    SearchResult,
    Sort,
    apply_unfaceted,
)

Facets = dict[str, dict[str, int]]

# facet -> (through table, its column for the choice, choice table, the choice's key)
_CHOICES = {
    "service_type": (Listing.service_types.through, "servicetype_id", ServiceType, "slug"),
    "language": (Listing.languages.through, "language_id", Language, "code"),
    "population": (Listing.populations.through, "population_id", Population, "slug"),
    "county": (Listing.counties_served.through, "county_id", County, "slug"),
}
CACHE_SECONDS = 24 * 60 * 60
# Part of the cache key: a release that changes FacetIndex never reads another's pickles.
INDEX_FORMAT = 4

logger = logging.getLogger(__name__)


@dataclass
class FacetIndex:
    version: str | None
    everyone: int = 0  # every published listing
    words: int = 0  # 64-bit words in a bitmap: enough for the highest published id
    # facet -> choice -> the listings that have it; a county's includes the statewide listings
    choices: dict[str, dict[str, int]] = field(default_factory=dict)
    # Every published listing's id in the results' default order (name, then id, as the
    # database collates names): a filter-only page's ids then need no query.
    by_name: array = field(default_factory=lambda: array("q"))
    name_places: array = field(default_factory=lambda: array("q"))  # id -> its place in by_name
    # Every published listing's distance point: a near search without text needs no query.
    points: Points = field(default_factory=Points)
    # Every published listing's opening hours: "open now" needs no query either.
    hours: OpeningHours = field(default_factory=OpeningHours)
    # The published listings of each lexeme of their search vectors (PostgreSQL only).
    lexemes: Lexemes = field(default_factory=Lexemes)

    def bitmap(self, listing_ids: Iterable[int]) -> int:
        bits = bytearray(self.words * 8)
        for listing_id in listing_ids:
            if listing_id < len(bits) * 8:  # a higher id was published after this index was built
                bits[listing_id >> 3] |= 1 << (listing_id & 7)
        return int.from_bytes(bits, "little")

    def first_by_name(self, bitmap: int, *, offset: int, limit: int) -> list[int]:
        """The ids of one page of these listings in name order."""
        bits = format(bitmap, f"0{self.words * 64}b")[::-1]  # character n is bit n
        page: list[int] = []
        for listing_id in self.by_name:
            if bits[listing_id] == "1":
                page.append(listing_id)
                if len(page) == offset + limit:
                    break
        return page[offset:]

    def having_any(self, facet: str, values: Iterable[str]) -> int:
        bitmap = 0
        for value in values:
            bitmap |= self.choices[facet].get(value, 0)
        return bitmap

    @classmethod
    def build(cls, version: str | None) -> "FacetIndex":
        """Every published listing's choices, in one query.

        Its 200,000-odd rows (at 20,000 listings) come from a server-side cursor, a few
        thousand at a time, into packed arrays of ids: never held at once, neither by
        libpq nor as Python tuples, so that a rebuild needs a few MB rather than tens and
        leaves no high-water mark in a long-running worker (bench/worker_memory.py).
        """
        published = Listing.Status.PUBLISHED
        selects = ["SELECT l.id, 'fees', l.fees FROM directory_listing l WHERE l.status = %s"]
        params = [published]
        for facet, (through, column, choice, key) in _CHOICES.items():
            selects.append(
                f"SELECT x.listing_id, %s, c.{key} FROM {through._meta.db_table} x"
                f" JOIN {choice._meta.db_table} c ON c.id = x.{column}"
                f" JOIN directory_listing l ON l.id = x.listing_id WHERE l.status = %s"
            )
            params += [facet, published]
        selects.append("SELECT l.id, 'statewide', '' FROM directory_listing l WHERE l.status = %s AND l.statewide")
        params.append(published)
        # Each published listing's place in name order, as the database collates names.
        selects.append(
            "SELECT l.id, 'by_name', CAST(row_number() OVER (ORDER BY l.name, l.id) AS text)"
            " FROM directory_listing l WHERE l.status = %s"
        )
        params.append(published)
        # Distance points as text: PostgreSQL writes a float8 in the fewest digits that read back exactly.
        selects.append(
            "SELECT l.id, 'point', CAST(l.distance_latitude AS text) || ' ' || CAST(l.distance_longitude AS text)"
            " FROM directory_listing l WHERE l.status = %s"
            " AND l.distance_latitude IS NOT NULL AND l.distance_longitude IS NOT NULL"
        )
        params.append(published)
        selects.append(
            "SELECT l.id, 'always', '' FROM directory_listing l"
            " WHERE l.status = %s AND (l.hotline_24_7 OR l.open_24_7)"
        )
        params.append(published)
        selects.append(
            "SELECT h.listing_id, 'hours',"
            " CAST(h.weekday AS text) || ' ' || CAST(h.opens AS text) || ' ' || CAST(h.closes AS text)"
            " FROM directory_openinghours h JOIN directory_listing l ON l.id = h.listing_id WHERE l.status = %s"
        )
        params.append(published)
        lexemes = backend(_reading().alias).lexemes_sql()
        if lexemes:
            selects.append(lexemes)
            params.append(published)
        members: dict[str, dict[str, array]] = defaultdict(lambda: defaultdict(lambda: array("q")))
        named, places = array("q"), array("q")
        with _reading().chunked_cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            for listing_id, facet, value in cursor:
                if facet == "by_name":
                    named.append(listing_id)
                    places.append(int(value) - 1)
                else:
                    members[facet][value].append(listing_id)
        by_name = array("q", bytes(8 * len(named)))
        for listing_id, place in zip(named, places):
            by_name[place] = listing_id

        index = cls(version, words=(max(by_name) >> 6) + 1 if by_name else 0, by_name=by_name)
        index.name_places = array("q", bytes(8 * index.words * 64))
        for place, listing_id in enumerate(by_name):
            index.name_places[listing_id] = place
        points = ((n, *map(float, point.split())) for point, ids in members.pop("point", {}).items() for n in ids)
        index.points = Points.build(index.words * 64, points, index.bitmap)
        index.hours = OpeningHours.build(
            index.bitmap(members.pop("always", {}).get("", [])),
            {_interval(text): ids for text, ids in members.pop("hours", {}).items()},
            index.bitmap,
            index.words,
        )
        index.everyone = index.bitmap(by_name)
        index.lexemes = Lexemes.build(members.pop("lexeme", {}), index.bitmap, index.words)
        statewide = index.bitmap(members.pop("statewide", {}).get("", []))
        members["fees"].pop("", None)  # no fee information is not a choice
        index.choices = {
            facet: {value: index.bitmap(ids) for value, ids in members[facet].items()} for facet in FACETED
        }
        index.choices["county"] = {slug: index.choices["county"].get(slug, 0) | statewide for slug in vocab.COUNTIES}
        return index


def _interval(text: str) -> Interval:
    weekday, opens, closes = text.split()
    return Interval(int(weekday), datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes))


def _reading():
    """The connection that this request reads listings from (the primary or a replica)."""
    return connections[router.db_for_read(Listing)]


def _cache_key(version: str) -> str:
    return f"facet-index:{INDEX_FORMAT}:{version}"


def public_data_version() -> str:
    """Changed by triggers whenever a transaction that wrote public data commits (migration 0008)."""
    with _reading().cursor() as cursor:
        cursor.execute("SELECT version::text FROM directory_publicdataversion")
        return cursor.fetchone()[0]


_latest: FacetIndex | None = None  # this process's copy of the index of the current version


def current_index() -> FacetIndex:
    """The index of the public data as this request sees it: one query, or two on a change."""
    global _latest
    connection = _reading()
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # SQLite (the demo) has no version triggers; inside a transaction the request
        # may see its own uncommitted writes, which no shared index knows of.
        return FacetIndex.build(None)
    version = public_data_version()
    if _latest is not None and _latest.version == version:
        return _latest
    if _latest is not None:
        _forget(_latest.version)
        _latest = None  # not kept while its successor is built: one index in memory at a time
    key = _cache_key(version)
    try:
        index = caches["facets"].get(key)
    except Exception:  # a shared cache that is down must not take search down with it
        logger.warning("cache unavailable: building the facet index here", exc_info=True)
        index = None
    if index is None:
        index = FacetIndex.build(version)
        try:
            caches["facets"].set(key, index, CACHE_SECONDS)
        except Exception:
            logger.warning("cache unavailable: facet index not shared", exc_info=True)
    _latest = index
    return index


def _forget(version: str | None) -> None:
    """Drop a replaced index from the cache: no request will ask for its version again."""
    try:
        caches["facets"].delete(_cache_key(version))
    except Exception:
        logger.warning("cache unavailable: old facet index not dropped", exc_info=True)


@dataclass
class Counted:
    facets: Facets
    total: int  # the number of results
    # The ids of the page asked for, in order, when the counting has them (read with the
    # matches, or from the index's name order; None: the paginator reads them), and their
    # distances from a place.
    page_ids: list[int] | None
    distances: dict[int, float | None] = field(default_factory=dict)
    # For each active faceted filter, the number of results without it (for "Any county (12)").
    without: dict[str, int] = field(default_factory=dict)
    version: str | None = None  # of the public data counted: None inside a transaction


def facet_counts(
    result: SearchResult, data: dict, *, page_number: int = 1, per_page: int = RESULTS_PER_PAGE
) -> Counted:
    """The count of each choice, and of the results.

    Each facet counts the listings that pass every active filter but its own, so
    choosing one service type still shows how many listings the others would add.
    """
    index = current_index()
    chosen = {facet: index.having_any(facet, _as_list(data[facet])) for facet in FACETED if data.get(facet)}
    offset = (page_number - 1) * per_page
    kept = functools.reduce(operator.and_, chosen.values()) if chosen else None
    # Text, open now and near have no facets of their own: every count respects them.
    found = _found_in_index(index, result, data, kept, offset=offset, limit=per_page)
    if found is None:
        # Their matches are read with the page's ids, so the page needs no query of its own.
        found = matches_and_page(index, result, data, kept, offset=offset, limit=per_page)
    matched, page_ids, distances = found
    matched &= index.everyone  # a listing published since the index was built is not counted

    facets: Facets = {}
    without: dict[str, int] = {}
    for facet in FACETED:
        passing = matched
        for other, bitmap in chosen.items():
            if other != facet:
                passing &= bitmap
        if facet in chosen:
            without[facet] = passing.bit_count()
        counts = {value: (passing & bitmap).bit_count() for value, bitmap in index.choices[facet].items()}
        # Every county is listed (statewide listings serve them all); other choices only when in use.
        facets[facet] = counts if facet == "county" else {value: n for value, n in counts.items() if n}
    for bitmap in chosen.values():
        matched &= bitmap
    if page_ids is None and result.sort == Sort.NAME:
        page_ids = index.first_by_name(matched, offset=offset, limit=per_page)
        if result.place:
            distances = index.points.miles_to(result.place, page_ids)
    return Counted(facets, matched.bit_count(), page_ids, distances, without, index.version)


_LISTING_ID = '"directory_listing"."id"'

# A page ranked by relevance from the index's matches ranks its candidates in SQL, by id:
# past this many, the matches_and_page() statement is quicker.
RANKED_BY_ID_AT_MOST = 2000


def _found_in_index(
    index: FacetIndex, result: SearchResult, data: dict, kept: int | None, *, offset: int, limit: int
) -> tuple[int, list[int] | None, dict[int, float | None]] | None:
    """As matches_and_page(), from the index: the words (search/lexemes.py), the place
    (search/nearby.py) and "open now" (search/opening.py) as bitmaps, and the page's ids
    when the order is by distance or relevance (None: by name or date, read later); None
    when only SQL can tell."""
    if result.place and result.sort == Sort.VERIFIED:
        return None  # the statement reads the page with its distances
    matched, within = index.everyone, {}
    if data.get("q"):
        if result.tsquery is None:
            return None
        matched = index.lexemes.matching(result.tsquery, index.everyone, index.bitmap)
        if matched is None:
            return None
    if result.place:
        inside, within = index.points.within(result.place, result.radius)
        matched &= inside | index.bitmap(within) | index.choices["county"].get(result.place.county or "", 0)
    if data.get("open_now") == "1":
        matched &= index.hours.open_at(result.now, index.bitmap)
    shown = matched if kept is None else matched & kept
    page_ids, distances = None, {}
    if result.sort == Sort.DISTANCE and result.place:
        distances = nearest_page(
            index.points, result.place, shown, index.name_places, measured=within, offset=offset, limit=limit
        )
        page_ids = list(distances)
    elif result.sort == Sort.RELEVANCE:
        if shown.bit_count() > RANKED_BY_ID_AT_MOST:
            return None
        # One array parameter rather than an IN list: Django prepares each of an IN's values.
        candidates = RawSQL(f"{_LISTING_ID} = ANY(%s)", (list(set_bits(shown)),), output_field=BooleanField())
        ranked = result.text_matched.filter(candidates).order_by(*result.order)
        page_ids = list(ranked.values_list("pk", flat=True)[offset : offset + limit])
        if result.place:
            distances = index.points.miles_to(result.place, page_ids)
    return matched, page_ids, distances


def matches_and_page(
    index: FacetIndex, result: SearchResult, data: dict, kept: int | None, *, offset: int, limit: int
) -> tuple[int, list[int], dict[int, float | None]]:
    """The listings that match the text, place and "open now" (as a bitmap), and the ids
    of one page of those that are also `kept` (the faceted filters' listings, from the
    index; None: no faceted filter), in the results' order.

    On PostgreSQL one statement: the matches are materialised once, folded into 64-bit
    words and sent as one bytea, and the page is sorted from them. The faceted filters
    come in as the index's bitmap (get_bit() per row, rather than a subquery per filter),
    so the page and the counts agree by construction; relevance (ts_rank, the costly part
    of a text search) is computed only for the rows they keep. Elsewhere (the SQLite
    demo) the matches are read in order and sorted out here.
    """
    matches = apply_unfaceted(result.text_matched, data, place=result.place, now=result.now).order_by()
    connection = connections[matches.db]
    if connection.vendor != "postgresql":
        return _matches_and_page_in_python(index, result, matches, kept, offset=offset, limit=limit)

    passes = None
    if kept is not None:
        passes = RawSQL(
            f"CASE WHEN {_LISTING_ID} < %s THEN get_bit(%s::bytea, {_LISTING_ID}::int) = 1 ELSE false END",
            (index.words * 64, kept.to_bytes(index.words * 8, "little")),  # bit n is get_bit()'s bit n
            output_field=BooleanField(),
        )
    columns, order, distance = {}, [], "NULL"
    for n, term in enumerate(result.order):
        term = term if isinstance(term, OrderBy) else F(term).asc()
        name = f"page_key_{n}"
        expression = term.expression
        if passes is not None and getattr(expression, "name", None) in matches.query.annotations:
            expression = Case(When(passes, then=expression))  # ranked only where it may be shown
        columns[name] = expression
        if getattr(term.expression, "name", None) == "distance":
            distance = name  # sorted by distance: the same column shows it
        nulls = " NULLS LAST" if term.nulls_last else " NULLS FIRST" if term.nulls_first else ""
        order.append(f"{connection.ops.quote_name(name)} {'DESC' if term.descending else 'ASC'}{nulls}")
    if passes is not None:
        columns["page_passes"] = passes
    if result.place and distance == "NULL":
        columns["page_distance"] = Case(When(passes, then=F("distance"))) if passes is not None else F("distance")
        distance = "page_distance"
    inner, params = matches.annotate(**columns).values("id", *columns).query.sql_with_params()
    sql = f"""
        WITH matches AS MATERIALIZED ({inner})
        SELECT
            (SELECT string_agg(int8send(coalesce(w.word, 0)), ''::bytea ORDER BY g.n DESC)
             FROM generate_series(0, %s - 1) AS g(n)
             LEFT JOIN (
                SELECT id >> 6 AS n, bit_or(1::int8 << (id & 63)::int) AS word FROM matches GROUP BY 1
             ) AS w ON w.n = g.n),
            ARRAY(
                SELECT ARRAY[id, {distance}]::float8[] FROM matches
                {"WHERE page_passes" if passes is not None else ""}
                ORDER BY {", ".join(order)} LIMIT %s OFFSET %s
            )
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, index.words, limit, offset])
        words, page = cursor.fetchone()
    # The words come highest first, each big-endian: together one big-endian number.
    matched = int.from_bytes(words, "big") if words else 0
    return matched, [int(listing_id) for listing_id, _ in page], {int(listing_id): miles for listing_id, miles in page}


def _matches_and_page_in_python(index, result, matches, kept, *, offset, limit):
    fields = ["pk", "distance"] if result.place else ["pk"]
    ordered = list(matches.order_by(*result.order).values_list(*fields))
    matched = index.bitmap(row[0] for row in ordered)
    if kept is not None:
        ordered = [row for row in ordered if kept >> row[0] & 1]  # bit n is listing n
    page = ordered[offset : offset + limit]
    return matched, [row[0] for row in page], {row[0]: row[1] if result.place else None for row in page}


def _as_list(value) -> list[str]:
    return value if isinstance(value, list) else [value]


def facet_groups(facets: Facets | None, form) -> list[dict]:
    """The checkbox groups of the filter form: each choice with its count and state."""
    groups = []
    for name in ("service_type", "county", "population", "language"):
        selected = form.data.getlist(name) if form.is_bound else []
        if name == "language":
            codes = sorted(set((facets or {}).get("language", {})) | set(selected))
            choices = sorted(((code, language_label(code)) for code in codes), key=lambda c: alphabetical_key(c[1]))
        else:
            choices = [(value, str(label)) for value, label in form.fields[name].choices]
        counts = (facets or {}).get(name, {})
        groups.append(
            {
                "name": name,
                "label": form.fields[name].label,
                "errors": form.errors.get(name, []),
                "open": bool(selected) or name == "service_type",
                "choices": [
                    {
                        "value": value,
                        "label": label,
                        "count": counts.get(value, 0) if facets else None,
                        "checked": value in selected,
                    }
                    for value, label in choices
                ],
            }
        )
    return groups
