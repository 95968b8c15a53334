"""rules/fields.py: one parser per field, the same for the imports and the forms."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise

from directory.rules import fields
from directory.rules.fields import FieldError
from directory.rules.hours import Interval

TODAY = datetime.date(2025, 6, 11)


def message(parse, *args, **kwargs) -> str:
    with pytest.raises(FieldError) as refused:
        parse(*args, **kwargs)
    return str(refused.value)


@pytest.mark.parametrize("written", ["spa", "SPA", "es", " Es ", "Spanish", "español", "ESPAÑOL"])
def test_every_way_of_writing_spanish_is_the_one_spanish(written):
    assert fields.language_codes(written) == ["es"]


@pytest.mark.parametrize(("written", "stored"), [("nav", "nv"), ("NV", "nv"), ("ger", "de"), ("kee", "kee")])
def test_a_language_code_is_stored_as_its_two_letters_where_it_has_them(written, stored):
    assert fields.language_code(written) == stored


def test_a_list_of_languages_keeps_its_order_and_each_language_once():
    assert fields.language_codes("nv; spa, es; Navajo; en") == ["nv", "es", "en"]
    assert fields.language_codes("") == []


def test_every_unknown_language_is_named_in_the_one_message():
    assert message(fields.language_codes, "es; xx") == (
        "We do not know the language “xx”: give its ISO 639 code, such as “es” or “nv”, or its name."
    )
    assert message(fields.language_codes, "qq; es; Elvish").startswith("We do not know the languages “qq”, “Elvish”:")


def test_a_language_code_field_takes_codes_not_names():
    assert message(fields.language_code, "Spanish") == "“Spanish” is not an ISO 639 language code such as “es” or “nv”."


def test_a_zip_code_is_five_digits_in_new_mexico():
    assert fields.zip_code(" 87571 ") == "87571"
    assert fields.zip_code("") == ""
    for refused in ("8757", "87571-1234", "10001", "８７５７１"):
        assert message(fields.zip_code, refused) == f"“{refused}” is not a New Mexico ZIP code of 5 digits."


def test_a_website_without_a_scheme_is_https():
    assert fields.website("example.org") == "https://example.org"
    assert fields.website("http://example.org/help") == "http://example.org/help"
    assert fields.website("") == ""
    for refused in ("not a web site", "ftp://example.org", "https://exa mple.org"):
        assert message(fields.website, refused) == f"“{refused}” is not a web address such as https://example.org."


def test_a_value_longer_than_its_column_is_refused():
    assert message(fields.website, "example.org/" + "a" * 200, max_length=200).endswith(
        "is longer than 200 characters (220)."
    )
    assert message(fields.text, "x" * 201, max_length=200) == f"“{'x' * 60}…” is longer than 200 characters (201)."


def test_an_email_address():
    assert fields.email(" help@example.org ") == "help@example.org"
    assert message(fields.email, "help@") == "“help@” is not an email address."


def test_coordinates_are_decimal_degrees_within_new_mexico():
    assert fields.latitude(" 35.6870 ") == 35.687
    assert fields.latitude("+36") == 36.0
    assert fields.latitude(35.5) == 35.5  # as a form's FloatField gives it
    assert fields.longitude("-105.9378") == -105.9378


@pytest.mark.parametrize("written", ["north", "40.7", "nan", "inf", "1_0", "3.5e1", "-35.5"])
def test_a_latitude_outside_new_mexico_or_not_a_number_has_one_message(written):
    assert message(fields.latitude, written) == (
        f"“{written}” is not a latitude in New Mexico: decimal degrees from 31.3 to 37.1."
    )


def test_a_longitude_with_its_sign_forgotten_is_refused():
    assert message(fields.longitude, "105.9") == (
        "“105.9” is not a longitude in New Mexico: decimal degrees from -109.1 to -103.0."
    )
    assert fields.longitude("") is None
    assert fields.latitude(None) is None


def test_phones_are_stored_as_e164_and_a_short_code_only_for_text():
    assert fields.phone("(505) 555-0100") == "+15055550100"
    assert fields.phone("233733", short_code=True) == "233733"
    assert fields.phone("") == ""
    assert message(fields.phone, "233733") == "“233733” is not a US phone number such as (505) 555-0100."
    assert message(fields.phone, "12", short_code=True) == (
        "“12” is not a US phone number such as (505) 555-0100, or an SMS short code such as 233733."
    )


def test_hours_say_which_part_is_wrong():
    hours = fields.weekly_hours("Mon-Tue 09:00-17:00; Fri 20:00-02:00")
    assert [i.weekday for i in hours.intervals] == [0, 1, 4]
    assert fields.weekly_hours("24/7").always_open
    assert message(fields.weekly_hours, "Mon-Fri 9 to 5") == (
        "“Mon-Fri 9 to 5” is not like “Mon-Fri 09:00-17:00; Sat 10:00-14:00”, “Fri 20:00-02:00” or “24/7”."
    )
    assert message(fields.weekly_hours, "Mon 25:00-26:00") == "“25:00” is not a time of day from 00:00 to 23:59."
    assert message(fields.weekly_hours, "Mon-Fri 09:00-09:00") == (
        "“Mon-Fri 09:00-09:00” opens and closes at the same time: for always open, use “24/7”."
    )


def test_a_time_of_day_and_one_days_interval():
    assert fields.time_of_day("17:30:00") == datetime.time(17, 30)
    assert fields.time_of_day("24:00") == datetime.time(0, 0)
    assert message(fields.time_of_day, "9am") == "“9am” is not a time of day from 00:00 to 23:59."
    nine = datetime.time(9, 0)
    assert fields.opening_interval(4, datetime.time(20, 0), datetime.time(2, 0)) == Interval(
        4, datetime.time(20, 0), datetime.time(2, 0)
    )
    assert message(fields.opening_interval, 0, nine, nine) == (
        "“Mon 09:00-09:00” opens and closes at the same time: for always open, use “24/7”."
    )


def test_a_date_is_iso_and_not_in_the_future():
    assert fields.past_date("2025-06-11", today=TODAY) == TODAY
    assert fields.past_date("", today=TODAY) is None
    for refused in ("06/01/2025", "2025-02-30", "2025-06-12"):
        assert message(fields.past_date, refused, today=TODAY) == (
            f"“{refused}” is not a date like 2025-01-31 (YYYY-MM-DD), today or earlier."
        )


def test_yes_no_and_choices():
    assert (fields.yes_no("YES"), fields.yes_no("no"), fields.yes_no("")) == (True, False, False)
    assert message(fields.yes_no, "y") == "“y” is not yes or no."
    assert fields.choice("Free", ["", "free", "fee"]) == "free"
    assert fields.choice("", ["free"]) == ""
    assert message(fields.choice, "cheap", ["", "fee", "free"]) == "“cheap” is not one of: fee, free."


def test_the_one_message_is_a_value_error_for_the_imports_and_a_validation_error_for_the_forms():
    with pytest.raises(FieldError) as refused:
        fields.zip_code("10001")
    assert isinstance(refused.value, ValueError) and isinstance(refused.value, ValidationError)
    assert refused.value.messages == ["“10001” is not a New Mexico ZIP code of 5 digits."]

    class ZipForm(forms.Form):
        zip = forms.CharField()

        def clean_zip(self) -> str:
            return fields.zip_code(self.cleaned_data["zip"])

    form = ZipForm({"zip": "10001"})
    assert not form.is_valid()
    assert form.errors["zip"] == ["“10001” is not a New Mexico ZIP code of 5 digits."]


def test_the_message_is_translated_where_it_is_shown_not_where_it_is_raised():
    with translation.override("es"):
        with pytest.raises(FieldError) as refused:
            fields.yes_no("y")
    assert isinstance(refused.value.message, Promise)  # gettext_lazy: read in the language of the moment
    assert str(refused.value) == "“y” is not yes or no."


def test_a_long_value_is_quoted_short():
    assert message(fields.zip_code, "1" * 100) == f"“{'1' * 60}…” is not a New Mexico ZIP code of 5 digits."
