"""The search form: PRODUCT.md's search parameters, validated in one place for the
results page and the API alike.

It is a plain Django form that only validates: run_search() (query.py) needs the
parameters all at once (a distance needs `near` and `radius`, the default order depends
on `q` and `near`, and the facet counts start from the text match before any filter),
so no field filters anything by itself. Each field is also the API's documentation of
its parameter: the API's filter backend (directory/api/filters.py) turns the fields into
OpenAPI parameters, with each field's help text as the description.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from directory.rules import geo, vocab
from directory.rules.languages import canonical_code, is_language_code
from directory.search.query import (
    DEFAULT_RADIUS,
    MAX_QUERY_LENGTH,
    MAX_RADIUS,
    RESULTS_PER_PAGE,
    Sort,
)

# What a language code looks like (ISO 639-1 or 639-3); is_language_code() says if it is one.
LANGUAGE_CODE = r"^[a-z]{2,3}$"
MAX_PLACE_LENGTH = 60


def _shown(value: str) -> str:
    """A bad value as quoted back in a message: long enough to recognise, never a wall."""
    return value if len(value) <= 40 else value[:40] + "…"


def _unknown(what: str) -> dict[str, str]:
    return {"invalid_choice": what, "invalid_list": _("Enter a list of values.")}


class LanguageCodesField(forms.MultipleChoiceField):
    """Any ISO 639 code is valid, so there is no fixed list of choices (the filter form
    offers only the languages in use): each code must look like one and be one."""

    pattern = LANGUAGE_CODE

    def to_python(self, value) -> list[str]:
        # As stored: "spa" and "SPA" look for the listings in "es", Spanish.
        return [canonical_code(code) or code.strip().lower() for code in super().to_python(value)]

    def valid_value(self, value: str) -> bool:
        return bool(re.fullmatch(self.pattern, value)) and is_language_code(value)


class MilesField(forms.IntegerField):
    """A whole number of miles from 1 to MAX_RADIUS; messages quote the value typed."""

    def __init__(self, **kwargs) -> None:
        super().__init__(min_value=1, max_value=MAX_RADIUS, **kwargs)

    def to_python(self, value) -> int | None:
        value = str(value or "").strip()
        if not value:
            return None
        if not re.fullmatch(r"[0-9]{1,6}", value):
            raise ValidationError(
                _("“%(value)s” is not a whole number of miles."), code="invalid", params={"value": _shown(value)}
            )
        miles = int(value)
        if not self.min_value <= miles <= self.max_value:
            raise ValidationError(
                _("“%(value)s” is out of range: the distance must be from 1 mile to %(max)s miles."),
                code="out_of_range",
                params={"value": value, "max": self.max_value},
            )
        return miles


class PageField(forms.IntegerField):
    """A page number in ASCII digits ("²" is a digit to str.isdigit() but not to int())."""

    def __init__(self, **kwargs) -> None:
        super().__init__(min_value=1, **kwargs)

    def to_python(self, value) -> int | None:
        value = str(value or "").strip()
        if not value:
            return None
        if not re.fullmatch(r"[0-9]{1,9}", value) or int(value) < 1:
            raise ValidationError(
                _("There is no page “%(page)s” of these results."), code="invalid", params={"page": _shown(value)}
            )
        return int(value)


NOT_ALLOWED = {"null_characters_not_allowed": _("The search contains a character that is not allowed.")}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("What do you need?"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages=NOT_ALLOWED,
        help_text=_("Free text in English or Spanish; accents and small typos are forgiven."),
    )
    county = forms.MultipleChoiceField(
        label=_("County"),
        choices=list(vocab.COUNTIES.items()),
        required=False,
        error_messages=_unknown(_("Unknown county “%(value)s”.")),
        help_text=_("A county, repeatable (any of): the listings serving it, statewide listings included."),
    )
    service_type = forms.MultipleChoiceField(
        label=_("Type of service"),
        choices=list(vocab.SERVICE_TYPES.items()),
        required=False,
        error_messages=_unknown(_("Unknown type of service “%(value)s”.")),
        help_text=_("A type of service, repeatable (any of)."),
    )
    language = LanguageCodesField(
        label=_("Language"),
        required=False,
        error_messages=_unknown(_("Unknown language code “%(value)s” (use ISO 639 codes such as es or nv).")),
        help_text=_(
            "A language the service is offered in, as an ISO 639 code such as es, nv or kee; repeatable (any of)."
        ),
    )
    population = forms.MultipleChoiceField(
        label=_("Who it serves"),
        choices=list(vocab.POPULATIONS.items()),
        required=False,
        error_messages=_unknown(_("Unknown group “%(value)s”.")),
        help_text=_("Who the service is for, repeatable (any of)."),
    )
    near = forms.CharField(
        label=_("Near (ZIP code or town)"),
        max_length=MAX_PLACE_LENGTH,
        required=False,
        error_messages={"null_characters_not_allowed": _("Enter a New Mexico ZIP code or town name.")},
        help_text=_(
            "A New Mexico ZIP code, city or town; case and accents are ignored. Results are the listings within "
            "the radius and those serving the place’s county, nearest first, each with its distance."
        ),
    )
    radius = MilesField(
        label=_("Within (miles)"),
        required=False,
        help_text=format_lazy(
            _("Miles from the place given in “near”, which it needs: from 1 to {max}, {default} if left empty."),
            max=MAX_RADIUS,
            default=DEFAULT_RADIUS,
        ),
    )
    open_now = forms.ChoiceField(
        label=_("Open now"),
        choices=[("1", _("Open now"))],
        required=False,
        error_messages=_unknown(_("open_now must be 1, not “%(value)s”.")),
        help_text=_(
            "1: open at this moment in New Mexico time. Listings that answer 24/7 count; "
            "listings with unknown hours do not."
        ),
    )
    fees = forms.ChoiceField(
        label=_("Cost"),
        choices=list(vocab.FEES.items()),
        required=False,
        error_messages=_unknown(_("Unknown cost “%(value)s” (use free, sliding-scale or fee).")),
        help_text=_("What the service costs."),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=Sort.CHOICES,
        required=False,
        error_messages=_unknown(_("Unknown sort order “%(value)s”.")),
        help_text=_(
            "Order of the results. By default: distance with a place, else best match with search words, "
            "else name. “verified” puts the most recently verified first; “distance” needs a place."
        ),
    )
    # Validated here so that every bad value is reported alike; only the result count
    # says whether a page exists, so the results page and the API check that themselves.
    page = PageField(
        label=_("Page"),
        required=False,
        help_text=format_lazy(_("Page of the results, {per_page} a page."), per_page=RESULTS_PER_PAGE),
    )

    def __init__(self, data: QueryDict | None = None, **kwargs) -> None:
        if data is not None:
            # An empty value means "any": the home page's "Any county" option sends county=.
            data = data.copy()
            for key in list(data):
                values = [value for value in data.getlist(key) if value != ""]
                if values:
                    data.setlist(key, values)
                else:
                    del data[key]
        super().__init__(data, **kwargs)
        # How `near` was understood (a misspelling, a place over the state line...), for
        # the note on the results, or the place to suggest when it was not understood.
        self.place_answer: geo.PlaceAnswer | None = None

    @property
    def place(self) -> geo.Place | None:
        """The place `near` names (after is_valid()), or None."""
        return self.place_answer.place if self.place_answer else None

    def clean_near(self) -> str:
        near = self.cleaned_data["near"]
        if not near:
            return near
        if re.fullmatch(r"[\d\s-]+", near) and not re.fullmatch(r"\d{5}(?:-?\d{4})?", near):
            raise ValidationError(
                _("“%(value)s” is not a ZIP code (use 5 digits)."), code="invalid_zip", params={"value": near}
            )
        self.place_answer = geo.understand_place(near)
        if self.place_answer.place:
            return near
        if re.fullmatch(r"[\d-]+", near):
            raise ValidationError(
                _("“%(value)s” is not a New Mexico ZIP code."), code="unknown_zip", params={"value": near}
            )
        raise ValidationError(
            _("We don't know a New Mexico town called “%(value)s”."),
            code="unknown_place",
            params={"value": _shown(near)},
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        # A `near` with an error of its own has said what is wrong; these would only repeat it.
        without_place = not cleaned.get("near") and "near" not in self.errors
        if cleaned.get("radius") is not None and without_place:
            self.add_error("radius", _("A distance needs a place: fill in “Near” too."))
        if cleaned.get("sort") == Sort.DISTANCE and without_place:
            self.add_error("sort", _("Sorting by distance needs a place: fill in “Near” too."))
        return cleaned
