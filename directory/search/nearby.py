"""Near a place without a query: the listings within the radius, and a page of them
nearest first, from the published listings' points kept in the facet index.

A near search is what a phone sends most ("near 87501"). In SQL it reads every
published listing's point from the covering index, whatever the place: about half the
time of the whole request on this machine. Here only the listings in the half-degree
cells that the place's bounding box touches are measured, with geo.miles_between(), the
same formula, in the same order of operations, as the SQL's geo.distance_expression():
both give the same listings, the same order and the same miles to the last bit
(tests/db/test_facets.py compares them). The rule is the SQL's (search/query.py
_within()): within the box and the radius, or serving the place's county (statewide
listings serve every county).

The points are the listings' distance points: for a confidential listing its town's or
county's centre, never its address (PRODUCT.md's point rule, listings/confidentiality).
They are public data, the same whoever searches for what, like the rest of the index.
"""

import heapq
import math
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from directory.rules import geo
from directory.search.bitmaps import Bitmap, set_bits

CELL_DEGREES = 0.5


def _cell(degrees: float) -> int:
    return math.floor(degrees / CELL_DEGREES)


@dataclass
class Points:
    """Each published listing's distance point by id (NaN: it has none), with the sine and
    cosine of its latitude and its longitude in radians, worked out once; and the ids in
    each cell of a half-degree grid, as ids and as a bitmap."""

    latitudes: array = field(default_factory=lambda: array("d"))
    longitudes: array = field(default_factory=lambda: array("d"))
    sines: array = field(default_factory=lambda: array("d"))
    cosines: array = field(default_factory=lambda: array("d"))
    radians: array = field(default_factory=lambda: array("d"))
    cells: dict[tuple[int, int], array] = field(default_factory=dict)
    cell_bitmaps: dict[tuple[int, int], int] = field(default_factory=dict)

    @classmethod
    def build(cls, size: int, rows: Iterable[tuple[int, float, float]], bitmap: Bitmap) -> "Points":
        """From (id, latitude, longitude) rows; `size`: more than the highest id."""
        points = cls(*(array("d", [math.nan]) * size for _ in range(5)))
        cells: dict[tuple[int, int], array] = defaultdict(lambda: array("q"))
        for listing_id, latitude, longitude in rows:
            points.latitudes[listing_id], points.longitudes[listing_id] = latitude, longitude
            points.sines[listing_id] = math.sin(math.radians(latitude))
            points.cosines[listing_id] = math.cos(math.radians(latitude))
            points.radians[listing_id] = math.radians(longitude)
            cells[_cell(latitude), _cell(longitude)].append(listing_id)
        points.cells = dict(cells)
        points.cell_bitmaps = {cell: bitmap(ids) for cell, ids in cells.items()}
        return points

    def measure(self, place: geo.Place) -> Callable[[int], float]:
        """Miles from the place to a listing that has a point: geo.miles_between()'s
        operations in its order, with the listing's part already worked out."""
        sine, cosine = math.sin(math.radians(place.latitude)), math.cos(math.radians(place.latitude))
        longitude = math.radians(place.longitude)
        sines, cosines, radians, cos, acos = self.sines, self.cosines, self.radians, math.cos, math.acos

        def miles(listing_id: int) -> float:
            cos_angle = sine * sines[listing_id] + cosine * cosines[listing_id] * cos(radians[listing_id] - longitude)
            return geo.EARTH_RADIUS_MILES * acos(-1.0 if cos_angle < -1.0 else 1.0 if cos_angle > 1.0 else cos_angle)

        return miles

    def has_point(self, listing_id: int) -> bool:
        return listing_id < len(self.latitudes) and not math.isnan(self.latitudes[listing_id])

    def miles_to(self, place: geo.Place, listing_ids: Iterable[int]) -> dict[int, float | None]:
        miles = self.measure(place)
        return {listing_id: miles(listing_id) if self.has_point(listing_id) else None for listing_id in listing_ids}

    def within(self, place: geo.Place, radius: int) -> tuple[int, dict[int, float]]:
        """The listings within the box and the radius: a bitmap of those in cells that lie
        wholly inside both (their miles are not needed to know it), and the others with
        their miles."""
        box = geo.bounding_box(place.latitude, place.longitude, radius)
        min_lat, max_lat, min_lng, max_lng = box
        miles, latitudes, longitudes = self.measure(place), self.latitudes, self.longitudes
        inside, measured = 0, {}
        for row in range(_cell(min_lat), _cell(max_lat) + 1):
            for column in range(_cell(min_lng), _cell(max_lng) + 1):
                if (row, column) not in self.cells:
                    continue
                if _wholly_within(row, column, place, radius, box):
                    inside |= self.cell_bitmaps[row, column]
                    continue
                for listing_id in self.cells[row, column]:
                    if min_lat <= latitudes[listing_id] <= max_lat and min_lng <= longitudes[listing_id] <= max_lng:
                        distance = miles(listing_id)
                        if distance <= radius:
                            measured[listing_id] = distance
        return inside, measured


def _wholly_within(row: int, column: int, place: geo.Place, radius: int, box: tuple[float, ...]) -> bool:
    """Whether every point of a cell is within the box and the radius. The box is a range
    of latitudes and longitudes, so the cell's corners tell; so they do for the radius: along
    a parallel the distance grows with the difference in longitude, and along a meridian it
    is greatest at one end, so a cell's farthest point is a corner. A millionth of a mile
    to spare covers the rounding of the points' own distances."""
    min_lat, max_lat, min_lng, max_lng = box
    south, north = row * CELL_DEGREES, (row + 1) * CELL_DEGREES
    west, east = column * CELL_DEGREES, (column + 1) * CELL_DEGREES
    if not (min_lat <= south and north <= max_lat and min_lng <= west and east <= max_lng):
        return False
    corners = ((south, west), (south, east), (north, west), (north, east))
    here = (place.latitude, place.longitude)
    return all(geo.miles_between(here, corner) <= radius - 1e-6 for corner in corners)


def nearest_page(
    points: Points,
    place: geo.Place,
    shown: int,
    name_places: array,
    *,
    measured: dict[int, float],
    offset: int,
    limit: int,
) -> dict[int, float | None]:
    """One page of the `shown` listings (a bitmap), nearest first, then by name and id
    (`name_places`: each id's place in that order), as id -> miles, in order; `measured`:
    the miles already known (within()'s). Listings without a point come last, as the
    SQL's NULLS LAST puts them."""
    miles, has_point = points.measure(place), points.has_point

    def distance(listing_id: int) -> float:
        known = measured.get(listing_id)
        if known is not None:
            return known
        return miles(listing_id) if has_point(listing_id) else math.inf

    keyed = ((distance(listing_id), name_places[listing_id], listing_id) for listing_id in set_bits(shown))
    page = heapq.nsmallest(offset + limit, keyed)[offset:]
    return {listing_id: None if distance == math.inf else distance for distance, _, listing_id in page}
