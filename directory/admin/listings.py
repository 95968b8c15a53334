"""The reviewers' admin: vetting, verifying and publishing listings, the review queue
of advocates' proposals and the public's suggestions, and history with revert."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from simple_history.admin import SimpleHistoryAdmin

from directory.admin.forms import (
    LanguageForm,
    ListingAdminForm,
    OpeningHoursForm,
    PhoneForm,
)
from directory.admin.saving import (
    revert_listing_form,
    save_listing_form,
    warn_about_listing,
    warn_of_action,
)
from directory.admin.workbench import publish_draft, queue_filter
from directory.listings.values import listing_values
from directory.models import (
    County,
    Language,
    Listing,
    OpeningHours,
    Organization,
    Phone,
    Population,
    Proposal,
    ServiceType,
    Suggestion,
)
from directory.review.actions import listings_mark_verified, listings_set_status
from directory.review.history import historic_relations, version_contacts
from directory.review.proposals import (
    ProposalConflict,
    ReviewError,
    proposal_approve,
    proposal_diff,
    proposal_reject,
)
from directory.review.queue import review_queue
from directory.review.suggestions import suggestion_resolve
from directory.search.index import update_search_vectors
from directory.web.forms import ListingValuesForm, RejectForm

_safe = method_decorator(require_safe)
_post = method_decorator(require_POST)
_get_or_post = method_decorator(require_http_methods(["GET", "HEAD", "POST"]))


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


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    form = LanguageForm
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's history and revert pages, where reverting needs the change
    permission (simple_history accepts the revert form from anyone who may view history)."""

    # A website typed without a scheme is https:// (Django 6's default, spelt out here).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Organization)
