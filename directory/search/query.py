"""Search: one code path behind the results page and the API.

SearchForm (form.py) validates the parameters of PRODUCT.md; run_search() turns valid
parameters into an ordered, annotated queryset.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Listing, serving_counties_q
from directory.rules import geo
from directory.search.backends import backend

DEFAULT_RADIUS = 50
MAX_RADIUS = 500
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20


class Sort:
    RELEVANCE = "relevance"
    DISTANCE = "distance"
    NAME = "name"
    VERIFIED = "verified"
    CHOICES = [
        (RELEVANCE, _("Best match")),
        (DISTANCE, _("Distance")),
        (NAME, _("Name")),
        (VERIFIED, _("Recently verified")),
    ]


@dataclass
class SearchResult:
    queryset: QuerySet
    place: geo.Place | None = None
    corrected_q: str | None = None
    sort: str = Sort.NAME
    radius: int = DEFAULT_RADIUS
    # Published listings matching the free text alone: facet counts start from here.
    text_matched: QuerySet | None = None
    now: datetime.datetime | None = None
    order: tuple = ()  # the queryset's ordering, for other queries of the same results
    tsquery: str | None = None  # the words as PostgreSQL matched them (backends/result.py)


def effective_sort(data: dict) -> str:
    sort = data.get("sort")
    if sort == Sort.RELEVANCE and not data.get("q"):
        return Sort.NAME
    if sort:
        return sort
    if data.get("near"):
        return Sort.DISTANCE
    if data.get("q"):
        return Sort.RELEVANCE
    return Sort.NAME


# The filters that have facets: each facet counts with every filter but its own.
FACETED = ("county", "service_type", "language", "population", "fees")
_RELATIONS = {
    "service_type": (Listing.service_types.through, "servicetype__slug"),
    "language": (Listing.languages.through, "language__code"),
    "population": (Listing.populations.through, "population__slug"),
}


def facet_conditions(data: dict) -> dict[str, Q]:
    """The active faceted filters, by name, as conditions on a listing row."""
    conditions = {}
    if data.get("county"):
        conditions["county"] = serving_counties_q(data["county"])
    for name, (relation, key) in _RELATIONS.items():
        if data.get(name):
            # A subquery rather than a join: no duplicate rows, no DISTINCT needed.
            conditions[name] = Q(pk__in=relation.objects.filter(**{f"{key}__in": data[name]}).values("listing_id"))
    if data.get("fees"):
        conditions["fees"] = Q(fees=data["fees"])
    return conditions


def apply_unfaceted(queryset: QuerySet, data: dict, *, place: geo.Place | None, now=None) -> QuerySet:
    """The filters without facets (open now, near), which every facet count respects."""
    if data.get("open_now") == "1":
        queryset = queryset.open_now(now)
    if place:
        queryset = _within(queryset, place, int(data.get("radius") or DEFAULT_RADIUS))
    return queryset


def apply_filters(queryset: QuerySet, data: dict, *, place: geo.Place | None, now=None) -> QuerySet:
    """Every filter except free text."""
    for condition in facet_conditions(data).values():
        queryset = queryset.filter(condition)
    return apply_unfaceted(queryset, data, place=place, now=now)


def _within(queryset: QuerySet, place: geo.Place, radius: int) -> QuerySet:
    """Listings within `radius` miles of the place, plus those serving its county."""
    distance = geo.distance_expression(place.latitude, place.longitude)
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(place.latitude, place.longitude, radius)
    # The box is what an index can use; the exact distance then trims its corners.
    in_box = Q(
        distance_latitude__range=(min_lat, max_lat),
        distance_longitude__range=(min_lng, max_lng),
    )
    queryset = queryset.annotate(distance=distance)
    nearby = in_box & Q(distance__lte=radius)
    return queryset.filter(nearby | serving_counties_q([place.county]) if place.county else nearby)


def run_search(data: dict, *, place: geo.Place | None, base: QuerySet | None = None, now=None) -> SearchResult:
    """Valid search parameters to ordered, annotated published listings."""
    now = now or timezone.now()  # one moment for the results and their facet counts
    queryset = Listing.objects.published() if base is None else base
    corrected = tsquery = None
    text = (data.get("q") or "").strip()
    if text:
        found = backend(queryset.db).match(queryset, text)
        queryset, corrected, tsquery = found.queryset, found.corrected, found.tsquery
    text_matched = queryset
    queryset = apply_filters(queryset, data, place=place, now=now)
    sort = effective_sort(data)
    order = {
        Sort.RELEVANCE: [F("rank").desc(), "name", "pk"],
        Sort.DISTANCE: [F("distance").asc(nulls_last=True), "name", "pk"],
        Sort.NAME: ["name", "pk"],
        Sort.VERIFIED: [F("last_verified").desc(nulls_last=True), "name", "pk"],
    }[sort]
    return SearchResult(
        # The stored vector is the widest column and no page or serializer shows it.
        queryset=queryset.order_by(*order).defer("search_vector"),
        place=place,
        corrected_q=corrected,
        sort=sort,
        radius=int(data.get("radius") or DEFAULT_RADIUS),
        text_matched=text_matched,
        now=now,
        order=tuple(order),
        tsquery=tsquery,
    )


class IdsFirstPaginator(Paginator):
    """Finds the ids of a page's listings first, then reads only those rows in full.

    Without text search, the ids and the sort keys come from the narrow covering index
    (listing_published_cover_idx) rather than from the wide listing rows, and the
    organization and county are joined to twenty rows rather than to every match: a
    page near Albuquerque took 21 ms in one query and takes 6 ms in two. A caller that
    already has a page's ids in order (the facet counts read them with the matches of a
    text, place or "open now" search, or take them from the index's name order) passes
    them in `known_pages`, and they cost no query.
    Each page keeps its ids in order as `page.ids`: a caller that has the page's listings
    rendered already (directory/web/cards.py) never reads the rows at all.
    """

    def __init__(
        self, object_list, per_page, *, known_pages: dict[int, list[int]] | None = None, count: int | None = None
    ):
        super().__init__(object_list, per_page)
        self.known_pages = known_pages or {}
        if count is not None:
            self.count = count  # already known: no COUNT query

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if number in self.known_pages:
            ids = self.known_pages[number]
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        # The same queryset, so the same order, annotations (distance) and prefetches.
        page = self._get_page(self.object_list.filter(pk__in=ids), number, self)
        page.ids = ids
        return page


def whole_miles(distance: float | None) -> int | None:
    return None if distance is None else round(distance)

