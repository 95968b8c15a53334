"""One parser per field of a listing: text in, value out, or FieldError with the one
message that says what the field takes.

The CSV import, the HSDS import and the forms (the advocates' portal and the admin) all
call these, so that a value is accepted or refused for the same reason and stored in the
same form wherever it is typed: "spa", "SPA" and "es" are the one Spanish ("es"),
"example.org" is "https://example.org", "(505) 555-0100" is "+15055550100". A blank
value gives the field's empty value ("", None, False, []); whether a field is required
is the caller's business.

FieldError is both a ValueError, which the importers catch and report as
"row N, column C: message", and a Django ValidationError, so that a form's
clean_<field> just returns the parser's value and Django shows the message on the field.
The message is translated when it is shown: English for the import command, the page's
language in a form.
"""

import datetime
import re
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from directory.rules import geo, hours, languages, phones
from directory.rules.hours import HoursError, Interval, WeeklyHours

# New Mexico's bounding box, a little generous: it catches swapped, sign-flipped and
# out-of-state coordinates, not a point a mile over the border.
LATITUDE_RANGE = (31.3, 37.1)
LONGITUDE_RANGE = (-109.1, -103.0)
# Separates the items of a list in a cell or a text box: "es; nv".
LIST_SEPARATOR = ";"
# A value quoted back in a message: long enough to recognise, never a wall of text.
SHOWN_LENGTH = 60

