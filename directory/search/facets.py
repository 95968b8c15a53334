"""Counts per filter choice ("Legal aid (12)") that respect the other active filters.

The counts come from a FacetIndex: for every choice (each county, service type,
language, population and fee), the set of published listings that have it, as a bitmap
(a Python int, one bit per listing). A count is then a few ANDs and a popcount instead
of joining 20,000 listings to four link tables on every search.

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

import logging
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import connections, router

from directory.models import County, Language, Listing, Population, ServiceType
from directory.rules import vocab
from directory.search.query import FACETED, SearchResult, apply_unfaceted

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
INDEX_FORMAT = 1

logger = logging.getLogger(__name__)


@dataclass
class FacetIndex:
    version: str | None
    positions: dict[int, int] = field(default_factory=dict)  # listing id -> bit
    everyone: int = 0
    # facet -> choice -> the listings that have it; a county's includes the statewide listings
    choices: dict[str, dict[str, int]] = field(default_factory=dict)

    def bitmap(self, listing_ids: Iterable[int]) -> int:
        return self.bitmap_of_positions(self.positions.get(listing_id) for listing_id in listing_ids)

    def bitmap_of_positions(self, positions: Iterable[int | None]) -> int:
        bits = bytearray(len(self.positions) // 8 + 1)
        for position in positions:
            if position is not None:  # None: published after this index was built
                bits[position >> 3] |= 1 << (position & 7)
        return int.from_bytes(bits, "little")

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
        members: dict[str, dict[str, array]] = defaultdict(lambda: defaultdict(lambda: array("q")))
        with _reading().chunked_cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            for listing_id, facet, value in cursor:
                members[facet][value].append(listing_id)

        index = cls(version)
        for ids in members["fees"].values():  # every published listing has one fees value, "" included
            for listing_id in ids:
                index.positions[listing_id] = len(index.positions)
        index.everyone = (1 << len(index.positions)) - 1
        statewide = index.bitmap(members.pop("statewide", {}).get("", []))
        members["fees"].pop("", None)  # no fee information is not a choice
        index.choices = {
            facet: {value: index.bitmap(ids) for value, ids in members[facet].items()} for facet in FACETED
        }
        index.choices["county"] = {slug: index.choices["county"].get(slug, 0) | statewide for slug in vocab.COUNTIES}
        return index


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
    ids: list[int] | None  # every result's id in order, when the counting had to read them
    # For each active faceted filter, the number of results without it (for "Any county (12)").
    without: dict[str, int] = field(default_factory=dict)


def facet_counts(result: SearchResult, data: dict) -> Counted:
    """The count of each choice, and of the results.

    Each facet counts the listings that pass every active filter but its own, so
    choosing one service type still shows how many listings the others would add.
    """
    index = current_index()
    matched, ordered = index.everyone, None
    if data.get("q") or data.get("open_now") or result.place:
        # Text, open now and near have no facets of their own: every count respects them.
        # Their matches are read in result order, so the results page needs no query of
        # its own to find which twenty come first.
        unfaceted = apply_unfaceted(result.text_matched, data, place=result.place, now=result.now)
        ordered = list(unfaceted.order_by(*result.order).values_list("pk", flat=True))
        positions = [index.positions.get(pk) for pk in ordered]
        matched = index.bitmap_of_positions(positions)
    chosen = {facet: index.having_any(facet, _as_list(data[facet])) for facet in FACETED if data.get(facet)}

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
    if ordered is not None and (chosen or None in positions):
        bits = bin(matched)[:1:-1]  # character n is bit n
        ordered = [pk for pk, n in zip(ordered, positions) if n is not None and n < len(bits) and bits[n] == "1"]
    return Counted(facets, matched.bit_count(), ordered, without)


def _as_list(value) -> list[str]:
    return value if isinstance(value, list) else [value]


def facet_groups(facets: Facets | None, form) -> list[dict]:
    """The checkbox groups of the filter form: each choice with its count and state."""
    from directory.rules.languages import alphabetical_key, language_label

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
