"""Consistency checks on a listing's values: the one place that says which combinations
of fields contradict each other or leave the public without what it needs.

Every write path calls listing_problems(): the advocates' forms show the problems as
form errors, the review queue and the admin as warnings, the CSV and HSDS importers as
`row N, column C` errors or warnings (by severity, below). The field names are those of
review.listing_values() and the import format, which agree.

Severity, for the importers (forms refuse both kinds; reviewers see both):
- ERROR: the public would read a contradiction or an unusable contact (24/7 beside
  weekday hours, overlapping hours, a malformed website or email, a text-only short
  code given as a number to call). Importing it would publish the mistake.
- WARNING: something is missing rather than wrong (a shelter without a phone, a
  confidential listing whose town is not known, a Spanish-speaking service without a
  Spanish description). Refusing a whole file for a gap a reviewer can fill later would
  keep every other correction in it from going live.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.listings.confidentiality import measured_from_county_centre
from directory.rules import fields
from directory.rules.hours import ALWAYS, HoursError, Interval, WeeklyHours, parse_hours

ERROR = "error"
WARNING = "warning"

MINUTES_A_DAY = 24 * 60
MINUTES_A_WEEK = 7 * MINUTES_A_DAY
SHORT_CODE = re.compile(r"\d{5,6}")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return self.message


def listing_problems(values: dict[str, Any]) -> list[Problem]:
    """What is inconsistent in a listing's values (review.listing_values()'s form; the
    importers' parsed values are accepted too: hours as WeeklyHours, one phone a string).
    Fields missing from `values` are not checked."""
    problems: list[Problem] = []
    intervals, always = _intervals(values.get("hours"))
    if values.get("hotline_24_7") and intervals and not always:
        problems.append(
            Problem(
                "hotline_24_7",
                _(
                    "“Answers 24/7” is ticked, but the hours say it is open on some days or times only. "
                    "Untick it, or set the hours to 24/7."
                ),
            )
        )
    problems += _overlaps(intervals)
    if "shelter" in (values.get("service_types") or []) and "phone" in values and not _numbers(values["phone"]):
        problems.append(
            Problem("phone", _("A shelter needs a phone number people can call."), WARNING)
        )
    if measured_from_county_centre(values):
        problems.append(
            Problem(
                "city",
                _(
                    "This listing's location is confidential and “%(city)s” is not a known New Mexico town: "
                    "distances to it are measured from its county's centre."
                )
                % {"city": values.get("city") or "—"},
                WARNING,
            )
        )
    if "es" in (values.get("languages") or []) and "description_es" in values:
        if not (values.get("description_es") or "").strip():
            problems.append(
                Problem(
                    "description_es",
                    _("The service speaks Spanish: give its description in Spanish too."),
                    WARNING,
                )
            )
    for field in ("phone", "tty"):
        for number in _numbers(values.get(field)):
            if SHORT_CODE.fullmatch(number):
                problems.append(
                    Problem(
                        field,
                        _("“%(number)s” is a short code that only takes texts: give it under Text (SMS).")
                        % {"number": number},
                    )
                )
    for field, parse in (("website", fields.website), ("email", fields.email)):
        try:
            parse(values.get(field) or "")
        except fields.FieldError as error:  # the one rule and message the forms and importers give
            problems.append(Problem(field, str(error)))
    return problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity == ERROR]


def _numbers(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _intervals(hours: Any) -> tuple[list[Interval], bool]:
    """(intervals, always open) from hours text, WeeklyHours or a list of Intervals."""
    if hours is None or hours == "":
        return [], False
    if isinstance(hours, str):
        if hours.strip() == ALWAYS:
            return [], True
        try:
            hours = parse_hours(hours)
        except HoursError:
            return [], False  # reported by the field's own parser
    if isinstance(hours, WeeklyHours):
        return list(hours.intervals), hours.always_open
    return list(hours), False


def _span(interval: Interval) -> tuple[int, int]:
    start = interval.weekday * MINUTES_A_DAY + interval.opens.hour * 60 + interval.opens.minute
    end = interval.weekday * MINUTES_A_DAY + interval.closes.hour * 60 + interval.closes.minute
    if end <= start:
        end += MINUTES_A_DAY  # runs past midnight
    return start, end


def _overlaps(intervals: list[Interval]) -> list[Problem]:
    spans = sorted({_span(interval) for interval in intervals})
    # Sunday night into Monday: the week wraps around.
    spans += [(start + MINUTES_A_WEEK, end + MINUTES_A_WEEK) for start, end in spans if start < MINUTES_A_DAY]
    spans.sort()
    clashing_days: list[str] = []
    latest_end = -1
    for start, end in spans:
        if start < latest_end:
            day = _day_name((start // MINUTES_A_DAY) % 7)
            if day not in clashing_days:
                clashing_days.append(day)
        latest_end = max(latest_end, end)
    if not clashing_days:
        return []
    return [
        Problem(
            "hours",
            _("The hours overlap on %(days)s: give each time once.") % {"days": ", ".join(clashing_days)},
        )
    ]


def _day_name(weekday: int) -> str:
    # Spanish writes day names in lowercase mid-sentence.
    name = str(WEEKDAYS[weekday])
    return name.lower() if (get_language() or "en").startswith("es") else name