_ZIP = re.compile(r"[0-9]{5}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Decimal degrees as written: no exponents, "nan", "inf" or "1_0", which float() reads.
_DEGREES = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# Django's form field for its leniency: "example.org" is taken as "https://example.org".
_URL_FIELD = forms.URLField(assume_scheme="https")

_HOURS_MESSAGES = {
    HoursError.FORMAT: _("“%(value)s” is not like “Mon-Fri 09:00-17:00; Sat 10:00-14:00”, “Fri 20:00-02:00” or “24/7”."),
    HoursError.TIME: _("“%(value)s” is not a time of day from 00:00 to 23:59."),
    HoursError.SAME: _("“%(value)s” opens and closes at the same time: for always open, use “24/7”."),
}


class FieldError(ValidationError, ValueError):
    """A value a field does not take, with its one message (value quoted as typed)."""

    def __init__(self, message: str, *, value: str, **params) -> None:
        shown = value if len(value) <= SHOWN_LENGTH else value[:SHOWN_LENGTH] + "…"
        super().__init__(message, code="invalid", params={"value": shown, **params})

    def __str__(self) -> str:
        # ValidationError's own str() is the repr of a list; the importers want the sentence.
        return str(self.message % self.params)


def text(value: str, *, max_length: int | None = None) -> str:
    value = value.strip()
    if max_length is not None and len(value) > max_length:
        raise FieldError(
            _("“%(value)s” is longer than %(max_length)s characters (%(length)s)."),
            value=value,
            max_length=max_length,
            length=len(value),
        )
    return value


def zip_code(value: str) -> str:
    """A New Mexico ZIP code of 5 digits (PRODUCT.md: ZIP+4 only where a visitor searches)."""
    value = value.strip()
    if value and not (_ZIP.fullmatch(value) and geo.is_new_mexico_zip(value)):
        raise FieldError(_("“%(value)s” is not a New Mexico ZIP code of 5 digits."), value=value)
    return value


def website(value: str, *, max_length: int | None = None) -> str:
    """An http(s) address; https:// is assumed when none is written."""
    value = value.strip()
    if not value:
        return ""
    try:
        url = _URL_FIELD.clean(value)
    except ValidationError:
        url = ""
    if not url.startswith(("https://", "http://")):  # the validator also allows ftp://
        raise FieldError(_("“%(value)s” is not a web address such as https://example.org."), value=value)
    return text(url, max_length=max_length)


def email(value: str, *, max_length: int | None = None) -> str:
    value = value.strip()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise FieldError(_("“%(value)s” is not an email address."), value=value) from None
    return text(value, max_length=max_length)


def _degrees(value: str | float | None, bounds: tuple[float, float], message: str) -> float | None:
    if value is None or value == "":
        return None
    written = value.strip() if isinstance(value, str) else str(value)
    if not written:
        return None
    degrees = float(written) if _DEGREES.fullmatch(written) else None
    low, high = bounds
    if degrees is None or not low <= degrees <= high:
        raise FieldError(message, value=written, low=low, high=high)
    return degrees


def latitude(value: str | float | None) -> float | None:
    """Decimal degrees within New Mexico. Also takes a float, as a form's FloatField gives."""
    message = _("“%(value)s” is not a latitude in New Mexico: decimal degrees from %(low)s to %(high)s.")
    return _degrees(value, LATITUDE_RANGE, message)


def longitude(value: str | float | None) -> float | None:
    message = _("“%(value)s” is not a longitude in New Mexico: decimal degrees from %(low)s to %(high)s.")
    return _degrees(value, LONGITUDE_RANGE, message)


def phone(value: str, *, short_code: bool = False) -> str:
    """Any common US format, stored as E.164; an SMS number may be a short code such as 233733."""
    value = value.strip()
    if not value:
        return ""
    try:
        return phones.normalize_phone(value, allow_short_code=short_code)
    except phones.PhoneError:
        if short_code:
            message = _("“%(value)s” is not a US phone number such as (505) 555-0100, or an SMS short code such as 233733.")
        else:
            message = _("“%(value)s” is not a US phone number such as (505) 555-0100.")
        raise FieldError(message, value=value) from None


def weekly_hours(value: str) -> WeeklyHours:
    """'Mon-Fri 09:00-17:00; Sat 10:00-14:00', overnight 'Fri 20:00-02:00', or '24/7'."""
    try:
        return hours.parse_hours(value)
    except HoursError as error:
        raise FieldError(_HOURS_MESSAGES[error.reason], value=error.text) from None


def time_of_day(value: str) -> datetime.time:
    """'09:00' or '17:30:00'."""
    try:
        return hours.parse_time(value)
    except HoursError as error:
        raise FieldError(_HOURS_MESSAGES[error.reason], value=error.text) from None


def opening_interval(weekday: int, opens: datetime.time, closes: datetime.time) -> Interval:
    """One day's interval from times already read (the admin's, HSDS's schedules)."""
    try:
        return hours.interval(weekday, opens, closes)
    except HoursError as error:
        raise FieldError(_HOURS_MESSAGES[error.reason], value=error.text) from None


def past_date(value: str, *, today: datetime.date) -> datetime.date | None:
    """YYYY-MM-DD, today or earlier (when a listing was last verified)."""
    value = value.strip()
    if not value:
        return None
    try:
        date = datetime.date.fromisoformat(value) if _DATE.fullmatch(value) else None
    except ValueError:
        date = None
    if date is None or date > today:
        raise FieldError(_("“%(value)s” is not a date like 2025-01-31 (YYYY-MM-DD), today or earlier."), value=value)
    return date


def yes_no(value: str) -> bool:
    answer = value.strip().lower() or "no"
    if answer not in ("yes", "no"):
        raise FieldError(_("“%(value)s” is not yes or no."), value=value.strip())
    return answer == "yes"


def choice(value: str, choices: Iterable[str]) -> str:
    """One of `choices`, case ignored ("" for blank)."""
    value = value.strip()
    allowed = [c for c in choices if c]
    if value and value.lower() not in allowed:
        raise FieldError(_("“%(value)s” is not one of: %(choices)s."), value=value, choices=", ".join(allowed))
    return value.lower()


def language_code(value: str) -> str:
    """An ISO 639 code, as stored: 'spa', 'SPA', ' es ' -> 'es'; 'nav' -> 'nv'; 'kee' -> 'kee'."""
    code = languages.canonical_code(value)
    if code is None:
        raise FieldError(_("“%(value)s” is not an ISO 639 language code such as “es” or “nv”."), value=value.strip())
    return code


def language_codes(value: str) -> list[str]:
    """Languages separated by ";" (or ","), each by its ISO 639 code or its English or
    Spanish name ("es; nv", "Spanish; Navajo", "español"), as stored codes in the order
    given, each once. Every unknown one is named in the one message."""
    items = [item.strip() for item in value.replace(",", LIST_SEPARATOR).split(LIST_SEPARATOR) if item.strip()]
    codes = {item: languages.code_for(item) for item in items}
    unknown = [item for item, code in codes.items() if code is None]
    if unknown:
        message = ngettext_lazy(
            "We do not know the language %(value)s: give its ISO 639 code, such as “es” or “nv”, or its name.",
            "We do not know the languages %(value)s: give their ISO 639 codes, such as “es” or “nv”, or their names.",
            "count",
        )
        raise FieldError(message, value=", ".join(f"“{item}”" for item in unknown), count=len(unknown))
    return list(dict.fromkeys(code for code in codes.values() if code))
