"""New Mexico places from the offline `zipcodes` data: ZIP and town centroids, distances."""

import difflib
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
    return {key: _centroid(_display_name(places[0].name), places) for key, places in by_town.items()}


def zip_place(code: str) -> Place | None:
    return _zip_places().get(code.strip())


def town_place(name: str) -> Place | None:
    return _town_places().get(normalize_name(name))


def is_new_mexico_zip(code: str) -> bool:
    return zip_place(code) is not None


# --- The place box: places as people type them --------------------------------------------

# How sure the answer is, which decides the note shown with the results.
EXACT = "exact"  # a New Mexico ZIP or town as written (case, accents, ", NM" aside)
ALIAS = "alias"  # another name the Postal Service files under a town: "Taos Pueblo", "T or C"
SPELLING = "spelling"  # the closest name to a misspelling: "albuqerque"
OUTSIDE = "outside"  # a place just over the state line: "El Paso", "79901"
COUNTY_ONLY = "county-only"  # a community we can only place by its county

# Only misspellings this close are answered; less close ones are offered as a suggestion.
ANSWER_SIMILARITY = 0.8
SUGGEST_SIMILARITY = 0.75
# A place outside New Mexico is answered when a New Mexico ZIP lies this close to it.
BORDER_MILES = 40
_NEIGHBOUR_STATES = {"TX": "Texas", "CO": "Colorado", "AZ": "Arizona", "OK": "Oklahoma", "UT": "Utah"}

# Short forms and names the offline data lacks or files elsewhere, as normalize_name() writes
# them, each with the town that answers it.
_SHORT_FORMS = {
    "abq": "albuquerque",
    "burque": "albuquerque",
    "duke city": "albuquerque",
    "torc": "truth or consequences",
    "t c": "truth or consequences",
    "truth or consequence": "truth or consequences",
    "lc": "las cruces",
    "jicarilla": "dulce",
    "jicarilla apache": "dulce",
    "jicarilla apache nation": "dulce",
    "mescalero apache": "mescalero",
    "la mesilla": "mesilla",
    "kewa pueblo": "santo domingo pueblo",
    "los ranchos": "albuquerque",
}
# Navajo Nation chapters in New Mexico that the offline ZIP data does not name: placed at
# their county's centre, and the note says so.
_CHAPTER_COUNTIES = {
    "nenahnezad": "san-juan",
    "upper fruitland": "san-juan",
    "hogback": "san-juan",
    "gadii ahi": "san-juan",
    "cudei": "san-juan",
    "beclabito": "san-juan",
    "burnham": "san-juan",
    "whitehorse lake": "mckinley",
    "mariano lake": "mckinley",
    "iyanbito": "mckinley",
    "bahastlah": "mckinley",
    "becenti": "mckinley",
    "casamero lake": "mckinley",
    "coyote canyon": "mckinley",
    "nahodishgish": "mckinley",
    "tsayatoh": "mckinley",
    "red rock": "mckinley",
    "rock springs": "mckinley",
    "baca prewitt": "mckinley",
    "breadsprings": "mckinley",
    "baahaali": "mckinley",
    "tse lichii": "mckinley",
    "tohajiilee": "bernalillo",
    "ramah navajo": "cibola",
}
# Spelled out in a few ways: "Ft. Sumner", "St. Vrain", "Mt. Dora", "San Felipe Pb".
_WORDS = {"ft": "fort", "st": "saint", "mt": "mount", "pb": "pueblo", "pblo": "pueblo", "publo": "pueblo"}
_STATE_SUFFIX = re.compile(r"(?:\s+(?:nm|n m|new mexico|new mex|usa|us))+$")
_ZIP = re.compile(r"(\d{5})(?:-?\d{4})?")


@dataclass(frozen=True)
class PlaceAnswer:
    """What the place box understood: a place (or none), how sure, and the words typed."""

    typed: str
    place: Place | None = None
    how: str = EXACT
    state: str = ""  # the state of an OUTSIDE place, spelled out
    suggestion: str = ""  # no place: the likeliest town, to offer as a link


