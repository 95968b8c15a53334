"""Open now without a query: the published listings' opening hours kept in the facet index.

"Open now" in SQL looks up today's and yesterday's intervals of every published listing
(ListingQuerySet.open_now()). Here each distinct interval ("Mon 09:00-17:00") is kept
once with the listings that have it, and a request asks hours.is_open(), the rule the
listing page shows, of the few intervals of today and yesterday: the listings of those
that are open now, and those open at any hour, are the answer. Tests compare it with
the SQL (tests/db/test_facets.py).

Each interval's listings are kept as a bitmap or as a list of ids, whichever is smaller
(bitmaps.compact()), so that the index never holds more for the hours than their rows.
"""

import datetime
from array import array
from collections import defaultdict
from dataclasses import dataclass, field

from directory.rules.hours import NEW_MEXICO, Interval, is_open
from directory.search.bitmaps import Bitmap, compact


@dataclass
class OpeningHours:
    always: int = 0  # the listings open at any hour (a 24/7 hotline, or open 24/7)
    # weekday -> each distinct interval of that day, with its listings (a bitmap, or ids)
    days: dict[int, list[tuple[Interval, int | array]]] = field(default_factory=dict)

    @classmethod
    def build(cls, always: int, intervals: dict[Interval, array], bitmap: Bitmap, words: int) -> "OpeningHours":
        """From each distinct interval's listings; `words`: a bitmap's size in 64-bit words."""
        days: dict[int, list] = defaultdict(list)
        for interval, ids in intervals.items():
            days[interval.weekday].append((interval, compact(ids, bitmap, words)))
        return cls(always, dict(days))

    def open_at(self, at: datetime.datetime, bitmap: Bitmap) -> int:
        """The listings open at `at`."""
        today = at.astimezone(NEW_MEXICO).weekday()
        found, ids = self.always, []
        for weekday in (today, (today - 1) % 7):  # yesterday's overnight intervals run into today
            for interval, listings in self.days.get(weekday, ()):
                if is_open(always_open=False, intervals=[interval], at=at):
                    if isinstance(listings, int):
                        found |= listings
                    else:
                        ids.extend(listings)  # one bitmap for all the lists, made once
        return found | bitmap(ids)
