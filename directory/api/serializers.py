"""The API's JSON shapes (PRODUCT.md "API"): read-only, and typed for the OpenAPI schema.

A listing's place is only ever read through Listing.public_location(), the one
confidentiality rule: nothing here reads address, zip, latitude or longitude. Distances
come from run_search()'s `distance` annotation, already measured from a confidential
listing's city centre.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory.models import County, Listing, OpeningHours, Phone, ServiceType
from directory.rules import hours, vocab
from directory.search.form import LANGUAGE_CODE
from directory.search.query import whole_miles

WEEKDAYS = [day.lower() for day in hours.DAYS]  # "mon" … "sun", Monday = 0 as in OpeningHours
WEEKDAY_CHOICES = list(zip(WEEKDAYS, OpeningHours.Weekday.labels))
CLOCK_TIME = r"^([01]\d|2[0-3]):[0-5]\d$"


class BlankAsNullMixin:
    """An empty stored value ("" in a blank CharField) is `null` in the API: "unknown", not a value."""

    def to_representation(self, value: Any) -> Any:
        if value in ("", None):
            return None
        return super().to_representation(value)


class NullableCharField(BlankAsNullMixin, serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)


class NullableURLField(BlankAsNullMixin, serializers.URLField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)


class NullableEmailField(BlankAsNullMixin, serializers.EmailField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)


class NullableChoiceField(BlankAsNullMixin, serializers.ChoiceField):
    def __init__(self, choices: Any, **kwargs: Any) -> None:
        super().__init__(choices, allow_null=True, **kwargs)


class RelatedSlugsField(serializers.ListField):
    """The slugs (or codes) of a prefetched many-to-many relation, in its model's order.

    `child` only describes one item for the schema (an enum of the vocabulary's slugs).
    """

    def __init__(self, *, key: str = "slug", **kwargs: Any) -> None:
        self.key = key
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, manager: Any) -> list[str]:
        return [getattr(item, self.key) for item in manager.all()]


@extend_schema_field({"type": "string", "pattern": CLOCK_TIME, "example": "09:00"})
class ClockTimeField(serializers.Field):
    """A time of day as HH:MM in New Mexico time (America/Denver)."""

    def to_representation(self, value: Any) -> str:
        return value.strftime("%H:%M")


class WeekdayField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=WEEKDAY_CHOICES, **kwargs)

    def to_representation(self, value: int) -> str:
        return WEEKDAYS[value]


class OrganizationSerializer(serializers.Serializer):
    name = serializers.CharField()
    website = NullableURLField()


class LocationSerializer(serializers.Serializer):
    """Where the service is. A confidential location gives its city and county only."""

    # Serializes Listing.public_location(), never the listing's own fields.

    address = NullableCharField(help_text="Street address; null when confidential or unknown.")
    city = NullableCharField(help_text="Shown even when the location is confidential; null when unknown.")
    zip = NullableCharField(help_text="5-digit ZIP code; null when confidential or unknown.")
    county = NullableCharField(help_text="County name (not slug), e.g. “Doña Ana”; null when unknown.")
    latitude = serializers.FloatField(allow_null=True, help_text="Null when confidential or unknown.")
    longitude = serializers.FloatField(allow_null=True, help_text="Null when confidential or unknown.")


class PhoneSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="E.164 (+15055550100), or an SMS short code such as 233733.")
    kind = serializers.ChoiceField(choices=Phone.Kind.choices, help_text="voice (call), text (SMS) or tty.")


class IntervalSerializer(serializers.Serializer):
    day = WeekdayField(source="weekday", help_text="The weekday the interval opens on.")
    opens = ClockTimeField()
    closes = ClockTimeField(help_text="At or before `opens` when the interval runs past midnight.")
    overnight = serializers.BooleanField(
        help_text="True when the interval closes on the next day (e.g. fri 20:00 to 02:00 on Saturday)."
    )


class HoursSerializer(serializers.Serializer):
    """Weekly hours: always open, a list of intervals, or neither (hours unknown)."""

    always_open = serializers.BooleanField(source="open_24_7", help_text="Open around the clock (hours are 24/7).")
    intervals = serializers.SerializerMethodField(
        help_text="Opening intervals, Monday first; empty when always_open or when hours are unknown."
    )

    @extend_schema_field(IntervalSerializer(many=True))
    def get_intervals(self, listing: Listing) -> list[dict]:
        if listing.open_24_7:
            return []
        return IntervalSerializer(listing.hours.all(), many=True).data


class ServiceSerializer(serializers.Serializer):
    """One published listing."""

    # Expects Listing.objects.published().for_detail() rows, and context["now"] for open_now.
    slug = serializers.SlugField()
    name = serializers.CharField()
    organization = OrganizationSerializer()
    description = serializers.CharField(help_text="English description.")
    description_es = serializers.CharField(help_text="Spanish description; empty when there is none.")
    service_types = RelatedSlugsField(child=serializers.ChoiceField(choices=list(vocab.SERVICE_TYPES.items())))
    counties_served = RelatedSlugsField(
        child=serializers.ChoiceField(choices=list(vocab.COUNTIES.items())),
        help_text="County slugs; empty for a statewide listing, which serves every county.",
    )
    statewide = serializers.BooleanField()
    location = LocationSerializer(source="public_location")
    confidential_location = serializers.BooleanField(
        help_text="The street address and coordinates are kept private; location shows city and county only."
    )
    phones = PhoneSerializer(many=True)
    hotline_24_7 = serializers.BooleanField(help_text="Answers the phone 24 hours a day, 7 days a week.")
    hours = HoursSerializer(source="*")
    open_now = serializers.SerializerMethodField(
        help_text="Open at the moment of the request, New Mexico time. A listing answering 24/7 is open; "
        "one with unknown hours is not."
    )
    languages = RelatedSlugsField(
        key="code",
        child=serializers.RegexField(LANGUAGE_CODE),
        help_text="ISO 639 codes (639-1 where one exists, else 639-3).",
    )
    populations = RelatedSlugsField(child=serializers.ChoiceField(choices=list(vocab.POPULATIONS.items())))
    fees = NullableChoiceField(choices=Listing.Fees.choices, help_text="Null when unknown.")
    eligibility = serializers.CharField(help_text="Who can use the service; empty when not stated.")
    eligibility_es = serializers.CharField(help_text="Spanish eligibility; empty when there is none.")
    website = NullableURLField()
    email = NullableEmailField()
    last_verified = serializers.DateField(allow_null=True)
    stale = serializers.BooleanField(
        source="is_stale", help_text="Not verified in the last 12 months: call to check before going."
    )
    distance_miles = serializers.SerializerMethodField(
        help_text="Whole miles from `near` (from the city centre for a confidential location); "
        "null without `near` or when the listing has no known place."
    )

    def get_open_now(self, listing: Listing) -> bool:
        return hours.is_open(
            always_open=listing.hotline_24_7 or listing.open_24_7,
            intervals=listing.hours.all(),
            at=self.context["now"],
        )

    @extend_schema_field({"type": "integer", "minimum": 0, "nullable": True})
    def get_distance_miles(self, listing: Listing) -> int | None:
        # Only run_search() with a place annotates `distance` (NULL for a listing without a
        # place), already from a confidential listing's city centre; whole miles keep it
        # from being triangulated.
        return whole_miles(getattr(listing, "distance", None))


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["slug", "name"]


class ServiceTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", help_text="English name.")

    class Meta:
        model = ServiceType
        fields = ["slug", "name"]


class ErrorSerializer(serializers.Serializer):
    """404 and 429 answers."""

    detail = serializers.CharField()


# A 400 answer: messages keyed by the parameter they are about, as the search form reports them.
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "Messages keyed by parameter name (for example `county`, `radius`, `page`).",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"county": ["Unknown county “atlantis”."]},
}
