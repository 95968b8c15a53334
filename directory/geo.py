"""New Mexico places from the offline `zipcodes` data: ZIP and town centroids, distances."""

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

import zipcodes
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin

EARTH_RADIUS_MILES = 3958.8

# zipcodes spells McKinley twice ("McKinley County", "Mckinley County") and leaves the
# Spaceport America ZIP without a county; it lies in Sierra County.
_COUNTY_FIXES = {"87654": "sierra"}


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    county: str | None  # county slug


def normalize_name(text: str) -> str:
    """Lower case, no accents, single spaces: 'Española ' -> 'espanola'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


def county_slug(zipcodes_county: str) -> str | None:
    """'Dona Ana County' -> 'dona-ana', 'Mckinley County' -> 'mckinley'."""
    name = normalize_name(zipcodes_county.removesuffix(" County"))
    return name.replace(" ", "-") or None


@functools.cache
def _zip_places() -> dict[str, Place]:
    places = {}
    for row in zipcodes.filter_by(state="NM"):
        code = row["zip_code"]
        places[code] = Place(
            name=row["city"],
            latitude=float(row["lat"]),
            longitude=float(row["long"]),
            county=_COUNTY_FIXES.get(code) or county_slug(row["county"]),
        )
    return places


# zipcodes writes "Truth Or Consequences" and drops every accent.
_SMALL_WORDS = {"Of": "of", "De": "de", "Del": "del", "Or": "or", "Y": "y"}
_ACCENTED = {"Espanola": "Española", "Dona Ana": "Doña Ana", "Pena Blanca": "Peña Blanca"}


def _display_name(name: str) -> str:
    """A town's name as people write it: 'Truth or Consequences', 'Española', 'Cannon AFB'."""
    first, *rest = name.split()
    name = " ".join([first, *(_SMALL_WORDS.get(word, word) for word in rest)])
    return _ACCENTED.get(name, name)


@functools.cache
def _town_places() -> dict[str, Place]:
    """A town's point is the centroid of its ZIP codes; its county is the most common one."""
    by_town: dict[str, list[Place]] = {}
    for place in _zip_places().values():
        by_town.setdefault(normalize_name(place.name), []).append(place)
    towns = {}
    for key, places in by_town.items():
        counties = [p.county for p in places if p.county]
        towns[key] = Place(
            name=_display_name(places[0].name),
            latitude=sum(p.latitude for p in places) / len(places),
            longitude=sum(p.longitude for p in places) / len(places),
            county=max(set(counties), key=counties.count) if counties else None,
        )
    return towns


def zip_place(code: str) -> Place | None:
    return _zip_places().get(code.strip())


def town_place(name: str) -> Place | None:
    return _town_places().get(normalize_name(name))


def is_new_mexico_zip(code: str) -> bool:
    return zip_place(code) is not None


def find_place(near: str) -> Place | None:
    """A New Mexico ZIP code or town name, as typed in the `near` parameter."""
    near = near.strip()
    if re.fullmatch(r"\d{5}", near):
        return zip_place(near)
    return town_place(near)


@functools.cache
def _county_centres() -> dict[str, tuple[float, float]]:
    """Each county's centre: the mean of its ZIP centroids (offline, coarse on purpose)."""
    points: dict[str, list[Place]] = {}
    for place in _zip_places().values():
        if place.county:
            points.setdefault(place.county, []).append(place)
    return {
        county: (sum(p.latitude for p in places) / len(places), sum(p.longitude for p in places) / len(places))
        for county, places in points.items()
    }


def county_centre(county: str | None) -> tuple[float, float] | None:
    return _county_centres().get(county) if county else None


def is_known_town(city: str) -> bool:
    return bool(city) and town_place(city) is not None


def distance_point(
    *,
    confidential: bool,
    latitude: float | None,
    longitude: float | None,
    city: str,
    zip_code: str,
    county: str | None,
) -> tuple[float, float] | None:
    """The point a listing's distances are measured from (the rule of PRODUCT.md).

    A confidential location is measured from its town's centre when the town is a known
    New Mexico town, otherwise from its county's centre: never its exact point and never
    its ZIP's centroid, since whole-mile distances from a few ZIPs would single its ZIP
    out. A public one uses its own coordinates, else its ZIP's centroid, else its town's.
    """
    if confidential:
        town = town_place(city) if city else None
        return (town.latitude, town.longitude) if town else county_centre(county)
    if latitude is not None and longitude is not None:
        return (latitude, longitude)
    for place in (zip_place(zip_code) if zip_code else None, town_place(city) if city else None):
        if place:
            return (place.latitude, place.longitude)
    return county_centre(county)


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    cos_angle = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(lng2 - lng1)
    return EARTH_RADIUS_MILES * math.acos(max(-1.0, min(1.0, cos_angle)))


def distance_expression(latitude: float, longitude: float) -> Case:
    """Great-circle miles from a point to each listing's distance point, in SQL.

    NULL for a listing without a point (a remote service). The explicit case matters:
    PostgreSQL's GREATEST and LEAST skip NULLs, so the clamped formula alone would
    place every such listing 0 miles away, first in distance order.
    """
    lat, lng = math.radians(latitude), math.radians(longitude)
    cos_angle = Value(math.sin(lat)) * Sin(Radians(F("distance_latitude"))) + Value(math.cos(lat)) * Cos(
        Radians(F("distance_latitude"))
    ) * Cos(Radians(F("distance_longitude")) - Value(lng))
    clamped = Greatest(Value(-1.0), Least(Value(1.0), cos_angle, output_field=FloatField()))
    return Case(
        When(Q(distance_latitude__isnull=True) | Q(distance_longitude__isnull=True), then=Value(None)),
        default=Value(EARTH_RADIUS_MILES) * ACos(clamped, output_field=FloatField()),
        output_field=FloatField(),
    )


def bounding_box(latitude: float, longitude: float, miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) containing every point within `miles`."""
    dlat = miles / 69.0
    dlng = miles / max(1e-6, 69.0 * math.cos(math.radians(latitude)))
    return latitude - dlat, latitude + dlat, longitude - dlng, longitude + dlng
