from django import template
from django.utils.translation import get_language

from .. import hours, phones, vocab
from ..search import whole_miles

register = template.Library()


@register.filter
def open_status(listing, now) -> str:
    """'always', 'open', 'closed' or 'unknown' (no hours known), at `now`."""
    if listing.hotline_24_7 or listing.open_24_7:
        return "always"
    intervals = list(listing.hours.all())
    if not intervals:
        return "unknown"
    return "open" if hours.is_open(always_open=False, intervals=intervals, at=now) else "closed"


@register.filter
def phone_display(number: str) -> str:
    return phones.display_number(number)


@register.filter
def miles(distance) -> int | None:
    return whole_miles(distance)


@register.simple_tag
def description_in_language(listing) -> dict:
    """The description in the page's language where there is one, with its own language code."""
    if (get_language() or "en").startswith("es") and listing.description_es:
        return {"text": listing.description_es, "lang": "es"}
    return {"text": listing.description, "lang": "en"}


@register.filter
def fees_label(slug: str) -> str:
    return str(vocab.FEES.get(slug, slug))


@register.filter
def weekday_hours(listing) -> list[dict]:
    """Opening intervals grouped by weekday, Monday first, for the detail page."""
    from ..models import OpeningHours

    days = {day: [] for day in OpeningHours.Weekday}
    for interval in listing.hours.all():
        days[OpeningHours.Weekday(interval.weekday)].append(interval)
    return [{"day": day.label, "intervals": intervals} for day, intervals in days.items()]


@register.filter
def get_count(counts: dict, key: str) -> int:
    return counts.get(key, 0)


@register.filter
def main_phone(listing):
    """The number to tap first: the first voice line, else the first of any kind."""
    numbers = list(listing.phones.all())
    return next((p for p in numbers if p.kind == "voice"), numbers[0] if numbers else None)
