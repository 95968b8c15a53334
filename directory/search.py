"""Search: one code path behind the results page and the API.

ListingFilter validates the parameters of PRODUCT.md (and renders the filter form);
run_search() turns valid parameters into an ordered, annotated queryset.
"""

import re
from dataclasses import dataclass

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from . import geo, vocab
from .hours import open_now_filter
from .languages import is_language_code
from .models import Listing, SearchTerm

DEFAULT_RADIUS = 50
MAX_RADIUS = 500
MAX_QUERY_LENGTH = 200


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


def _unknown(what: str) -> dict[str, str]:
    return {"invalid_choice": what, "invalid_list": _("Enter a list of values.")}


class LanguageCodesField(django_filters.fields.MultipleChoiceField):
    """Any ISO 639 code is valid; the choices shown are only those in use."""

    def valid_value(self, value: str) -> bool:
        return is_language_code(value)


class LanguageCodesFilter(django_filters.MultipleChoiceFilter):
    field_class = LanguageCodesField


class ListingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("What do you need?"),
        max_length=MAX_QUERY_LENGTH,
        method="_applied_by_run_search",
        help_text=_("For example: shelter, legal aid, refugio, asesoría legal"),
    )
    county = django_filters.MultipleChoiceFilter(
        label=_("County"),
        choices=list(vocab.COUNTIES.items()),
        method="_applied_by_run_search",
        error_messages=_unknown(_("Unknown county “%(value)s”.")),
    )
    service_type = django_filters.MultipleChoiceFilter(
        label=_("Type of service"),
        choices=list(vocab.SERVICE_TYPES.items()),
        method="_applied_by_run_search",
        error_messages=_unknown(_("Unknown type of service “%(value)s”.")),
    )
    language = LanguageCodesFilter(
        label=_("Language"),
        method="_applied_by_run_search",
        error_messages=_unknown(_("Unknown language code “%(value)s” (use ISO 639 codes such as es or nv).")),
    )
    population = django_filters.MultipleChoiceFilter(
        label=_("Who it serves"),
        choices=list(vocab.POPULATIONS.items()),
        method="_applied_by_run_search",
        error_messages=_unknown(_("Unknown group “%(value)s”.")),
    )
    near = django_filters.CharFilter(
        label=_("Near (ZIP code or town)"),
        max_length=60,
        method="_applied_by_run_search",
    )
    radius = django_filters.NumberFilter(
        label=_("Within (miles)"),
        method="_applied_by_run_search",
        min_value=1,
        max_value=MAX_RADIUS,
        error_messages={
            "invalid": _("Enter the distance as a whole number of miles."),
            "min_value": _("The distance must be at least 1 mile."),
            "max_value": _("The distance can be at most %(limit_value)s miles."),
        },
    )
    open_now = django_filters.ChoiceFilter(
        label=_("Open now"),
        choices=[("1", _("Open now"))],
        method="_applied_by_run_search",
        error_messages=_unknown(_("open_now must be 1, not “%(value)s”.")),
    )
    fees = django_filters.ChoiceFilter(
        label=_("Cost"),
        choices=list(vocab.FEES.items()),
        method="_applied_by_run_search",
        error_messages=_unknown(_("Unknown cost “%(value)s” (use free, sliding-scale or fee).")),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Sort.CHOICES,
        method="_applied_by_run_search",
        empty_label=None,
        error_messages=_unknown(_("Unknown sort order “%(value)s”.")),
    )

    class Meta:
        model = Listing
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.clean = self._clean_form
        self.place: geo.Place | None = None

    def _clean_form(self) -> dict:
        data = self.form.cleaned_data
        near = (data.get("near") or "").strip()
        if near:
            if "\x00" in near:
                self.form.add_error("near", _("Enter a New Mexico ZIP code or town name."))
            elif re.fullmatch(r"\d{5}", near):
                self.place = geo.zip_place(near)
                if not self.place:
                    self.form.add_error("near", _("“%(value)s” is not a New Mexico ZIP code.") % {"value": near})
            elif re.fullmatch(r"[\d\s-]+", near):
                self.form.add_error("near", _("“%(value)s” is not a ZIP code (use 5 digits).") % {"value": near})
            else:
                self.place = geo.town_place(near)
                if not self.place:
                    self.form.add_error(
                        "near", _("We don't know a New Mexico town called “%(value)s”.") % {"value": near}
                    )
        radius = data.get("radius")
        if radius is not None:
            if radius != int(radius):
                self.form.add_error("radius", _("Enter the distance as a whole number of miles."))
            elif not near:
                self.form.add_error("radius", _("A distance needs a place: fill in “Near” too."))
        if data.get("sort") == Sort.DISTANCE and not near and "near" not in self.form.errors:
            self.form.add_error("sort", _("Sorting by distance needs a place: fill in “Near” too."))
        if "\x00" in (data.get("q") or ""):
            self.form.add_error("q", _("The search contains a character that is not allowed."))
        return data

    def _applied_by_run_search(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # Each parameter is applied by run_search(), which needs them all at once
        # (distance needs near and radius; the sort default depends on q and near).
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return run_search(self.form.cleaned_data, place=self.place, base=queryset).queryset


@dataclass
class SearchResult:
    queryset: QuerySet
    place: geo.Place | None = None
    corrected_q: str | None = None
    sort: str = Sort.NAME
    radius: int = DEFAULT_RADIUS
    # Published listings matching the free text alone: facet counts start from here.
    text_matched: QuerySet | None = None


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


def apply_filters(queryset: QuerySet, data: dict, *, place: geo.Place | None, exclude: str = "", now=None) -> QuerySet:
    """Every filter except free text and `exclude` (facet counts leave out their own)."""
    if data.get("county") and exclude != "county":
        queryset = queryset.serving_counties(data["county"])
    for name, relation, key in (
        ("service_type", Listing.service_types.through, "servicetype__slug"),
        ("language", Listing.languages.through, "language__code"),
        ("population", Listing.populations.through, "population__slug"),
    ):
        if data.get(name) and exclude != name:
            # A subquery rather than a join: no duplicate rows, no DISTINCT needed.
            matching = relation.objects.filter(**{f"{key}__in": data[name]}).values("listing_id")
            queryset = queryset.filter(pk__in=matching)
    if data.get("fees") and exclude != "fees":
        queryset = queryset.filter(fees=data["fees"])
    if data.get("open_now") == "1" and exclude != "open_now":
        queryset = open_now_filter(queryset, now)
    if place:
        queryset = _within(queryset, place, int(data.get("radius") or DEFAULT_RADIUS))
    return queryset


def _within(queryset: QuerySet, place: geo.Place, radius: int) -> QuerySet:
    """Listings within `radius` miles of the place, plus those serving its county."""
    distance = geo.distance_expression(place.latitude, place.longitude)
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(place.latitude, place.longitude, radius)
    in_box = Q(
        distance_latitude__range=(min_lat, max_lat),
        distance_longitude__range=(min_lng, max_lng),
    )
    queryset = queryset.annotate(distance=distance)
    nearby = in_box & Q(distance__lte=radius)
    if place.county:
        return queryset.filter(nearby | Q(pk__in=Listing.objects.serving_counties([place.county]).values("pk")))
    return queryset.filter(nearby)


def _text_query(text: str) -> SearchQuery:
    return SearchQuery(text, config="directory_en", search_type="websearch") | SearchQuery(
        text, config="directory_es", search_type="websearch"
    )


def _corrected(text: str) -> str | None:
    """The query with each word replaced by the most similar known word, if any changed."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.word, (
                SELECT t.word FROM directory_searchterm t
                WHERE t.word %% unaccent(q.word)
                ORDER BY similarity(t.word, unaccent(q.word)) DESC, t.word LIMIT 1
            )
            FROM unnest(%s::text[]) WITH ORDINALITY AS q(word, n) ORDER BY q.n
            """,
            [words],
        )
        corrected = [suggestion or word for word, suggestion in cursor.fetchall()]
    return " ".join(corrected) if corrected != words else None


