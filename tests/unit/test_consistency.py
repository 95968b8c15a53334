"""consistency.py: the checks every write path shares."""

import pytest
from django.utils import translation

from directory.listings.consistency import ERROR, WARNING, listing_problems
from directory.rules.hours import parse_hours


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def problems(**values) -> list[tuple[str, str]]:
    return [(problem.field, problem.severity) for problem in listing_problems(values)]


def test_a_consistent_listing_has_no_problems():
    values = {
        "service_types": ["shelter"],
        "phone": ["+15055550100"],
        "text": ["233733"],
        "hotline_24_7": True,
        "hours": "24/7",
        "languages": ["en", "es"],
        "description_es": "Refugio.",
        "confidential_location": True,
        "city": "Taos",
        "website": "https://example.org/",
        "email": "help@example.org",
    }

    assert listing_problems(values) == []


def test_answering_24_7_with_weekday_hours_is_a_contradiction():
    assert problems(hotline_24_7=True, hours="Mon-Fri 09:00-17:00") == [("hotline_24_7", ERROR)]


def test_answering_24_7_with_hours_24_7_or_none_is_fine():
    assert problems(hotline_24_7=True, hours="24/7") == []
    assert problems(hotline_24_7=True, hours="") == []


def test_the_importers_parsed_hours_are_understood_too():
    assert problems(hotline_24_7=True, hours=parse_hours("Sat 10:00-14:00")) == [("hotline_24_7", ERROR)]


@pytest.mark.parametrize(
    ("hours", "days"),
    [
        ("Mon 09:00-17:00; Mon 12:00-13:00", "Mon"),
        ("Fri 20:00-02:00; Sat 01:00-05:00", "Sat"),
        ("Sun 22:00-03:00; Mon 02:00-04:00", "Mon"),
    ],
)
def test_overlapping_hours_are_refused_overnight_and_across_the_week_end_too(hours, days):
    (problem,) = listing_problems({"hours": hours})

    assert (problem.field, problem.severity) == ("hours", ERROR)
    assert days in problem.message


def test_hours_that_touch_do_not_overlap():
    assert problems(hours="Mon 09:00-12:00; Mon 12:00-17:00; Fri 20:00-02:00; Sat 02:00-06:00") == []


def test_a_shelter_without_a_phone_is_a_warning():
    assert problems(service_types=["shelter"], phone=[]) == [("phone", WARNING)]
    assert problems(service_types=["legal-aid"], phone=[]) == []


def test_a_confidential_listing_in_an_unknown_town_is_a_warning():
    assert problems(confidential_location=True, city="Nowhereville") == [("city", WARNING)]
    assert problems(confidential_location=True, city="Española") == []
    assert problems(confidential_location=False, city="Nowhereville") == []


def test_a_spanish_speaking_service_needs_a_spanish_description():
    assert problems(languages=["es"], description_es="") == [("description_es", WARNING)]
    assert problems(languages=["en"], description_es="") == []


def test_a_text_only_short_code_cannot_be_a_number_to_call():
    assert problems(phone=["233733"], tty=["+15055550100"]) == [("phone", ERROR)]
    assert problems(text=["233733"]) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("website", "example"), ("website", "ftp://example.org"), ("website", "https://exa mple.org"), ("email", "help@")],
)
def test_malformed_websites_and_emails_are_refused(field, value):
    assert problems(**{field: value}) == [(field, ERROR)]


def test_fields_that_are_not_given_are_not_checked():
    assert listing_problems({"service_types": ["shelter"]}) == []
