"""The results page's ways onward: the active filters as removable chips, the same search
with one filter removed when nothing matched (each with its count), the statewide 24/7 lines,
and the way back from a listing to the results it was found in.

Every link here is a query string rebuilt from known search parameters, so none can lead
anywhere but this site's own results page.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from directory.models import Listing
from directory.rules import geo, vocab
from directory.rules.languages import language_label
from directory.search.facets import Counted
from directory.search.form import SearchForm
from directory.search.query import DEFAULT_RADIUS, FACETED, Sort, run_search

# A query string longer than any the form can produce is not a search to go back to.
MAX_BACK_QUERY = 1500


@dataclass(frozen=True)
class Chip:
    label: str
    query: str  # the search without this filter
    is_filter: bool = True  # False for the search words, which the "Filters (N active)" count leaves out


@dataclass(frozen=True)
class Relaxation:
    label: str
    query: str
    count: int


def _query(data: QueryDict, *, drop: str, value: str | None = None) -> str:
    """The search's query string without one parameter (or one of its values), from page 1."""
    kept = data.copy()
    kept.pop("page", None)
    if value is None:
        kept.pop(drop, None)
    else:
        kept.setlist(drop, [v for v in kept.getlist(drop) if v != value])
    if drop == "near":
        # A distance or a distance order means nothing without a place.
        kept.pop("radius", None)
        if kept.get("sort") == Sort.DISTANCE:
            kept.pop("sort")
    return kept.urlencode()


def _label(name: str, value: str) -> str:
    if name == "county":
        return _("%(county)s County") % {"county": vocab.COUNTIES.get(value, value)}
    if name == "service_type":
        return str(vocab.SERVICE_TYPES.get(value, value))
    if name == "population":
        return str(vocab.POPULATIONS.get(value, value))
    if name == "language":
        return language_label(value)
    return str(vocab.FEES.get(value, value))


def active_filters(form: SearchForm) -> list[Chip]:
    """Each active filter value (and the search words) with the search that drops it."""
    data = form.data
    cleaned = form.cleaned_data
    chips = []
    if cleaned.get("q"):
        chips.append(Chip(_("“%(words)s”") % {"words": cleaned["q"]}, _query(data, drop="q"), is_filter=False))
    for name in ("service_type", "county", "population", "language"):
        for value in cleaned.get(name) or []:
            chips.append(Chip(_label(name, value), _query(data, drop=name, value=value)))
    if form.place:
        params = {"place": form.place.name, "radius": cleaned.get("radius") or DEFAULT_RADIUS}
        chips.append(Chip(_("Within %(radius)s miles of %(place)s") % params, _query(data, drop="near")))
    if cleaned.get("open_now") == "1":
        chips.append(Chip(_("Open now"), _query(data, drop="open_now")))
    if cleaned.get("fees"):
        chips.append(Chip(_label("fees", cleaned["fees"]), _query(data, drop="fees")))
    return chips


_ANY = {
    "county": lambda: _("Any county"),
    "service_type": lambda: _("Any type of service"),
    "language": lambda: _("Any language"),
    "population": lambda: _("Anyone it serves"),
    "fees": lambda: _("Any cost"),
}


def relaxations(form: SearchForm, counted: Counted) -> list[Relaxation]:
    """For a search with no results: the same search with one filter removed, where that
    finds something, most results first.

    The faceted filters' counts come free with the facet counts; removing the place, "open
    now" or the search words costs one count query each (only on this empty-result path).
    """
    data = form.data
    cleaned = form.cleaned_data
    found = []
    for name in FACETED:
        if name in counted.without:
            found.append(Relaxation(_ANY[name](), _query(data, drop=name), counted.without[name]))
    for name, label in (
        ("near", _("Anywhere in New Mexico")),
        ("open_now", _("Open or closed now")),
        ("q", _("Without the search words")),
    ):
        if not cleaned.get(name):
            continue
        without = {**cleaned, name: None}
        if name == "near":
            without.update(radius=None, sort=None if cleaned.get("sort") == Sort.DISTANCE else cleaned.get("sort"))
        place = None if name == "near" else form.place
        count = run_search(without, place=place).queryset.count()
        found.append(Relaxation(label, _query(data, drop=name), count))
    return sorted((r for r in found if r.count), key=lambda r: -r.count)


def statewide_lines() -> QuerySet:
    """Lines anyone in New Mexico can reach at any hour: the empty result's last resort."""
    always = Q(hotline_24_7=True) | Q(open_24_7=True)
    return Listing.objects.published().filter(always, statewide=True).order_by("name").prefetch_related("phones")[:4]


def back_to_results(referer: str, *, host: str) -> str | None:
    """The query string of this site's results page that a listing was opened from, or None.

    Read from the Referer header, which the browser sends within this site only
    (Referrer-Policy: same-origin), so the results links carry no copy of the search and
    the page stays light. Only the search parameters survive, re-encoded: the link this
    makes always leads to this site's own results page, whatever the header says.
    """
    if not referer or len(referer) > MAX_BACK_QUERY:
        return None
    parts = urlsplit(referer)
    if parts.netloc != host or not re.fullmatch(r"/(?:es/)?services/", parts.path):
        return None
    return _search_only(QueryDict(parts.query)) or None


def _search_only(query: QueryDict) -> str:
    kept = QueryDict(mutable=True)
    for name in SearchForm.base_fields:  # the search parameters, page included
        values = [v for v in query.getlist(name) if v and len(v) <= 200]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def place_note(answer: geo.PlaceAnswer | None) -> str:
    """What the results say about how the place box was understood ('' when as typed)."""
    if answer is None or answer.place is None:
        return ""
    params = {"typed": answer.typed, "place": answer.place.name, "state": answer.state}
    if answer.how == geo.SPELLING:
        return _("Showing results near %(place)s, the closest New Mexico place we know to “%(typed)s”.") % params
    if answer.how == geo.ALIAS:
        return _("Showing results near %(place)s for “%(typed)s”.") % params
    if answer.how == geo.OUTSIDE:
        outside = _("%(place)s is in %(state)s. This directory lists services in New Mexico: these are the nearest.")
        return outside % params
    if answer.how == geo.COUNTY_ONLY:
        county = vocab.COUNTIES.get(answer.place.county or "", "")
        return _("We place “%(typed)s” at the middle of %(county)s County.") % {**params, "county": county}
    return ""
