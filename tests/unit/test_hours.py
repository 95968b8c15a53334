"""When a listing next opens, on New Mexico's wall clock (directory/rules/hours.py)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from directory.rules.hours import Interval, next_opening

DENVER = ZoneInfo("America/Denver")


def local(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=DENVER)


def week(*rows: tuple[int, str, str]) -> list[Interval]:
    return [Interval(day, datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes)) for day, opens, closes in rows]


OFFICE = week(*[(day, "09:00", "17:00") for day in range(5)])  # Mon-Fri 9 to 5
FRIDAY_NIGHT = week((4, "20:00", "02:00"))  # Fri 8 p.m. to Sat 2 a.m.
SMALL_HOURS = week((0, "00:30", "06:00"))  # Mon from 12:30 a.m.
SUNDAY_MORNING = week((6, "09:00", "12:00"))
SUNDAY_SKIPPED_HOUR = week((6, "02:30", "05:00"))  # 2:30 a.m. does not exist on 8 March 2026
TUESDAY_HOUR = week((1, "09:00", "10:00"))

# 2026: Monday 30 November; daylight saving starts Sunday 8 March and ends Sunday 1 November.
CASES = {
    "later today": (OFFICE, "2026-12-01T07:00", "2026-12-01T09:00"),
    "tomorrow": (OFFICE, "2026-12-01T18:00", "2026-12-02T09:00"),
    "after the weekend, from Friday evening": (OFFICE, "2026-12-04T18:00", "2026-12-07T09:00"),
    "after the weekend, from Saturday": (OFFICE, "2026-12-05T10:00", "2026-12-07T09:00"),
    "across midnight": (SMALL_HOURS, "2026-12-06T23:50", "2026-12-07T00:30"),
    "an overnight interval, from after it closed": (FRIDAY_NIGHT, "2026-12-05T03:00", "2026-12-11T20:00"),
    "an overnight interval, later today": (FRIDAY_NIGHT, "2026-12-04T19:00", "2026-12-04T20:00"),
    "the same weekday next week": (TUESDAY_HOUR, "2026-12-01T11:00", "2026-12-08T09:00"),
    "the morning daylight saving starts": (SUNDAY_MORNING, "2026-03-07T20:00", "2026-03-08T09:00"),
    "the morning daylight saving ends": (SUNDAY_MORNING, "2026-10-31T20:00", "2026-11-01T09:00"),
    "an opening in the skipped hour": (SUNDAY_SKIPPED_HOUR, "2026-03-07T20:00", "2026-03-08T03:30"),
}


@pytest.mark.parametrize(("hours", "at", "opens"), CASES.values(), ids=list(CASES))
def test_next_opening_is_on_new_mexico_wall_clock(hours, at, opens):
    assert next_opening(hours, local(at)) == local(opens)


def test_next_opening_keeps_the_wall_clock_across_the_daylight_saving_changes():
    # 9 a.m. on the Sunday is 15:00 UTC after the spring change (MDT), 16:00 UTC after the autumn one (MST).
    spring = next_opening(SUNDAY_MORNING, local("2026-03-07T20:00"))
    autumn = next_opening(SUNDAY_MORNING, local("2026-10-31T20:00"))
    assert spring.astimezone(datetime.UTC).hour == 15
    assert autumn.astimezone(datetime.UTC).hour == 16


def test_next_opening_takes_any_aware_time():
    utc = datetime.datetime(2026, 12, 2, 1, 0, tzinfo=datetime.UTC)  # Tue 1 Dec, 6 p.m. in New Mexico
    assert next_opening(OFFICE, utc) == local("2026-12-02T09:00")


def test_no_hours_no_next_opening():
    assert next_opening([], local("2026-12-01T07:00")) is None
