"""A listing's values: the one representation that proposals store, diffs compare and
the proposal form edits. Plain JSON: slugs for vocabularies, E.164 numbers, hours in
the import format, so that a proposal still reads correctly years later."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.listings.confidentiality import address_in_public_text
from directory.listings.consistency import listing_problems
from directory.models import Listing, Phone
from directory.rules import vocab
from directory.rules.hours import ALWAYS, format_hours
from directory.rules.languages import language_name
from directory.rules.phones import display_number

SCALAR_FIELDS = (
    *("name", "description", "description_es", "statewide", "fees", "address", "city", "zip"),
    *("latitude", "longitude", "confidential_location", "hotline_24_7", "website", "email", "eligibility"),
    "eligibility_es",
)


# Many-to-many field -> the attribute that identifies a related row.
M2M_FIELDS = {"service_types": "slug", "counties_served": "slug", "languages": "code", "populations": "slug"}


PHONE_FIELDS = {"phone": Phone.Kind.VOICE, "text": Phone.Kind.TEXT, "tty": Phone.Kind.TTY}


FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "description": gettext_lazy("Description (English)"),
    "description_es": gettext_lazy("Description (Spanish)"),
    "service_types": gettext_lazy("Services"),
    "statewide": gettext_lazy("Serves all of New Mexico"),
    "counties_served": gettext_lazy("Counties served"),
    "fees": gettext_lazy("Cost"),
    "address": gettext_lazy("Street address"),
    "city": gettext_lazy("City"),
    "zip": gettext_lazy("ZIP code"),
    "county": gettext_lazy("County"),
    "latitude": gettext_lazy("Latitude"),
    "longitude": gettext_lazy("Longitude"),
    "confidential_location": gettext_lazy("Confidential location"),
    "phone": gettext_lazy("Phone"),
    "text": gettext_lazy("Text (SMS)"),
    "tty": gettext_lazy("TTY"),
    "hotline_24_7": gettext_lazy("Answers 24/7"),
    "hours": gettext_lazy("Hours"),
    "website": gettext_lazy("Website"),
    "email": gettext_lazy("Email"),
    "languages": gettext_lazy("Languages"),
    "populations": gettext_lazy("Who it serves"),
    "eligibility": gettext_lazy("Who can use it (English)"),
    "eligibility_es": gettext_lazy("Who can use it (Spanish)"),
}


def listing_values(listing: Listing) -> dict[str, Any]:
    """Every field an advocate may propose a change to (prefetch as for_detail() does)."""
    values: dict[str, Any] = {name: getattr(listing, name) for name in SCALAR_FIELDS}
    values["county"] = listing.county.slug if listing.county_id else ""
    for name, key in M2M_FIELDS.items():
        values[name] = sorted(getattr(item, key) for item in getattr(listing, name).all())
    phones = list(listing.phones.all())
    for name, kind in PHONE_FIELDS.items():
        values[name] = sorted(phone.number for phone in phones if phone.kind == kind)
    if listing.open_24_7:
        values["hours"] = ALWAYS
    else:
        values["hours"] = format_hours(sorted(listing.hours.all(), key=lambda i: (i.weekday, i.opens, i.closes)))
    return {name: values[name] for name in FIELD_LABELS}


def display_value(field: str, value: Any) -> str:
    """A value as a reviewer or advocate reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    names = {
        "service_types": vocab.SERVICE_TYPES,
        "populations": vocab.POPULATIONS,
        "counties_served": vocab.COUNTIES,
        "county": vocab.COUNTIES,
        "fees": vocab.FEES,
    }.get(field)
    items = value if isinstance(value, list) else [value]
    if names is not None:
        items = [str(names.get(item, item)) for item in items]
    elif field in PHONE_FIELDS:
        items = [display_number(item) for item in items]
    elif field == "languages":
        items = [language_name(item) for item in items]
    return "; ".join(str(item) for item in items)


@dataclass(frozen=True)
class DiffRow:
    field: str
    label: str
    current: str
    proposed: str
    conflict: bool


def changed_values(*, base: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if base.get(name) != value}


def address_warning(fields: list[str]) -> str:
    labels = ", ".join(str(FIELD_LABELS[name]) for name in fields)
    return _("This listing's location is confidential, but its street address appears in: %(fields)s.") % {
        "fields": labels
    }


def review_warnings(values: dict[str, Any]) -> list[str]:
    """What a reviewer should know before these values go out: a confidential address in
    public text, and every problem consistency.py finds (its town check included)."""
    warnings = [address_warning(leaks)] if (leaks := address_in_public_text(values)) else []
    return warnings + [problem.message for problem in listing_problems(values)]
