"""A confidential listing's street address found in its own public text (what reviewers are warned of)."""

import pytest

from directory.listings.confidentiality import address_in_public_text

SECRET = {"confidential_location": True, "address": "1234 Camino del Monte Sol NW, Suite 5"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Come to 1234 Camino del Monte Sol NW for intake.", True),
        ("We are at 1234  CAMINO del monte sol nw, suite 5.", True),
        ("Find us at 1234 Camino, behind the church.", True),
        ("Our phone is 505-555-1234; camino tours on Sundays.", False),
        ("Serving Santa Fe County since 1234.", False),
        ("", False),
    ],
    ids=["street-line", "case-and-spacing", "number-and-street-name", "number-elsewhere", "number-alone", "empty"],
)
def test_the_address_is_found_in_public_text(text, found):
    assert (address_in_public_text({**SECRET, "description": text}) == ["description"]) is found


def test_a_direction_before_the_street_name_is_understood():
    values = {"confidential_location": True, "address": "200 N Main St", "eligibility": "Walk in at 200 N Main."}

    assert address_in_public_text(values) == ["eligibility"]


def test_every_public_text_field_is_checked():
    text = "1234 Camino del Monte Sol NW"
    values = {**SECRET, "name": text, "description": text, "description_es": text, "eligibility": text}

    assert address_in_public_text(values) == ["name", "description", "description_es", "eligibility"]


def test_a_public_location_or_an_empty_address_gives_no_warning():
    text = {"description": "1234 Camino del Monte Sol NW"}

    assert address_in_public_text({**SECRET, **text, "confidential_location": False}) == []
    assert address_in_public_text({**SECRET, **text, "address": ""}) == []
