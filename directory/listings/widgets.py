"""Form fields that speak people's language: languages chosen by name, and hours as a
row per day.

Both work without JavaScript and keep accepting what the import format accepts (codes
such as "es; nv", hours such as "Mon-Fri 09:00-17:00"), so a form posted the old way
still means the same. static/js/workbench.js only makes them quicker to use: it
completes the language being typed after a ";" and greys out a closed day's times.
"""

from collections import defaultdict
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.rules import fields as parse
from directory.rules.fields import LIST_SEPARATOR
from directory.rules.hours import ALWAYS, DAYS, HoursError, parse_hours
from directory.rules.languages import (
    NAMES,
    alphabetical_key,
    english_name,
    language_label,
)

# Offered in the picker beyond NAMES (which holds Navajo and the Pueblo languages):
# the languages most spoken at home in New Mexico after English and Spanish.
COMMON_CODES = ("zh", "vi", "de", "fr", "tl", "ko", "ja", "ru", "pt", "hi", "fa", "so", "my")

WEEKDAY_NAMES = (
    _("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")
)
# A day ticked open without both times: parse_hours() refuses it, and the form says why.
MISSING_TIME = "--:--"


def picker_names() -> list[str]:
    """The names offered as one types: each language in the page's language first, then
    in the other one where it differs (a Spanish speaker may type "Navajo" too)."""
    spanish = (get_language() or "en").startswith("es")
    names = []
    for code in (*NAMES, *COMMON_CODES):
        english, local = english_name(code), NAMES.get(code, (None, None))[1]
        own = language_label(code)
        names.append(own)
        other = english if spanish else (local[:1].upper() + local[1:] if local else None)
        if other and other != own:
            names.append(other)
    return sorted(dict.fromkeys(names), key=alphabetical_key)


class LanguagesWidget(forms.TextInput):
    template_name = "directory/widgets/languages.html"

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        attrs = {**(attrs or {}), "list": f"{name}-names", "data-language-picker": "", "autocomplete": "off"}
        context = super().get_context(name, value, attrs)
        context["widget"]["names"] = picker_names()
        return context

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, (list, tuple)):
            return f"{LIST_SEPARATOR} ".join(language_label(code) for code in value)
        return super().format_value(value)


class LanguagesField(forms.CharField):
    """Languages by name ("English; Navajo", "inglés; navajo") or code ("en; nv", "spa"),
    as sorted stored codes: rules/fields.py's language_codes(), the imports' parser."""

    widget = LanguagesWidget

    def clean(self, value: Any) -> list[str]:
        return sorted(parse.language_codes(super().clean(value) or ""))


class HoursWidget(forms.Widget):
    """A row per day (open, from, to; a "to" before "from" runs past midnight), a 24/7
    box, and the text syntax for anything else (two intervals on one day).

    The text input is named like the field, so a form posted with only `hours` (the text
    syntax, as the import writes it) means what it always meant; typed text wins over
    the rows."""

    template_name = "directory/widgets/hours.html"

    def value_from_datadict(self, data, files, name: str) -> str:
        text = (data.get(name) or "").strip()
        if text:
            return text
        if data.get(f"{name}_always"):
            return ALWAYS
        parts = []
        for day, label in enumerate(DAYS):
            opens = (data.get(f"{name}_{day}_opens") or "").strip()
            closes = (data.get(f"{name}_{day}_closes") or "").strip()
            if data.get(f"{name}_{day}_open") or opens or closes:
                parts.append(f"{label} {opens or MISSING_TIME}-{closes or MISSING_TIME}")
        return f"{LIST_SEPARATOR} ".join(parts)

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return name not in data and f"{name}_always" not in data and f"{name}_0_opens" not in data

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        text = value or ""
        always, by_day = False, defaultdict(list)
        try:
            hours = parse_hours(text)
        except HoursError:
            hours = None
        if hours is not None:
            always = hours.always_open
            for interval in hours.intervals:
                by_day[interval.weekday].append(interval)
        in_rows = hours is not None and all(len(intervals) == 1 for intervals in by_day.values())
        rows = []
        for day, label in enumerate(WEEKDAY_NAMES):
            interval = by_day[day][0] if in_rows and by_day.get(day) else None
            rows.append(
                {
                    "day": day,
                    "label": label,
                    "open": interval is not None,
                    "opens": f"{interval.opens:%H:%M}" if interval else "",
                    "closes": f"{interval.closes:%H:%M}" if interval else "",
                }
            )
        context["widget"].update(
            {"rows": rows, "always": always, "text": "" if (in_rows or always) else text}
        )
        return context