def _words(key: str) -> str:
    return " ".join(_WORDS.get(word, word) for word in key.split())


def _key(text: str) -> str:
    """Typed text as a lookup key: normalized, without a trailing state, short words expanded."""
    return _words(_STATE_SUFFIX.sub("", " " + normalize_name(text)).strip())


def _centroid(name: str, places: list[Place]) -> Place:
    """The mean point of these places, in the county most of them are in."""
    counties = [p.county for p in places if p.county]
    return Place(
        name=name,
        latitude=sum(p.latitude for p in places) / len(places),
        longitude=sum(p.longitude for p in places) / len(places),
        county=max(set(counties), key=counties.count) if counties else None,
    )


@functools.cache
def _alias_places() -> dict[str, Place]:
    """Other names filed under New Mexico ZIP codes (Pueblos, Navajo chapters, villages),
    each answered by the town of its ZIP code: 'Zuni Pueblo' -> Zuni, 'Kewa' -> Santo Domingo Pueblo.
    A name filed under several towns' ZIPs is answered by their centre."""
    towns = _town_places()
    by_alias: dict[str, list[Place]] = {}
    for row in zipcodes.filter_by(state="NM"):
        town = towns[normalize_name(row["city"])]
        for alias in (*row["acceptable_cities"], *row["unacceptable_cities"]):
            key = _words(normalize_name(alias))
            if key and key not in towns:
                by_alias.setdefault(key, []).append(town)
    aliases = {}
    for key, places in by_alias.items():
        names = {p.name for p in places}
        aliases[key] = places[0] if len(names) == 1 else _centroid(" / ".join(sorted(names)), places)
    for key, town in _SHORT_FORMS.items():
        aliases[key] = towns[town]
    return aliases


@functools.cache
def _nm_names() -> dict[str, tuple[Place, str]]:
    """Every New Mexico name we answer, keyed without spaces too ('lascruces')."""
    names: dict[str, tuple[Place, str]] = {}
    for key, place in _alias_places().items():
        names[key] = (place, ALIAS)
    for key, place in _town_places().items():
        names[_words(key)] = (place, EXACT)
    for key in list(names):
        names.setdefault(key.replace(" ", ""), names[key])
        # "Zuni Pueblo" and "Pueblo of Acoma" are also typed as "Zuni" and "Acoma".
        bare = re.sub(r"^pueblo of |^pueblo de | pueblo$", "", key)
        if bare != key:
            names.setdefault(bare, names[key])
    return names


@functools.cache
def _border_places() -> dict[str, tuple[Place, str]]:
    """Towns and ZIP codes of neighbouring states within BORDER_MILES of a New Mexico ZIP,
    each placed at its own point and given the county of the nearest New Mexico ZIP."""
    nm = list(_zip_places().values())

    def nearest_nm(latitude: float, longitude: float) -> tuple[float, Place]:
        distances = ((miles_between((latitude, longitude), (p.latitude, p.longitude)), p) for p in nm)
        return min(distances, key=lambda pair: pair[0])

    by_town: dict[tuple[str, str], list[Place]] = {}
    found: dict[str, tuple[Place, str]] = {}
    for state, state_name in _NEIGHBOUR_STATES.items():
        for row in zipcodes.filter_by(state=state):
            if not row["lat"] or not (30.7 < float(row["lat"]) < 37.7 and -109.8 < float(row["long"]) < -102.3):
                continue
            latitude, longitude = float(row["lat"]), float(row["long"])
            miles, nm_zip = nearest_nm(latitude, longitude)
            if miles > BORDER_MILES:
                continue
            place = Place(name=_display_name(row["city"]), latitude=latitude, longitude=longitude, county=nm_zip.county)
            found[row["zip_code"]] = (place, state_name)
            by_town.setdefault((normalize_name(row["city"]), state_name), []).append(place)
    for (key, state_name), places in by_town.items():
        found.setdefault(key, (_centroid(places[0].name, places), state_name))
        found.setdefault(key.replace(" ", ""), found[key])
    # Ciudad Juárez, across the Rio Grande from El Paso, is in no ZIP table.
    juarez = Place(name="Ciudad Juárez", latitude=31.69, longitude=-106.42, county="dona-ana")
    for key in ("juarez", "ciudad juarez", "cd juarez"):
        found[key] = (juarez, "Chihuahua")
    return found


