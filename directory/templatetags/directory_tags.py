import functools
import itertools
from html import escape
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.formats import date_format, localize, time_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.rules import hours, phones, vocab
from directory.rules.languages import alphabetical_key
from directory.search.query import whole_miles

register = template.Library()


@register.filter
def open_status(listing, now) -> str:
    """'always', 'open', 'closed' or 'unknown' (no hours known), at `now`."""
    always = listing.hotline_24_7 or listing.open_24_7
    return open_status_at(always=always, intervals=list(listing.hours.all()), now=now)


def open_status_at(*, always: bool, intervals, now) -> str:
    """open_status() from the listing's hours alone: result cards keep those, not the listing."""
    if always:
        return "always"
    if not intervals:
        return "unknown"
    return "open" if hours.is_open(always_open=False, intervals=intervals, at=now) else "closed"


@register.filter
def opens_next(listing, now) -> str:
    """'Opens Tue 9:00 a.m.' ('Opens today 5:00 p.m.') for a listing closed at `now`; '' if unknown."""
    return opens_next_at(list(listing.hours.all()), now)


def opens_next_at(intervals, now) -> str:
    opens = hours.next_opening(intervals, now)
    if opens is None:
        return ""
    time = date_format(opens, "g:i a")
    if opens.date() == now.astimezone(hours.NEW_MEXICO).date():
        return _("Opens today %(time)s") % {"time": time}
    day = _day_abbreviations(get_language() or "en")[opens.weekday()]
    return _("Opens %(day)s %(time)s") % {"day": day, "time": time}


@register.simple_tag
def card_phones(listing) -> dict:
    """A result's buttons: the number to call (voice, else TTY) and the number to text."""
    numbers = list(listing.phones.all())
    call = next((p for p in numbers if p.kind == "voice"), None) or next((p for p in numbers if p.kind == "tty"), None)
    return {"call": call, "text": next((p for p in numbers if p.kind == "text"), None)}


@register.filter
def phone_display(number: str) -> str:
    return phones.display_number(number)


@register.filter
def miles(distance) -> int | None:
    return whole_miles(distance)


@register.filter
def names_in_a_sentence(items) -> str:
    """Names (languages, populations) run together as a sentence says them, in alphabetical
    order of the page's language: "inglés, español" would be "español, inglés". In Spanish
    they are lowercase, as Spanish writes them mid-sentence ("mujeres, personas LGBTQ+");
    `|capfirst` where the list starts a label."""
    names = [str(item) for item in items]
    if (get_language() or "en").startswith("es"):
        names = [name[:1].lower() + name[1:] if not name[1:2].isupper() else name for name in names]
    return ", ".join(sorted(names, key=alphabetical_key))


# Listing texts written in English, with an optional Spanish version in `<name>_es`.
TRANSLATED_TEXTS = ("description", "eligibility")


@register.simple_tag
def text_in_language(listing, name: str) -> dict:
    """A listing text in the page's language where there is one, else the English.

    `lang` is the text's own language code (for a lang attribute, so that screen readers
    switch voice); `english_only` says the page is Spanish and the Spanish is missing, for
    the "only in English" note.
    """
    assert name in TRANSLATED_TEXTS, name
    english = getattr(listing, name)
    if not (get_language() or "en").startswith("es"):
        return {"text": english, "lang": "en", "english_only": False}
    spanish = getattr(listing, f"{name}_es")
    if spanish:
        return {"text": spanish, "lang": "es", "english_only": False}
    return {"text": english, "lang": "en", "english_only": bool(english)}


@register.simple_tag
def description_in_language(listing) -> dict:
    """The description in the page's language where there is one, with its own language code."""
    return text_in_language(listing, "description")


@register.filter
def directions_url(loc) -> str:
    """OpenStreetMap directions to a public street address ('' without one).

    Built from public_location(), which holds no address for a confidential listing.
    """
    if not loc.address:
        return ""
    place = ", ".join(part for part in (loc.address, loc.city, " ".join(filter(None, ["NM", loc.zip]))) if part)
    return "https://www.openstreetmap.org/directions?" + urlencode({"to": place})


@register.filter
def county_name(slug: str) -> str:
    return vocab.COUNTIES.get(slug, slug)


@register.filter
def fees_label(slug: str) -> str:
    return str(vocab.FEES.get(slug, slug))


@register.filter
def weekday_hours(listing) -> list[dict]:
    """Opening intervals grouped by weekday, Monday first, for the detail page."""
    from directory.models import OpeningHours

    days = {day: [] for day in OpeningHours.Weekday}
    for interval in listing.hours.all():
        days[OpeningHours.Weekday(interval.weekday)].append(interval)
    return [{"day": day.label, "intervals": intervals} for day, intervals in days.items()]


@register.simple_tag
def facet_choices(group: dict) -> str:
    """A facet group's checkboxes (directory/search/facets.py, facet_groups), in one pass.

    The filter form shows some 65 of them: a template loop, or format_html() per box, cost
    more than the rest of the form. Each box sits inside its label (styled as .choice by
    site.css): no ids to pair, a third fewer bytes for 33 counties. The first has an id
    for the error summary's link.
    """
    name = escape(str(group["name"]))
    # A count as {{ count }} shows it: localize() only matters with thousands separators.
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    boxes = []
    for n, choice in enumerate(group["choices"]):
        first = f' id="id_{name}_0"' if n == 0 else ""
        checked = " checked" if choice["checked"] else ""
        count = "" if choice["count"] is None else f" ({number(choice['count'])})"
        value, label = escape(str(choice["value"])), escape(str(choice["label"]))
        box = f'<input type="checkbox" name="{name}" value="{value}"{first}{checked}>'
        boxes.append(f"<label>{box}{label}{count}</label>")
    return mark_safe("".join(boxes))


@register.filter
def get_count(counts: dict, key: str) -> int:
    return counts.get(key, 0)


@functools.cache
def _day_abbreviations(language: str) -> dict[int, str]:
    from directory.models import OpeningHours

    return {day.value: str(day.label)[:3] for day in OpeningHours.Weekday}


@register.filter
def hours_summary(listing) -> str:
    """The week on one line, days with the same hours together, for the printed list:
    "Mon, Tue, Wed 9 a.m.–5 p.m.; Sat 8 p.m.–2 a.m. (next day)".

    Python rather than template tags: with twenty results on a page, regrouping in the
    template cost more than the rest of the page.
    """
    day_names = _day_abbreviations(get_language() or "en")
    parts = []
    for (opens, closes), intervals in itertools.groupby(listing.hours.all(), lambda i: (i.opens, i.closes)):
        intervals = list(intervals)
        days = ", ".join(day_names[interval.weekday] for interval in intervals)
        part = f"{days} {time_format(opens, 'TIME_FORMAT')}–{time_format(closes, 'TIME_FORMAT')}"
        parts.append(f"{part} {_('(next day)')}" if intervals[0].overnight else part)
    return "; ".join(parts)
