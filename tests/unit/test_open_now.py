"""The "open now" label (hours.is_open): overnight, 24/7 and unknown hours."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from directory.rules.hours import is_open, parse_hours

DENVER = ZoneInfo("America/Denver")
UTC = datetime.UTC


def local(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=DENVER)


def utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local("2026-06-05 19:59"), False),
        (local("2026-06-05 20:00"), True),
        (local("2026-06-06 01:00"), True),
        (local("2026-06-06 01:59"), True),
        (local("2026-06-06 02:00"), False),
        (local("2026-06-06 03:00"), False),
        (local("2026-06-06 20:30"), False),  # Saturday evening: only Friday's night
        (utc("2026-06-06 07:00"), True),  # the same Saturday 01:00, given in UTC
    ],
)
def test_is_open_handles_an_overnight_interval(moment, expected):
    hours = parse_hours("Fri 20:00-02:00")
    assert is_open(always_open=hours.always_open, intervals=hours.intervals, at=moment) is expected


def test_is_open_with_24_7_hours_is_always_open():
    hours = parse_hours("24/7")
    assert is_open(always_open=hours.always_open, intervals=hours.intervals, at=local("2026-03-08 02:30"))


def test_is_open_with_unknown_hours_is_never_open():
    hours = parse_hours("")
    assert not is_open(always_open=hours.always_open, intervals=hours.intervals, at=local("2026-06-05 12:00"))
