"""The reviewers' admin: vetting, verifying and publishing listings."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .languages import is_language_code
from .models import County, Language, Listing, OpeningHours, Organization, Phone, Population, ServiceType
from .phones import PhoneError, normalize_phone
from .review import listings_mark_verified, listings_set_status
from .search_index import update_search_vectors


class FixedVocabularyAdmin(admin.ModelAdmin):
    """Counties, service types and populations are fixed by data migrations: their slugs
    are part of URLs and the import format, so the admin only shows them."""

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(County)
class CountyAdmin(FixedVocabularyAdmin):
    pass


@admin.register(ServiceType)
class ServiceTypeAdmin(FixedVocabularyAdmin):
    pass


@admin.register(Population)
class PopulationAdmin(FixedVocabularyAdmin):
    pass


class LanguageForm(forms.ModelForm):
    class Meta:
        model = Language
        fields = ["code", "name"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        if not is_language_code(code):
            raise forms.ValidationError(_("Enter an ISO 639 language code, such as “es” or “nv”."))
        return code


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    form = LanguageForm
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "website", "listing_count"]
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(listing_count=Count("listings"))

    @admin.display(description=_("listings"), ordering="listing_count")
    def listing_count(self, obj: Organization) -> int:
        return obj.listing_count

    def save_model(self, request: HttpRequest, obj: Organization, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The organization's name is indexed in each of its listings' search vectors.
        update_search_vectors(obj.listings.values_list("pk", flat=True))


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
                cleaned["number"] = normalize_phone(number, allow_short_code=kind == Phone.Kind.TEXT)
            except PhoneError:
                if kind == Phone.Kind.TEXT:
                    message = _("Enter a US phone number such as (505) 555-0100, or an SMS short code such as 233733.")
                else:
                    message = _("Enter a US phone number such as (505) 555-0100.")
                self.add_error("number", message)
        return cleaned


class PhoneInline(admin.TabularInline):
    model = Phone
    form = PhoneForm
    extra = 1


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]

    def clean(self) -> dict:
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens is not None and opens == closes:
            # closes <= opens means overnight, so equal times would read as a 24-hour day.
            self.add_error("closes", _("Opens and closes at the same time: tick “hours are 24/7” instead."))
        return cleaned


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    form = OpeningHoursForm
    extra = 0


class StaleFilter(admin.SimpleListFilter):
    title = _("stale")
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", _("Stale: not verified in 12 months")), ("no", _("Verified in the last 12 months"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        # Listing.objects.stale() is the one rule; "no" is simply its complement.
        if self.value() == "yes":
            return queryset.stale()
        if self.value() == "no":
            return queryset.exclude(pk__in=Listing.objects.stale().values("pk"))
        return queryset


@admin.register(Listing)
class ListingAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "status", "county", "confidential_location", "last_verified", "stale"]
    list_filter = [
        "status",
        StaleFilter,
        ("county", admin.RelatedFieldListFilter),
        "counties_served",
        "service_types",
        "confidential_location",
        "fees",
    ]
    list_select_related = ["organization", "county"]
    search_fields = ["name", "organization__name", "city", "external_id", "description"]
    autocomplete_fields = ["organization"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["service_types", "counties_served", "languages", "populations"]
    readonly_fields = ["verified_by", "created", "updated"]
    inlines = [PhoneInline, OpeningHoursInline]
    actions = ["mark_verified", "publish", "archive"]
    fieldsets = [
        (
            _("Description"),
            {"fields": ["organization", "name", "slug", "external_id", "description", "description_es"]},
        ),
        (_("Services"), {"fields": ["service_types", "statewide", "counties_served", "fees"]}),
        (
            _("Place"),
            {
                "fields": ["address", "city", "zip", "county", "latitude", "longitude", "confidential_location"],
                "description": _(
                    "When the location is confidential, the street address and coordinates are private: "
                    "the public sees only the city, the county and the phone numbers. Leave the place empty "
                    "for a remote service."
                ),
            },
        ),
        (
            _("Contact"),
            {"fields": ["website", "email"], "description": _("Phone numbers are listed below the form.")},
        ),
        (
            _("Hours"),
            {
                "fields": ["hotline_24_7", "open_24_7"],
                "description": _("Weekly opening hours are listed below the form; an interval may run past midnight."),
            },
        ),
        (_("Audience"), {"fields": ["populations", "languages", "eligibility"]}),
        (_("Review"), {"fields": ["status", "last_verified", "verified_by", "created", "updated"]}),
    ]

    @admin.display(description=_("stale"), boolean=True)
    def stale(self, obj: Listing) -> bool:
        return obj.is_stale

    def save_model(self, request: HttpRequest, obj: Listing, form, change: bool) -> None:
        # A verification date typed by hand is a verification by whoever typed it.
        if "last_verified" in form.changed_data:
            obj.verified_by = request.user if obj.last_verified else None
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # After the M2Ms: the vector includes the service types.
        update_search_vectors([form.instance.pk])

    @admin.action(description=_("Mark selected listings verified today"), permissions=["change"])
    def mark_verified(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = listings_mark_verified(listings=queryset, reviewer=request.user)
        self.message_user(
            request,
            ngettext("Marked %(count)d listing verified today.", "Marked %(count)d listings verified today.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish selected listings"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = listings_set_status(listings=queryset, status=Listing.Status.PUBLISHED, reviewer=request.user)
        self.message_user(
            request,
            ngettext("Published %(count)d listing.", "Published %(count)d listings.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Archive selected listings"), permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = listings_set_status(listings=queryset, status=Listing.Status.ARCHIVED, reviewer=request.user)
        self.message_user(
            request,
            ngettext("Archived %(count)d listing.", "Archived %(count)d listings.", count) % {"count": count},
            messages.SUCCESS,
        )
