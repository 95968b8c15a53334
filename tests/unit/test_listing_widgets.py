"""listing_widgets.py: languages by name, hours as a row per day."""

import pytest
from django import forms
from django.utils import translation

from directory.listings.widgets import (
    HoursWidget,
    LanguagesField,
    picker_names,
)
from directory.rules.languages import code_for


@pytest.mark.parametrize(
    ("text", "code"),
    [("Navajo", "nv"), ("navajo", "nv"), ("Zuñi", "zun"), ("zuni", "zun"), ("Tewa", "tew"), ("Eastern Keres", "kee"),
     ("keres oriental", "kee"), ("español", "es"), ("Spanish", "es"), ("es", "es"), ("spa", "es"), ("French", "fr"),
     ("Klingonese", None)],
)
def test_a_language_is_known_by_its_english_or_spanish_name_or_its_code(text, code):
    assert code_for(text) == code


def test_the_picker_offers_names_in_the_pages_language_and_the_other():
    with translation.override("en"):
        english = picker_names()
    with translation.override("es"):
        spanish = picker_names()

    assert {"Navajo", "Tewa", "Zuni", "Eastern Keres", "Spanish", "Español"} <= set(english)
    assert {"Navajo", "Zuñi", "Keres oriental", "Español", "Inglés", "English"} <= set(spanish)


def test_the_languages_field_gives_sorted_codes_and_names_what_it_does_not_know():
    field = LanguagesField(required=False)

    assert field.clean("Navajo; english, es") == ["en", "es", "nv"]
    assert field.clean("spa; SPA; Spanish; nav") == ["es", "nv"]
    with pytest.raises(forms.ValidationError, match="Klingonese"):
        field.clean("English; Klingonese")


def rows(**data) -> str:
    return HoursWidget().value_from_datadict(data, {}, "hours")


def test_the_rows_make_the_text_syntax_overnight_included():
    assert rows(hours_0_open="on", hours_0_opens="09:00", hours_0_closes="17:00", hours_5_opens="20:00",
                hours_5_closes="02:00") == "Mon 09:00-17:00; Sat 20:00-02:00"


def test_typed_text_wins_over_the_rows_and_24_7_over_days():
    assert rows(hours="Tue 10:00-12:00", hours_0_open="on", hours_0_opens="09:00", hours_0_closes="17:00") == (
        "Tue 10:00-12:00"
    )
    assert rows(hours_always="on", hours_0_opens="09:00", hours_0_closes="17:00") == "24/7"


def test_an_open_day_without_times_is_marked_for_the_form_to_refuse():
    assert "--:--" in rows(hours_0_open="on")


def test_the_editor_shows_one_interval_a_day_as_rows_and_anything_else_as_text():
    widget = HoursWidget()

    simple = widget.get_context("hours", "Mon 09:00-17:00; Sat 20:00-02:00", {"id": "id_hours"})["widget"]
    assert (simple["rows"][0]["opens"], simple["rows"][5]["closes"], simple["text"]) == ("09:00", "02:00", "")
    split = widget.get_context("hours", "Mon 09:00-12:00; Mon 13:00-17:00", {"id": "id_hours"})["widget"]
    assert split["text"] == "Mon 09:00-12:00; Mon 13:00-17:00" and not split["rows"][0]["open"]
    always = widget.get_context("hours", "24/7", {"id": "id_hours"})["widget"]
    assert always["always"] and always["text"] == ""
