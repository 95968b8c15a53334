"""What a confidential listing must not give away, checked on every write path.

PRODUCT.md: a confidential listing's street address never appears in its public text
(admin and review warn, the importers refuse the row), and its distances are measured
from its town's centre when the town is a known New Mexico town, otherwise from its
county's centre (geo.distance_point), which writers warn about: those distances are
coarser than people expect.
"""

import re
from typing import Any

from directory.rules import geo

# The fields the public reads as text (the address only ever in its own field).
PUBLIC_TEXT_FIELDS = ("name", "description", "description_es", "eligibility", "eligibility_es")

_DIRECTIONS = {"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"}


def _normalized(text: str) -> str:
    # Punctuation stays, as tokens of its own: "555-1234; Camino" is not "1234 Camino".
    return " " + " ".join(re.findall(r"\w+|[^\w\s]", text.lower())) + " "


def address_in_public_text(values: dict[str, Any]) -> list[str]:
    """The public text fields that give away a confidential listing's street address.

    Matched as whole words, ignoring case, punctuation and spacing: the street line
    ("1234 Main St NW"), or just the house number and street name ("1234 main").
    """
    address = (values.get("address") or "").strip()
    if not values.get("confidential_location") or not address:
        return []
    street_line = _normalized(address.split(",")[0])
    needles = {street_line, _normalized(address)}
    words = [word for word in street_line.split() if re.fullmatch(r"\w+", word)]
    if len(words) >= 2 and re.fullmatch(r"\d+[a-z]?", words[0]):
        rest = words[1:]
        if len(rest) > 1 and rest[0] in _DIRECTIONS:
            needles.add(f" {words[0]} {rest[0]} {rest[1]} ")
            rest = rest[1:]
        needles.add(f" {words[0]} {rest[0]} ")
    return [
        name
        for name in PUBLIC_TEXT_FIELDS
        if any(needle in _normalized(values.get(name) or "") for needle in needles if needle.strip())
    ]


def measured_from_county_centre(values: dict[str, Any]) -> bool:
    """A confidential listing whose town is not a known New Mexico town."""
    return bool(values.get("confidential_location")) and not geo.is_known_town(values.get("city") or "")