def understand_place(near: str) -> PlaceAnswer:
    """The `near` parameter as people type it: a ZIP code (ZIP+4 too), a town, a short
    form, a Pueblo or chapter name, a misspelling, or a place just over the state line."""
    typed = near.strip()
    key = _key(typed)
    zip_match = _ZIP.search(typed)
    if zip_match and re.fullmatch(r"[\D]*" + _ZIP.pattern + r"\s*", typed):
        code = zip_match[1]
        if place := zip_place(code):
            return PlaceAnswer(typed, place)
        if code in _border_places():
            place, state = _border_places()[code]
            return PlaceAnswer(typed, place, OUTSIDE, state=state)
        return PlaceAnswer(typed, None)
    if not key:
        return PlaceAnswer(typed, None)
    names = _nm_names()
    # "Isleta Pueblo" and "Pueblo of Isleta" are answered by Isleta, as typed alone.
    bare = re.sub(r"^pueblo (?:of|de) | pueblo$", "", key)
    for candidate in dict.fromkeys((key, key.replace(" ", ""), bare)):
        county = _CHAPTER_COUNTIES.get(candidate)
        if candidate in names and not county:
            place, how = names[candidate]
            return PlaceAnswer(typed, place, how)
        county = county or _county_named(candidate)
        if county:
            latitude, longitude = county_centre(county)
            return PlaceAnswer(typed, Place(_display_name(key.title()), latitude, longitude, county), COUNTY_ONLY)
        if candidate in _border_places():
            place, state = _border_places()[candidate]
            return PlaceAnswer(typed, place, OUTSIDE, state=state)
    likely, similarity = _likeliest(key.replace(" ", ""))
    if likely and similarity >= ANSWER_SIMILARITY:
        place, _how = names[likely]
        return PlaceAnswer(typed, place, SPELLING)
    if likely and similarity >= SUGGEST_SIMILARITY:
        return PlaceAnswer(typed, None, suggestion=names[likely][0].name)
    return PlaceAnswer(typed, None)


def _county_named(key: str) -> str | None:
    """'san juan county' or 'rio arriba' -> its slug (a town of the same name is found first)."""
    slug = key.removesuffix(" county").replace(" ", "-")
    return slug if slug in _county_centres() else None


def _likeliest(key: str) -> tuple[str | None, float]:
    """The New Mexico name closest to a misspelling, by difflib's similarity ratio."""
    candidates = [name for name in _nm_names() if " " not in name and abs(len(name) - len(key)) <= 4]
    best, best_ratio = None, 0.0
    matcher = difflib.SequenceMatcher(b=key, autojunk=False)
    for name in candidates:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = name, ratio
    return best, best_ratio


@functools.cache
def _county_centres() -> dict[str, tuple[float, float]]:
    """Each county's centre: the mean of its ZIP centroids (offline, coarse on purpose)."""
    points: dict[str, list[Place]] = {}
    for place in _zip_places().values():
        if place.county:
            points.setdefault(place.county, []).append(place)
    centres = {county: _centroid(county, places) for county, places in points.items()}
    return {county: (centre.latitude, centre.longitude) for county, centre in centres.items()}


def load_tables() -> None:
    """Build every place table now, not on the first search that needs one (about half a
    second): gunicorn's master calls this, so each worker it forks has them."""
    for table in (_zip_places, _town_places, _alias_places, _nm_names, _border_places, _county_centres):
        table()


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
