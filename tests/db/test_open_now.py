""""Open now": the SQL filter (open_now=1) and the label (hours.is_open) agree, in New Mexico time."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.support import create_listing

DENVER = ZoneInfo("America/Denver")
UTC = datetime.UTC

ALWAYS_OPEN = {"hotline", "always"}

# slug -> hours as (weekday, opens, closes), Monday = 0; closes <= opens runs past midnight.
HOURS = {
    "office": [(day, "09:00", "17:00") for day in range(5)],
    "friday-night": [(4, "20:00", "02:00")],
    "saturday-late": [(5, "18:00", "00:00")],  # "Sat 18:00-24:00": closes at midnight
    "sunday-early": [(6, "00:00", "06:00")],
    "sunday-night": [(6, "22:00", "06:00")],  # into Monday: the week wraps round
    "sunday-small-hours": [(6, "01:00", "03:30")],  # across both daylight-saving changes
    "unknown": [],
}


@pytest.fixture
def listings(shared_rows) -> None:
    """Built once for the module's tests (`shared_rows`, tests/conftest.py)."""

    def build() -> None:
        for slug, hours in HOURS.items():
            create_listing(f"Service {slug}", slug=slug, hours=hours)
        create_listing("Service hotline", slug="hotline", hotline_24_7=True)
        create_listing("Service always", slug="always", open_24_7=True)

    shared_rows("listings", build)


def local(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=DENVER)


def utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def open_by_filter(client) -> set[str]:
    response = client.get("/services/", {"open_now": "1"})
    assert response.status_code == 200
    return set(re.findall(r'<h3><a href="/services/([\w-]+)/">', response.content.decode()))


def open_by_label(client) -> set[str]:
    html = client.get("/services/").content.decode()
    rows = re.findall(r'<a href="/services/([\w-]+)/">.*?class="open-status open-status-(\w+)"', html, re.S)
    assert len(rows) == len(HOURS) + len(ALWAYS_OPEN)
    return {slug for slug, status in rows if status in ("open", "always")}


MOMENTS = [
    # A weekday, its opening (inclusive) and closing (exclusive) minutes.
    (local("2026-06-05 09:00"), {"office"}),
    (local("2026-06-05 16:59"), {"office"}),
    (local("2026-06-05 17:00"), set()),
    # Friday 20:00-02:00: open on Friday evening and on Saturday at 01:00, not at 02:00 or 03:00.
    (local("2026-06-05 20:00"), {"friday-night"}),
    (local("2026-06-06 01:00"), {"friday-night"}),
    (local("2026-06-06 02:00"), set()),
    (local("2026-06-06 03:00"), set()),
    # Midnight: an interval closing at 24:00 ends as one opening at 00:00 begins.
    (local("2026-06-06 23:59"), {"saturday-late"}),
    (local("2026-06-07 00:00"), {"sunday-early"}),
    # Sunday night into Monday morning crosses the end of the week.
    (local("2026-06-07 23:00"), {"sunday-night"}),
    (local("2026-06-08 05:59"), {"sunday-night"}),
    (local("2026-06-08 06:00"), set()),
    # 2026-03-08: clocks go from 02:00 MST to 03:00 MDT.
    (utc("2026-03-08 08:30"), {"sunday-early", "sunday-small-hours"}),  # 01:30 MST
    (utc("2026-03-08 09:15"), {"sunday-early", "sunday-small-hours"}),  # 03:15 MDT
    (utc("2026-03-08 09:45"), {"sunday-early"}),  # 03:45 MDT
    (utc("2026-03-09 15:30"), {"office"}),  # 09:30 MDT (08:30 if still on MST)
    (utc("2026-03-09 14:30"), set()),  # 08:30 MDT
    # 2026-11-01: clocks go from 02:00 MDT back to 01:00 MST, so 01:30 happens twice.
    (utc("2026-11-01 07:30"), {"sunday-early", "sunday-small-hours"}),  # 01:30 MDT
    (utc("2026-11-01 08:30"), {"sunday-early", "sunday-small-hours"}),  # 01:30 MST
    (utc("2026-11-01 09:45"), {"sunday-early", "sunday-small-hours"}),  # 02:45 MST (03:45 if still on MDT)
    (utc("2026-11-01 10:45"), {"sunday-early"}),  # 03:45 MST
    (utc("2026-11-02 15:30"), set()),  # 08:30 MST (09:30 if still on MDT)
    (utc("2026-11-02 16:00"), {"office"}),  # 09:00 MST
]


@pytest.mark.parametrize(("moment", "expected"), MOMENTS, ids=[m.isoformat() for m, _ in MOMENTS])
def test_filter_and_label_agree_on_what_is_open(client, listings, moment, expected):
    with time_machine.travel(moment, tick=False):
        assert open_by_filter(client) == expected | ALWAYS_OPEN
        assert open_by_label(client) == expected | ALWAYS_OPEN


def test_unknown_hours_are_never_open_and_say_so(client, listings):
    with time_machine.travel(local("2026-06-05 12:00"), tick=False):
        html = client.get("/services/unknown/").content.decode() + client.get("/services/").content.decode()
        assert "unknown" not in open_by_filter(client)
    assert "Hours not listed" in html


def test_24_7_listings_say_open_24_7(client, listings):
    with time_machine.travel(local("2026-06-06 03:00"), tick=False):
        html = client.get("/services/", {"open_now": "1"}).content.decode()
    assert html.count("Open 24/7") == len(ALWAYS_OPEN)


def test_open_now_combines_with_other_filters(client, listings, make_listing):
    make_listing("Night court help", slug="night-legal", service_types=["legal-aid"], hours=[(4, "20:00", "02:00")])
    make_listing("Day court help", slug="day-legal", service_types=["legal-aid"], hours=[(5, "09:00", "17:00")])
    with time_machine.travel(local("2026-06-06 01:00"), tick=False):
        response = client.get("/services/", {"open_now": "1", "service_type": "legal-aid", "q": "court"})
    assert re.findall(r'<h3><a href="/services/([\w-]+)/">', response.content.decode()) == ["night-legal"]