def _text_filter(queryset: QuerySet, text: str) -> tuple[QuerySet, str | None]:
    if connection.vendor != "postgresql":
        # The SQLite demo: every word somewhere in the public text, unranked.
        for word in text.split():
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(organization__name__icontains=word)
                | Q(description__icontains=word)
                | Q(description_es__icontains=word)
                | Q(city__icontains=word)
            )
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())), None
    query = _text_query(text)
    # Filter on the @@ match, never on rank > 0: ts_rank gives 1e-20 to non-matches.
    matched = queryset.filter(search_vector=query)
    corrected = None
    if not matched.exists():
        corrected = _corrected(text)
        if corrected:
            query = _text_query(corrected)
            matched = queryset.filter(search_vector=query)
    return matched.annotate(rank=SearchRank(F("search_vector"), query)), corrected


def run_search(data: dict, *, place: geo.Place | None, base: QuerySet | None = None, now=None) -> SearchResult:
    """Valid search parameters to ordered, annotated published listings."""
    queryset = Listing.objects.published() if base is None else base
    corrected = None
    text = (data.get("q") or "").strip()
    if text:
        queryset, corrected = _text_filter(queryset, text)
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
        queryset=queryset.order_by(*order),
        place=place,
        corrected_q=corrected,
        sort=sort,
        radius=int(data.get("radius") or DEFAULT_RADIUS),
        text_matched=text_matched,
    )


def whole_miles(distance: float | None) -> int | None:
    return None if distance is None else round(distance)