class OrganizationAdmin(HistoryAdmin):
    list_display = ["name", "website", "listing_count"]
    search_fields = ["name"]
    autocomplete_fields = ["members"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # Choosing members means searching users, which only user managers may do.
        return [] if request.user.has_perm("auth.view_user") else ["members"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(listing_count=Count("listings"))

    @admin.display(description=_("listings"), ordering="listing_count")
    def listing_count(self, obj: Organization) -> int:
        return obj.listing_count

    def save_model(self, request: HttpRequest, obj: Organization, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The organization's name is indexed in each of its listings' search vectors.
        update_search_vectors(obj.listings.values_list("pk", flat=True))


class PhoneInline(admin.TabularInline):
    model = Phone
    form = PhoneForm
    extra = 1


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
class ListingAdmin(HistoryAdmin):
    form = ListingAdminForm
    object_history_form_template = "admin/directory/listing/object_history_form.html"
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
        (_("Audience"), {"fields": ["populations", "languages", "eligibility", "eligibility_es"]}),
        (_("Review"), {"fields": ["status", "last_verified", "verified_by", "created", "updated"]}),
    ]

    @admin.display(description=_("stale"), boolean=True)
    def stale(self, obj: Listing) -> bool:
        return obj.is_stale

    # Saving: the form and its phone and hours inlines become one change for the one
    # writer (listings/writer.py), written in save_related(), where the inlines are at
    # hand; on the revert page, which has no inlines, in save_model().

    def save_model(self, request: HttpRequest, obj: Listing, form, change: bool) -> None:
        version = getattr(request, "listing_revert_version", None)
        if version is not None:
            revert_listing_form(request, obj, form, version)
        # else written with the inlines, in save_related()

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        save_listing_form(request, form, formsets, change=change)

    @admin.action(description=_("Mark selected listings verified today"), permissions=["change"])
    def mark_verified(self, request: HttpRequest, queryset: QuerySet) -> None:
        result = listings_mark_verified(listings=queryset, reviewer=request.user)
        count = result.count
        self.message_user(
            request,
            ngettext("Marked %(count)d listing verified today.", "Marked %(count)d listings verified today.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        warn_of_action(request, result)

    @admin.action(description=_("Publish selected listings"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        result = listings_set_status(listings=queryset, status=Listing.Status.PUBLISHED, reviewer=request.user)
        count = result.count
        self.message_user(
            request,
            ngettext("Published %(count)d listing.", "Published %(count)d listings.", count) % {"count": count},
            messages.SUCCESS,
        )
        warn_of_action(request, result)

    @admin.action(description=_("Archive selected listings"), permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet) -> None:
        result = listings_set_status(listings=queryset, status=Listing.Status.ARCHIVED, reviewer=request.user)
        count = result.count
        self.message_user(
            request,
            ngettext("Archived %(count)d listing.", "Archived %(count)d listings.", count) % {"count": count},
            messages.SUCCESS,
        )

    # History: simple_history's revert, completed with the version's phones and hours.

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context=None):
        listing = get_object_or_404(Listing, pk=object_id)
        version = get_object_or_404(listing.history.all(), history_id=version_id)
        if request.method != "POST":
            extra = {
                **(extra_context or {}),
                "contacts": version_contacts(listing, version),
                "relations_known": historic_relations(version) is not None,
            }
            return super().history_form_view(request, object_id, version_id, extra)
        # save_model() writes the version back through the writer (fields, relations,
        # phones and hours); the request carries the version to it.
        request.listing_revert_version = version
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    # The review queue.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/", view(self.review_queue_view), name="directory_listing_review"),
            path("review/proposal/<int:pk>/approve/", view(self.approve_view), name="directory_listing_review_approve"),
            path("review/proposal/<int:pk>/reject/", view(self.reject_view), name="directory_listing_review_reject"),
            path("review/proposal/<int:pk>/resolve/", view(self.resolve_view), name="directory_listing_review_resolve"),
            path(
                "review/suggestion/<int:pk>/resolve/",
                view(self.resolve_suggestion_view),
                name="directory_listing_review_suggestion",
            ),
            path("review/listing/<int:pk>/verify/", view(self.verify_view), name="directory_listing_review_verify"),
            path("review/listing/<int:pk>/publish/", view(publish_draft), name="directory_listing_review_publish"),
            *super().get_urls(),
        ]

    def _require(self, request: HttpRequest, permission: str) -> None:
        if not request.user.has_perm(f"directory.{permission}"):
            raise PermissionDenied

    def _queue(self) -> HttpResponse:
        return redirect("admin:directory_listing_review")

    def _context(self, request: HttpRequest, title: str, **context) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **context}

    @_safe
    def review_queue_view(self, request: HttpRequest) -> HttpResponse:
        self._require(request, "view_proposal")
        groups, stale_count = review_queue()
        show = request.GET.get("show", "")
        context = self._context(
            request,
            gettext("Review queue"),
            groups=queue_filter(groups, show),
            show=show,
            stale_count=stale_count,
            stale_url=reverse("admin:directory_listing_changelist") + "?stale=yes",
            reject_form=RejectForm(),
            can_decide=request.user.has_perm("directory.change_proposal"),
            can_verify=request.user.has_perm("directory.change_listing"),
        )
        return TemplateResponse(request, "admin/directory/listing/review_queue.html", context)

    @_post
    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._require(request, "change_proposal")
        proposal = get_object_or_404(Proposal, pk=pk)
        try:
            approved = proposal_approve(proposal=proposal, reviewer=request.user)
        except ProposalConflict as conflict:
            messages.error(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    str(conflict),
                    reverse("admin:directory_listing_review_resolve", args=[proposal.pk]),
                    gettext("Resolve it"),
                ),
            )
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("Approved: the listing is updated and marked verified today."))
            warn_about_listing(request, approved.listing_id)
        return self._queue()

    @_post
    def reject_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._require(request, "change_proposal")
        proposal = get_object_or_404(Proposal, pk=pk)
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("To reject a proposal, give the advocate a reason."))
            return self._queue()
        try:
            proposal_reject(proposal=proposal, reviewer=request.user, reason=form.cleaned_data["reason"])
        except ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("Rejected: the advocate has been told why."))
        return self._queue()

    @_get_or_post
    def resolve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Edit a proposal's values before approving it: how a reviewer resolves a conflict."""
        self._require(request, "change_proposal")
        proposal = get_object_or_404(Proposal.objects.select_related("listing", "organization", "author"), pk=pk)
        if not proposal.is_pending:
            messages.error(request, gettext("This proposal has already been decided."))
            return self._queue()
        current = None
        if proposal.listing_id:
            current = listing_values(Listing.objects.for_detail().get(pk=proposal.listing_id))
        if request.method == "POST":
            form = ListingValuesForm(request.POST)
            if form.is_valid():
                try:
                    approved = proposal_approve(
                        proposal=proposal, reviewer=request.user, resolved_values=form.values()
                    )
                except ReviewError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request, gettext("Approved with your changes: the listing is updated and marked verified today.")
                    )
                    warn_about_listing(request, approved.listing_id)
                return self._queue()
        else:
            form = ListingValuesForm(initial=ListingValuesForm.initial_from({**(current or {}), **proposal.values}))
        context = self._context(
            request,
            gettext("Edit and approve: %(title)s") % {"title": proposal.title},
            proposal=proposal,
            diff=proposal_diff(proposal, current),
            form=form,
        )
        return TemplateResponse(request, "admin/directory/listing/review_resolve.html", context)

    @_post
    def resolve_suggestion_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._require(request, "change_suggestion")
        suggestion = get_object_or_404(Suggestion, pk=pk)
        if suggestion_resolve(suggestion=suggestion, reviewer=request.user):
            messages.success(request, gettext("The suggestion is marked as dealt with."))
        else:
            messages.info(request, gettext("Someone had already dealt with this suggestion."))
        return self._queue()

    @_post
    def verify_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._require(request, "change_listing")
        listing = get_object_or_404(Listing, pk=pk)
        result = listings_mark_verified(listings=Listing.objects.filter(pk=listing.pk), reviewer=request.user)
        messages.success(request, gettext("“%(name)s” is marked verified today.") % {"name": listing.name})
        warn_of_action(request, result)
        return self._queue()
