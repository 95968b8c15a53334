"""Our Spanish formats (config/formats/es): the 12-hour clock and dates written out."""

import datetime

from django.template import Context, Template
from django.utils import translation


def render(text: str, **context) -> str:
    return Template("{% load i18n %}" + text).render(Context(context))


def test_spanish_times_are_on_the_12_hour_clock_like_the_english_ones():
    times = [datetime.time(14, 0), datetime.time(9, 30), datetime.time(0, 0), datetime.time(12, 0)]
    with translation.override("es"):
        spanish = [render('{{ t|time:"TIME_FORMAT" }}', t=t) for t in times]
    with translation.override("en"):
        english = [render('{{ t|time:"TIME_FORMAT" }}', t=t) for t in times]

    assert spanish == ["2:00\xa0p.\xa0m.", "9:30\xa0a.\xa0m.", "12:00\xa0a.\xa0m.", "12:00\xa0p.\xa0m."]
    assert english == ["2 p.m.", "9:30 a.m.", "midnight", "noon"]


def test_spanish_dates_are_written_out():
    with translation.override("es"):
        assert render('{{ d|date:"DATE_FORMAT" }}', d=datetime.date(2026, 9, 28)) == "28 de septiembre de 2026"
