"""Forms for proposing and reviewing listings, and for the public's suggestions.

ListingValuesForm validates a listing's values the way the imports and the admin do:
its clean_<field> methods return rules/fields.py's parsers' values, whose one message
Django shows on the field. It turns them into review.listing_values()'s canonical form. The advocates' portal uses it to
propose a change or a new listing; the admin's review queue uses it when a reviewer
edits a proposal before approving it (resolving a conflict).
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.listings.consistency import listing_problems
from directory.listings.values import FIELD_LABELS
from directory.listings.widgets import MISSING_TIME, HoursWidget, LanguagesField
from directory.models import Listing, Organization
from directory.rules import fields as parse
from directory.rules import geo, vocab
from directory.rules.fields import LIST_SEPARATOR
from directory.rules.hours import ALWAYS, format_hours
from directory.rules.languages import language_label
from directory.rules.phones import display_number


def _split(text: str) -> list[str]:
    return list(dict.fromkeys(item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()))


def _max_length(name: str) -> int:
    return Listing._meta.get_field(name).max_length


def _choices(names: dict) -> list[tuple[str, str]]:
    return [(slug, name) for slug, name in names.items()]


class ListingValuesForm(forms.Form):
    # A new listing must say where it serves, as an imported one must; an existing one
    # may lack it (the admin allows that) without blocking every other correction.
    area_required = False
    # Reviewers may pin a listing's exact point; advocates give the address, city and
    # ZIP, and the coordinates come from the ZIP's or town's centre (never typed by hand).
    pin_allowed = True

    name = forms.CharField(label=FIELD_LABELS["name"], max_length=200)
    description = forms.CharField(label=FIELD_LABELS["description"], widget=forms.Textarea)
    description_es = forms.CharField(label=FIELD_LABELS["description_es"], widget=forms.Textarea, required=False)
    service_types = forms.MultipleChoiceField(
        label=FIELD_LABELS["service_types"], choices=_choices(vocab.SERVICE_TYPES), widget=forms.CheckboxSelectMultiple
    )
    statewide = forms.BooleanField(label=FIELD_LABELS["statewide"], required=False)
    counties_served = forms.MultipleChoiceField(
        label=FIELD_LABELS["counties_served"],
        choices=_choices(vocab.COUNTIES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    fees = forms.ChoiceField(label=FIELD_LABELS["fees"], choices=[("", "—"), *_choices(vocab.FEES)], required=False)
    address = forms.CharField(label=FIELD_LABELS["address"], max_length=200, required=False)
    city = forms.CharField(label=FIELD_LABELS["city"], max_length=100, required=False)
    zip = forms.CharField(label=FIELD_LABELS["zip"], required=False)
    county = forms.ChoiceField(
        label=FIELD_LABELS["county"],
        choices=[("", "—"), *_choices(vocab.COUNTIES)],
        required=False,
        help_text=_("Left empty, the county of the ZIP code."),
    )
    latitude = forms.FloatField(
        label=FIELD_LABELS["latitude"],
        required=False,
        help_text=_("Optional pin. Left empty, the centre of the ZIP code or town."),
    )
    longitude = forms.FloatField(label=FIELD_LABELS["longitude"], required=False)
    confidential_location = forms.BooleanField(
        label=FIELD_LABELS["confidential_location"],
        required=False,
        help_text=_("The street address and coordinates are never shown to the public."),
    )
    phone = forms.CharField(
        label=FIELD_LABELS["phone"], required=False, help_text=_("Such as (505) 555-0100; several separated by “;”.")
    )
    text = forms.CharField(
        label=FIELD_LABELS["text"], required=False, help_text=_("A phone number or an SMS short code such as 233733.")
    )
    tty = forms.CharField(label=FIELD_LABELS["tty"], required=False)
    hotline_24_7 = forms.BooleanField(label=FIELD_LABELS["hotline_24_7"], required=False)
    hours = forms.CharField(
        label=FIELD_LABELS["hours"],
        required=False,
        widget=HoursWidget,
        help_text=_("Such as “Mon-Fri 09:00-17:00; Sat 10:00-14:00”, overnight “Fri 20:00-02:00”, or “24/7”."),
    )
    # Text rather than type="url": a browser would refuse "example.org", which means https://example.org.
    website = forms.CharField(
        label=FIELD_LABELS["website"], required=False, widget=forms.TextInput(attrs={"inputmode": "url"})
    )
    email = forms.CharField(label=FIELD_LABELS["email"], required=False, widget=forms.EmailInput)
    languages = LanguagesField(
        label=FIELD_LABELS["languages"],
        required=False,
        help_text=_("Start typing a language’s name and choose it; several separated by “;”, such as “English; Navajo”."),
    )
    populations = forms.MultipleChoiceField(
        label=FIELD_LABELS["populations"],
        choices=_choices(vocab.POPULATIONS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    eligibility = forms.CharField(label=FIELD_LABELS["eligibility"], widget=forms.Textarea, required=False)
    eligibility_es = forms.CharField(label=FIELD_LABELS["eligibility_es"], widget=forms.Textarea, required=False)

    def __init__(self, *args, current: dict[str, Any] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.current = current or {}
        if not self.pin_allowed:
            del self.fields["latitude"], self.fields["longitude"]

    @classmethod
    def initial_from(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Form initial data from listing_values()-style values."""
        initial = dict(values)
        for name in ("phone", "text", "tty"):
            initial[name] = f"{LIST_SEPARATOR} ".join(display_number(number) for number in values.get(name) or [])
        initial["languages"] = f"{LIST_SEPARATOR} ".join(language_label(code) for code in values.get("languages") or [])
        return initial

    def _phones(self, name: str, *, short_code: bool = False) -> list[str]:
        numbers = _split(self.cleaned_data.get(name, ""))
        return sorted({parse.phone(number, short_code=short_code) for number in numbers})

    def clean_phone(self) -> list[str]:
        return self._phones("phone")

    def clean_text(self) -> list[str]:
        return self._phones("text", short_code=True)

    def clean_tty(self) -> list[str]:
        return self._phones("tty")

    def clean_hours(self) -> str:
        text = self.cleaned_data.get("hours", "").strip()
        if MISSING_TIME in text:
            raise forms.ValidationError(_("Give each open day the time it opens and the time it closes."))
        hours = parse.weekly_hours(text)
        if hours.always_open:
            return ALWAYS
        return format_hours(sorted(set(hours.intervals), key=lambda i: (i.weekday, i.opens, i.closes)))

    def clean_zip(self) -> str:
        return parse.zip_code(self.cleaned_data.get("zip", ""))

    def clean_latitude(self) -> float | None:
        return parse.latitude(self.cleaned_data.get("latitude"))

    def clean_longitude(self) -> float | None:
        return parse.longitude(self.cleaned_data.get("longitude"))

    def clean_website(self) -> str:
        return parse.website(self.cleaned_data.get("website", ""), max_length=_max_length("website"))

    def clean_email(self) -> str:
        return parse.email(self.cleaned_data.get("email", ""), max_length=_max_length("email"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("statewide") and cleaned.get("counties_served"):
            self.add_error("counties_served", _("A statewide service serves every county: leave the counties empty."))
        elif self.area_required and not cleaned.get("statewide") and "counties_served" in cleaned:
            if not cleaned["counties_served"]:
                self.add_error("counties_served", _("Choose the counties served, or tick “Serves all of New Mexico”."))
        if ("latitude" in cleaned) and ("longitude" in cleaned):
            if (cleaned["latitude"] is None) != (cleaned["longitude"] is None):
                self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        if not cleaned.get("county") and cleaned.get("zip"):
            place = geo.zip_place(cleaned["zip"])
            cleaned["county"] = place.county if place and place.county in vocab.COUNTIES else ""
        if cleaned.get("latitude") is None and cleaned.get("longitude") is None:
            cleaned["latitude"], cleaned["longitude"] = self._place_coordinates(cleaned)
        self._add_problems(cleaned)
        return cleaned

    def _place_coordinates(self, cleaned: dict[str, Any]) -> tuple[float | None, float | None]:
        """The point of a place given by address, city and ZIP: unchanged when the place
        is, else the ZIP's centre, else the town's (None for a remote service)."""
        place_fields = ("address", "city", "zip")
        if self.current and all((cleaned.get(name) or "").strip() == (self.current.get(name) or "") for name in place_fields):
            return self.current.get("latitude"), self.current.get("longitude")
        place = geo.zip_place(cleaned.get("zip") or "") or geo.town_place(cleaned.get("city") or "")
        return (round(place.latitude, 4), round(place.longitude, 4)) if place else (None, None)

    def _add_problems(self, cleaned: dict[str, Any]) -> None:
        """consistency.py's checks, as errors on the fields they concern."""
        values = {name: cleaned[name] for name in FIELD_LABELS if name in cleaned}
        for problem in listing_problems(values):
            field = problem.field if problem.field in self.fields and problem.field not in self.errors else None
            self.add_error(field, problem.message)

    def values(self) -> dict[str, Any]:
        """The cleaned values in review.listing_values()'s form (after is_valid())."""
        values = {name: self.cleaned_data[name] for name in FIELD_LABELS}
        for name in ("service_types", "counties_served", "populations"):
            values[name] = sorted(values[name])
        for name in ("name", "description", "description_es", "address", "city", "eligibility", "eligibility_es"):
            values[name] = values[name].strip()
        return values


class NewListingForm(ListingValuesForm):
    """A proposed new listing: the same values, for one of the advocate's organizations."""

    area_required = True
    pin_allowed = False
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    note = forms.CharField(label=_("Note to the reviewer"), widget=forms.Textarea, required=False)
    field_order = ["organization"]

    def __init__(self, *args, organizations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class EditProposalForm(ListingValuesForm):
    pin_allowed = False
    note = forms.CharField(label=_("Note to the reviewer"), widget=forms.Textarea, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the advocate sees it)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class HoneypotForm(forms.Form):
    """A form the public may send: its honeypot field, hidden from people (the template
    _honeypot.html) and filled in only by bots that fill in everything."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))


class SuggestionForm(HoneypotForm):
    text = forms.CharField(
        label=_("What should be corrected?"),
        widget=forms.Textarea,
        max_length=4000,
        help_text=_("Please do not include anything private about yourself or anyone else."),
    )
    contact = forms.CharField(
        label=_("Your email or phone"),
        max_length=200,
        required=False,
        help_text=_("Only if you would like us to reply. Reviewers see it; the public never does."),
    )
