"""Phone numbers: stored as E.164 (+15055550100), or as digits for an SMS short code."""

import functools
import re

import phonenumbers

SHORT_CODE = re.compile(r"^\d{5,6}$")


class PhoneError(ValueError):
    pass


def normalize_phone(text: str, *, allow_short_code: bool = False) -> str:
    """Any common US format to E.164; '233733' stays a short code where one is allowed."""
    text = text.strip()
    if allow_short_code and SHORT_CODE.match(text):
        return text
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        raise PhoneError(f"{text!r} is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(f"{text!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=10_000)  # listings' own numbers: twenty on each results page
def display_number(stored: str) -> str:
    """'+15055550100' -> '(505) 555-0100'; short codes as they are."""
    if SHORT_CODE.match(stored):
        return stored
    try:
        number = phonenumbers.parse(stored, "US")
    except phonenumbers.NumberParseException:
        return stored
    if number.country_code == 1:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
