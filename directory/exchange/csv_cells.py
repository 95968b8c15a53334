"""The CSV import's cell parsers: text in, value out, ValueError with a message for the
person fixing the sheet. Each one turns a blank cell into the field's default. The
fields' own parsers are rules/fields.py's, shared with the HSDS import and the forms;
here only the columns that name our vocabularies by slug, and the shortcuts that make
a re-import fast."""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from django.db import models

from directory.models import (
    County,
    Listing,
    Organization,
    Phone,
    Population,
    ServiceType,
)
from directory.rules import fields as parse

PHONE_COLUMNS = {"phone": Phone.Kind.VOICE, "text": Phone.Kind.TEXT, "tty": Phone.Kind.TTY}
STATEWIDE = "statewide"
IMPORT_STATUSES = (Listing.Status.DRAFT, Listing.Status.PUBLISHED)

T = TypeVar("T")


@dataclass(frozen=True)
class Vocabulary:
    """The slugs of the fixed vocabularies (slug -> slug, what the cell parsers give back
    for a known slug), loaded once per import."""

    service_types: dict[str, str]
    counties: dict[str, str]
    populations: dict[str, str]

    @classmethod
    def load(cls) -> "Vocabulary":
        def slugs(model: type[models.Model]) -> dict[str, str]:
            return {slug: slug for slug in model.objects.values_list("slug", flat=True)}

        return cls(service_types=slugs(ServiceType), counties=slugs(County), populations=slugs(Population))




# "(505) 555-0100", "505.555.0100", "+1 505 555 0100": the forms phonenumbers reads as +1 and ten digits.
PLAIN_US_NUMBER = re.compile(r"(?:\+?1[\s.-]*)?\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})")


@dataclass(frozen=True)
class StoredValues:
    """Phone numbers and web addresses already stored, so already checked when they were.

    Checking them again (phonenumbers' metadata, Django's URL validator) is most of the
    time a re-import of an unchanged sheet would take; a value that is not stored as it
    is written is checked in full.
    """

    phones: frozenset[str]
    websites: frozenset[str]

    @classmethod
    def load(cls) -> "StoredValues":
        return cls(
            phones=frozenset(Phone.objects.values_list("number", flat=True)),
            websites=frozenset(Listing.objects.exclude(website="").values_list("website", flat=True)),
        )

    def shortcut(self, column: str, parse: Callable[[str], Any]) -> Callable[[str], Any]:
        if column in PHONE_COLUMNS:

            def parse_phone(text: str) -> str:
                match = PLAIN_US_NUMBER.fullmatch(text)
                if match and (number := "+1" + "".join(match.groups())) in self.phones:
                    return number
                return parse(text)

            return parse_phone
        if column == "website":
            return lambda text: text if text in self.websites else parse(text)
        return parse


def once_per_value(parse: Callable[[str], T]) -> Callable[[str], T]:
    """`parse`, run once per distinct text of an import: most cells repeat (slugs, hours,
    dates, yes/no), and re-importing 20,000 rows must take seconds. Values are not mutated."""
    results: dict[str, T | ValueError] = {}

    def parse_once(text: str) -> T:
        if text not in results:
            try:
                results[text] = parse(text)
            except ValueError as error:
                results[text] = error
        result = results[text]
        if isinstance(result, ValueError):
            raise result
        return result

    return parse_once


def cell_parsers(vocabulary: Vocabulary, *, today: datetime.date) -> dict[str, Callable[[str], Any]]:
    return {
        "external_id": partial(parse.text, max_length=column_length(Listing, "external_id")),
        "organization": partial(parse.text, max_length=column_length(Organization, "name")),
        "name": partial(parse.text, max_length=column_length(Listing, "name")),
        "description": parse.text,
        "description_es": parse.text,
        "service_types": partial(_slug_list, known=vocabulary.service_types, noun="service type"),
        "counties_served": partial(_counties_served, counties=vocabulary.counties),
        "county": partial(_slug, known=vocabulary.counties, noun="county"),
        "address": partial(parse.text, max_length=column_length(Listing, "address")),
        "city": partial(parse.text, max_length=column_length(Listing, "city")),
        "zip": parse.zip_code,
        "confidential_location": parse.yes_no,
        "latitude": parse.latitude,
        "longitude": parse.longitude,
        "phone": parse.phone,
        "text": partial(parse.phone, short_code=True),
        "tty": parse.phone,
        "hotline_24_7": parse.yes_no,
        "hours": parse.weekly_hours,
        "languages": parse.language_codes,
        "populations": partial(_slug_list, known=vocabulary.populations, noun="population"),
        "website": partial(parse.website, max_length=column_length(Listing, "website")),
        "email": partial(parse.email, max_length=column_length(Listing, "email")),
        "fees": partial(parse.choice, choices=Listing.Fees.values),
        "eligibility": parse.text,
        "eligibility_es": parse.text,
        "status": _status,
        "last_verified": partial(parse.past_date, today=today),
    }


def column_length(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


def _split(text: str) -> list[str]:
    return list(dict.fromkeys(item.strip().lower() for item in text.split(parse.LIST_SEPARATOR) if item.strip()))


def _unknown(items: list[str], noun: str, known: Iterable[str]) -> ValueError:
    quoted = ", ".join(repr(item) for item in items)
    verb = "is not a" if len(items) == 1 else "are not"
    plural = noun if len(items) == 1 else f"{noun}s"
    return ValueError(f"{quoted} {verb} {plural} (use: {', '.join(sorted(known))})")


def _slug_list(text: str, *, known: dict[str, int], noun: str) -> list[int]:
    slugs = _split(text)
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise _unknown(unknown, noun, known)
    return [known[slug] for slug in slugs]


def _slug(text: str, *, known: dict[str, int], noun: str) -> int | None:
    if not text:
        return None
    if text.lower() not in known:
        raise _unknown([text], noun, known)
    return known[text.lower()]


def _counties_served(text: str, *, counties: dict[str, int]) -> tuple[bool, list[int]]:
    """(statewide, county ids)."""
    slugs = _split(text)
    if STATEWIDE in slugs:
        if len(slugs) > 1:
            raise ValueError(f"{STATEWIDE!r} cannot be combined with county slugs")
        return True, []
    return False, _slug_list(text, known=counties, noun="county")


def _status(text: str) -> str:
    return parse.choice(text, choices=IMPORT_STATUSES) or Listing.Status.DRAFT


