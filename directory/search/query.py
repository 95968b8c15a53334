"""Search: one code path behind the results page and the API.

ListingFilter validates the parameters of PRODUCT.md (and renders the filter form);
run_search() turns valid parameters into an ordered, annotated queryset.
"""

import datetime
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Listing, serving_counties_q
from directory.rules import geo, vocab
from directory.rules.languages import is_language_code
from directory.search.index import vocabulary_words

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


def _unknown(what: str) -> dict[str, str]:
    return {"invalid_choice": what, "invalid_list": _("Enter a list of values.")}


class LanguageCodesField(django_filters.fields.MultipleChoiceField):
    """Any ISO 639 code is valid; the choices shown are only those in use."""

    def to_python(self, value) -> list[str]:
        return [code.strip().lower() for code in super().to_python(value)]

    def valid_value(self, value: str) -> bool:
        return bool(re.fullmatch(r"[a-z]{2,3}", value)) and is_language_code(value)


class LanguageCodesFilter(django_filters.MultipleChoiceFilter):
    field_class = LanguageCodesField


def _shown(value: str) -> str:
    """A bad value as quoted back in a message: long enough to recognise, never a wall."""
    return value if len(value) <= 40 else value[:40] + "…"


class MilesField(forms.Field):
    """A whole number of miles from 1 to MAX_RADIUS; messages quote the value typed."""

    def to_python(self, value) -> int | None:
        value = (value or "").strip()
        if not value:
            return None
        if not re.fullmatch(r"[0-9]{1,6}", value):
            raise ValidationError(
                _("“%(value)s” is not a whole number of miles."), code="invalid", params={"value": _shown(value)}
            )
        miles = int(value)
        if not 1 <= miles <= MAX_RADIUS:
            raise ValidationError(
                _("“%(value)s” is out of range: the distance must be from 1 mile to %(max)s miles."),
                code="out_of_range",
                params={"value": value, "max": MAX_RADIUS},
            )
        return miles


class MilesFilter(django_filters.Filter):
    field_class = MilesField


class PageField(forms.Field):
    """A page number in ASCII digits ("²" is a digit to str.isdigit() but not to int())."""

    def to_python(self, value) -> int | None:
        value = (value or "").strip()
        if not value:
            return None
        if not re.fullmatch(r"[0-9]{1,9}", value) or int(value) < 1:
            raise ValidationError(
                _("There is no page “%(page)s” of these results."), code="invalid", params={"page": _shown(value)}
            )
        return int(value)


class PageFilter(django_filters.Filter):
    field_class = PageField


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
    radius = MilesFilter(label=_("Within (miles)"), method="_applied_by_run_search")
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
    # Validated here so that every bad value is reported alike; the view and the API's
    # paginator still answer a page past the last one.
    page = PageFilter(label=_("Page"), method="_applied_by_run_search")

    class Meta:
        model = Listing
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # An empty value means "any": the home page's "Any county" option sends county=.
            data = data.copy()
            for key in list(data):
                values = [value for value in data.getlist(key) if value != ""]
                if values:
                    data.setlist(key, values)
                else:
                    del data[key]
        super().__init__(data, *args, **kwargs)
        self.form.clean = self._clean_form
        self.place: geo.Place | None = None
        # How `near` was understood (a misspelling, a place over the state line...), for its note.
        self.place_answer: geo.PlaceAnswer | None = None

    def _clean_form(self) -> dict:
        data = self.form.cleaned_data
        near = (data.get("near") or "").strip()
        if near:
            if "\x00" in near:
                self.form.add_error("near", _("Enter a New Mexico ZIP code or town name."))
            elif re.fullmatch(r"[\d\s-]+", near) and not re.fullmatch(r"\d{5}(?:-?\d{4})?", near):
                self.form.add_error("near", _("“%(value)s” is not a ZIP code (use 5 digits).") % {"value": near})
            else:
                self.place_answer = geo.understand_place(near)
                self.place = self.place_answer.place
                if not self.place and re.fullmatch(r"[\d-]+", near):
                    self.form.add_error("near", _("“%(value)s” is not a New Mexico ZIP code.") % {"value": near})
                elif not self.place:
                    self.form.add_error(
                        "near", _("We don't know a New Mexico town called “%(value)s”.") % {"value": _shown(near)}
                    )
        if data.get("radius") is not None and not near:
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
    now: datetime.datetime | None = None
    order: tuple = ()  # the queryset's ordering, for other queries of the same results


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


