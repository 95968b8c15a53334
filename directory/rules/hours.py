"""Weekly hours: parsing the import format, formatting, and "open now"."""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_noop

NEW_MEXICO = ZoneInfo("America/Denver")
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALWAYS = "24/7"

# Django's time formats spell a.m./p.m. through gettext: marked here so that our catalogue
# gives Spanish its own spelling ("2:00 p. m.", see config/formats/es/formats.py).
MERIDIEMS = (gettext_noop("a.m."), gettext_noop("p.m."))

_DAY = "|".join(DAYS)
_INTERVAL = re.compile(
    rf"^(?P<first>{_DAY})(?:\s*-\s*(?P<last>{_DAY}))?\s+(?P<opens>[0-9]{{1,2}}:[0-9]{{2}})\s*-\s*(?P<closes>[0-9]{{1,2}}:[0-9]{{2}})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Interval:
    weekday: int  # 0 = Monday
    opens: datetime.time
    closes: datetime.time  # at or before `opens`: runs past midnight into the next day


@dataclass(frozen=True)
class WeeklyHours:
    always_open: bool
    intervals: tuple[Interval, ...]


class HoursError(ValueError):
    """Why a text is not hours: `reason` (one of the constants below) and the `text` at fault.

    No message for people here: rules/fields.py words one per reason, translated, for the
    importers and the forms alike."""

    FORMAT = "format"  # not like "Mon-Fri 09:00-17:00"
    TIME = "time"  # a time that is not on the clock, such as 25:00
    SAME = "same"  # opens and closes at the same time

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(f"{text!r}: {reason}")
        self.reason, self.text = reason, text


def parse_time(text: str) -> datetime.time:
    """'9:00', '09:00' or '17:30:00' (HSDS writes seconds); '24:00' is the midnight that ends a day."""
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?", text.strip())
    if not match:
        raise HoursError(HoursError.TIME, text)
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if (hours, minutes, seconds) == (24, 0, 0):
        return datetime.time(0, 0)
    if not (hours <= 23 and minutes <= 59 and seconds <= 59):
        raise HoursError(HoursError.TIME, text)
    return datetime.time(hours, minutes, seconds)


def interval(weekday: int, opens: datetime.time, closes: datetime.time) -> Interval:
    """An interval of one day; one that closes at or before it opens runs past midnight, so
    one that opens and closes at the same time would read as 24 hours (that is "24/7")."""
    if opens == closes:
        raise HoursError(HoursError.SAME, f"{DAYS[weekday]} {opens:%H:%M}-{closes:%H:%M}")
    return Interval(weekday, opens, closes)


def parse_hours(text: str) -> WeeklyHours:
    """'Mon-Fri 09:00-17:00; Sat 10:00-14:00', 'Fri 20:00-02:00' (overnight) or '24/7'."""
    text = text.strip()
    if not text:
        return WeeklyHours(always_open=False, intervals=())
    if text == ALWAYS:
        return WeeklyHours(always_open=True, intervals=())
    intervals = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        match = _INTERVAL.match(part)
        if not match:
            raise HoursError(HoursError.FORMAT, part)
        first = DAYS.index(match["first"].title())
        last = DAYS.index(match["last"].title()) if match["last"] else first
        opens, closes = parse_time(match["opens"]), parse_time(match["closes"])
        days = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        try:
            intervals.extend(interval(day, opens, closes) for day in days)
        except HoursError:
            raise HoursError(HoursError.SAME, part) from None  # the part as written, not one of its days
    return WeeklyHours(always_open=False, intervals=tuple(intervals))


def format_hours(intervals) -> str:
    """The import format back again, one interval per weekday: 'Mon 09:00-17:00; ...'."""
    return "; ".join(f"{DAYS[i.weekday]} {i.opens:%H:%M}-{i.closes:%H:%M}" for i in intervals)


def is_open(*, always_open: bool, intervals, at: datetime.datetime) -> bool:
    """Whether a listing with these hours is open at `at` (any aware datetime)."""
    if always_open:
        return True
    local = at.astimezone(NEW_MEXICO)
    today, now = local.weekday(), local.time()
    yesterday = (today - 1) % 7
    for i in intervals:
        overnight = i.closes <= i.opens
        if i.weekday == today and i.opens <= now and (overnight or now < i.closes):
            return True
        if overnight and i.weekday == yesterday and now < i.closes:
            return True
    return False


def next_opening(intervals, at: datetime.datetime) -> datetime.datetime | None:
    """When a listing that is closed at `at` opens next, in New Mexico time; None without hours.

    Counted on New Mexico's wall clock, so a 9:00 opening is 9:00 on either side of a
    change to or from daylight saving time. An opening that falls in the hour skipped in
    spring is moved to the same minute of the next hour, when the clock shows it.
    """
    local = at.astimezone(NEW_MEXICO)
    soonest = None
    for days_ahead in range(8):
        day = local.date() + datetime.timedelta(days=days_ahead)
        for interval in intervals:
            if interval.weekday != day.weekday():
                continue
            wall_clock = datetime.datetime.combine(day, interval.opens, tzinfo=NEW_MEXICO)
            # Through UTC and back: a wall-clock time that does not exist becomes a real one.
            opens = wall_clock.astimezone(datetime.timezone.utc).astimezone(NEW_MEXICO)
            if opens > local and (soonest is None or opens < soonest):
                soonest = opens
        if soonest is not None:
            return soonest
    return None
