"""The facet index's opening hours (search/opening.py) keep each interval's listings as a
bitmap or as ids, whichever is smaller: both give the same answer."""

import datetime

from directory.rules.hours import NEW_MEXICO, Interval
from directory.search.opening import OpeningHours
from tests.support import bitmap

ROWS = {
    Interval(0, datetime.time(9), datetime.time(17)): [1, 2],
    Interval(6, datetime.time(22), datetime.time(2)): [3],  # Sunday night into Monday
    Interval(0, datetime.time(18), datetime.time(0)): [4],  # until midnight
}


def test_bitmaps_and_ids_give_the_same_listings():
    as_ids = OpeningHours.build(bitmap([9]), ROWS, bitmap, words=100)
    as_bitmaps = OpeningHours.build(bitmap([9]), ROWS, bitmap, words=0)
    assert all(isinstance(listings, int) for day in as_bitmaps.days.values() for _, listings in day)
    monday = datetime.datetime(2026, 11, 30, tzinfo=NEW_MEXICO)
    for hour, expected in [(1, {3, 9}), (10, {1, 2, 9}), (17, {9}), (23, {4, 9})]:
        at = monday.replace(hour=hour)
        assert as_ids.open_at(at, bitmap) == as_bitmaps.open_at(at, bitmap) == bitmap(expected), hour