# A websearch term the query excludes: -word or -"a phrase".
_EXCLUDED = re.compile(r'(?:(?<=\s)|^)-("[^"]*"?|[^\s"]+)')


def _either_language(text: str, search_type: str) -> SearchQuery:
    return SearchQuery(text, config="directory_en", search_type=search_type) | SearchQuery(
        text, config="directory_es", search_type=search_type
    )


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
    excluded = [term.strip('"') for term in _EXCLUDED.findall(text)]
    wanted = _EXCLUDED.sub(" ", text).strip()
    rank_query = _either_language(wanted or text, "websearch")
    match_query = rank_query if wanted else None
    for term in excluded:
        # NOT (English OR Spanish), written as De Morgan's AND because only a single
        # SearchQuery can be inverted. An empty parse (a stop word) drops out in SQL.
        not_term = SearchQuery(term, config="directory_en", search_type="phrase", invert=True) & SearchQuery(
            term, config="directory_es", search_type="phrase", invert=True
        )
        match_query = not_term if match_query is None else match_query & not_term
    return (rank_query if match_query is None else match_query), rank_query


def _corrected(text: str) -> str | None:
    """The query with each unknown word replaced by the most similar known word.

    A word is known when a published listing contains it (exactly, or stemmed as
    "lawyer" in "lawyers") or it names a service type. Only such words are offered: a
    word that only a draft, pending or archived listing contains is neither offered nor
    treated as known, so the correction can never be used to test for one.

    Operators, quotes and word order stay as typed, so "legal -imigration" becomes
    "legal -immigration". None when no word changes.
    """
    words = sorted({word.lower() for word in re.findall(r"\w+", text) if len(word) >= 3 and word.lower() != "or"})
    if not words:
        return None
    published = Listing.Status.PUBLISHED
    vocabulary = list(vocabulary_words())
    with connection.cursor() as cursor:
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


def _text_filter(queryset: QuerySet, text: str) -> tuple[QuerySet, str | None]:
    if connection.vendor != "postgresql":
        # The SQLite demo: every word somewhere in the public text (none of a -word), unranked.
        for word in text.replace('"', " ").split():
            excluded = word.startswith("-") and len(word) > 1
            word = word[1:] if excluded else word
            anywhere = (
                Q(name__icontains=word)
                | Q(organization__name__icontains=word)
                | Q(description__icontains=word)
                | Q(description_es__icontains=word)
                | Q(city__icontains=word)
            )
            queryset = queryset.exclude(anywhere) if excluded else queryset.filter(anywhere)
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())), None
    query, rank_query = _text_query(text)
    # Filter on the @@ match, never on rank > 0: ts_rank gives 1e-20 to non-matches.
    matched = queryset.filter(search_vector=query)
    corrected = None
    if not matched.exists():
        corrected = _corrected(text)
        if corrected:
            query, rank_query = _text_query(corrected)
            matched = queryset.filter(search_vector=query)
    return matched.annotate(rank=SearchRank(F("search_vector"), rank_query)), corrected


def run_search(data: dict, *, place: geo.Place | None, base: QuerySet | None = None, now=None) -> SearchResult:
    """Valid search parameters to ordered, annotated published listings."""
    now = now or timezone.now()  # one moment for the results and their facet counts
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
        # The stored vector is the widest column and no page or serializer shows it.
        queryset=queryset.order_by(*order).defer("search_vector"),
        place=place,
        corrected_q=corrected,
        sort=sort,
        radius=int(data.get("radius") or DEFAULT_RADIUS),
        text_matched=text_matched,
        now=now,
        order=tuple(order),
    )


class IdsFirstPaginator(Paginator):
    """Finds the ids of a page's listings first, then reads only those rows in full.

    Without text search, the ids and the sort keys come from the narrow covering index
    (listing_published_cover_idx) rather than from the wide listing rows, and the
    organization and county are joined to twenty rows rather than to every match: a
    page near Albuquerque took 21 ms in one query and takes 6 ms in two. A caller that
    already holds every result's id in order (the facet counts needed them) passes them
    as `ids`, and the page's ids cost no query at all.
    """

    def __init__(self, object_list, per_page, *, ids: list[int] | None = None, count: int | None = None):
        super().__init__(object_list, per_page)
        self.ids = ids
        if count is not None:
            self.count = count  # already known: no COUNT query

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.ids is not None:
            ids = self.ids[bottom : bottom + self.per_page]
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        # The same queryset, so the same order, annotations (distance) and prefetches.
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


def whole_miles(distance: float | None) -> int | None:
    return None if distance is None else round(distance)

