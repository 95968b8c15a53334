"""The admin's forms for listings and languages: each field a person types is parsed by
rules/fields.py, as the imports and the advocates' portal parse it, with the same message."""

from django import forms
from django.db import models

from directory.models import Language, Listing, OpeningHours, Phone
from directory.review.history import historic_relations
from directory.rules import fields as parse


class LanguageForm(forms.ModelForm):
    class Meta:
        model = Language
        fields = ["code", "name"]

    def clean_code(self) -> str:
        # Stored as the imports store it ("spa" is "es"), so that Spanish is one row.
        return parse.language_code(self.cleaned_data["code"])


class PhoneForm(forms.ModelForm):
    class Meta:
        model = Phone
        fields = ["kind", "number"]

    def clean(self) -> dict:
        cleaned = super().clean()
        number, kind = cleaned.get("number"), cleaned.get("kind")
        if number and kind:
            # Only SMS may use a short code such as 233733; stored as E.164 otherwise.
            try:
                cleaned["number"] = parse.phone(number, short_code=kind == Phone.Kind.TEXT)
            except parse.FieldError as error:
                self.add_error("number", error)
        return cleaned


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]

    def clean(self) -> dict:
        cleaned = super().clean()
        weekday, opens, closes = cleaned.get("weekday"), cleaned.get("opens"), cleaned.get("closes")
        if weekday is not None and opens is not None and closes is not None:
            try:
                parse.opening_interval(weekday, opens, closes)
            except parse.FieldError as error:
                self.add_error("closes", error)
        return cleaned


def _https_by_default(field: models.Field, **kwargs) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ListingAdminForm(forms.ModelForm):
    """On simple_history's revert page the form must show the version's relations, not
    today's (a ModelForm reads many-to-many values from the database)."""

    class Meta:
        model = Listing
        fields = "__all__"
        formfield_callback = _https_by_default

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        version = getattr(self.instance, "_history", None)
        if version is not None and not self.is_bound:
            relations = historic_relations(version)
            if relations is not None:
                self.initial.update(relations)

    # The fields the imports and the portal parse: the same parsers, the same messages.

    def clean_zip(self) -> str:
        return parse.zip_code(self.cleaned_data["zip"])

    def clean_latitude(self) -> float | None:
        return parse.latitude(self.cleaned_data["latitude"])

    def clean_longitude(self) -> float | None:
        return parse.longitude(self.cleaned_data["longitude"])

    def clean_website(self) -> str:
        return parse.website(self.cleaned_data["website"], max_length=Listing._meta.get_field("website").max_length)

    def clean_email(self) -> str:
        return parse.email(self.cleaned_data["email"], max_length=Listing._meta.get_field("email").max_length)
