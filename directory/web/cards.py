"""Result cards, rendered once per version of the public data and language.

A results page is twenty cards, and each card is the same for everyone who sees that
listing in that language on that day: name, organization, place, phones, languages,
weekly hours, when it was verified. So each process renders a card once and keeps it
for the current version of the public data (the facet index's version, which every
committed write of a listing, its links, organization, phones or hours changes:
migrations 0008 and 0015), the page's language and the day (a card says whether its
listing went unverified for a year). Two things differ per request and are filled in
per request: the distance from the place searched and whether the listing is open now.
A page whose cards are all kept needs neither the listing rows nor their four
prefetches.

What is kept is data, never a search: the key is the listing, the language and the
version, the same whoever searched for what. A process keeps the cards of one version
and day only, at most MAX_CARDS of them (then it starts over), so memory stays flat
however often the data changes. Inside a transaction (version None) the request may
see its own uncommitted writes: its cards are rendered and not kept.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html, strip_spaces_between_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from directory.rules import hours
from directory.search.query import whole_miles
from directory.templatetags.directory_tags import open_status_at, opens_next_at

MAX_CARDS = 4000  # about 2 KB each: under 10 MB a process
# Where the per-request parts go. No listing text can hold them: PostgreSQL text holds no NUL.
_DISTANCE = "\x00distance\x00"
_OPEN_STATUS = "\x00open-status\x00"


@dataclass(frozen=True)
class Card:
    head: str  # up to the distance
    middle: str  # from the distance to the opening status
    tail: str
    always_open: bool
    intervals: tuple[hours.Interval, ...]

    def render(self, *, distance: float | None, now) -> SafeString:
        status = open_status_at(always=self.always_open, intervals=self.intervals, now=now)
        live = (_distance_html(distance), _open_status_html(status, self, now))
        return mark_safe(self.head + live[0] + self.middle + live[1] + self.tail)


_kept: dict[tuple[str, int], Card] = {}
_kept_for: tuple | None = None  # (version, day) of the cards kept


def result_cards(page, *, version: str | None, now, place, distances: dict[int, float | None]) -> list[SafeString]:
    """The page's cards in order. `distances` holds each listing's distance from `place`
    where the search read it already; a card without one is rendered from its row."""
    global _kept, _kept_for
    language = get_language() or "en"
    if version is None:
        kept: dict[tuple[str, int], Card] = {}
    else:
        if _kept_for != (version, timezone.localdate()) or len(_kept) >= MAX_CARDS:
            _kept, _kept_for = {}, (version, timezone.localdate())
        kept = _kept
    missing = [pk for pk in page.ids if (language, pk) not in kept or (place and pk not in distances)]
    if missing:
        for listing in page.object_list.filter(pk__in=missing):
            kept[(language, listing.pk)] = _card(listing)
            if place:
                distances = {**distances, listing.pk: listing.distance}
    # A listing unpublished since its id was read has no row and no card: it is left out.
    return [
        kept[(language, pk)].render(distance=distances.get(pk) if place else None, now=now)
        for pk in page.ids
        if (language, pk) in kept
    ]


def _card(listing) -> Card:
    intervals = tuple(hours.Interval(i.weekday, i.opens, i.closes) for i in listing.hours.all())
    always = listing.hotline_24_7 or listing.open_24_7
    context = {
        "listing": listing,
        "distance_slot": mark_safe(_DISTANCE),
        "open_status_slot": mark_safe(_OPEN_STATUS),
        "weekly_hours": bool(intervals) and not always,
    }
    # As the results page's {% spaceless %} would leave it.
    html = strip_spaces_between_tags(render_to_string("directory/_result.html", context).strip())
    head, rest = html.split(_DISTANCE)
    middle, tail = rest.split(_OPEN_STATUS)
    return Card(head, middle, tail, always, intervals)


def _distance_html(distance: float | None) -> str:
    if distance is None:
        return ""
    miles = whole_miles(distance)
    words = ngettext("%(miles)s mile away", "%(miles)s miles away", miles) % {"miles": localize(miles)}
    return format_html(" · <strong>{}</strong>", words)


def _open_status_html(status: str, card: Card, now) -> str:
    if status == "always":
        words = gettext("Open 24/7")
    elif status == "open":
        words = gettext("Open now")
    elif status == "closed":
        opens = opens_next_at(card.intervals, now)
        words = gettext("Closed now") + (f" · {opens}" if opens else "")
    else:
        words = gettext("Hours not listed")
    return format_html('<p class="open-status open-status-{}">{}</p>', status, words)
