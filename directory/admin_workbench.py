"""The reviewers' admin as a workbench: the directory's own name on every page, a home
page that leads with the work waiting, and publishing a reviewed draft from the queue.

DirectoryAdminSite becomes admin.site through DirectoryAdminConfig (admin_apps.py), so every
ModelAdmin registered with @admin.register lands on it unchanged.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .consistency import errors, listing_problems
from .models import AccountRequest, Listing, Proposal, Suggestion
from .review import listing_values, listings_mark_verified, listings_set_status, listings_waiting


@dataclass(frozen=True)
class Work:
    label: str
    count: int
    url: str


def _queue_url(kind: str) -> str:
    return f"{reverse('admin:directory_listing_review')}?show={kind}"


def work_waiting() -> list[Work]:
    """Each kind of work in the review queue, with how much of it waits (the queue's own
    selectors, so the figures are what the queue shows)."""
    waiting = listings_waiting()
    drafts = waiting.filter(status=Listing.Status.DRAFT)
    published = waiting.exclude(status=Listing.Status.DRAFT)
    return [
        Work(_("Proposals from advocates"), Proposal.objects.pending().count(), _queue_url("proposals")),
        Work(_("Suggestions from the public"), Suggestion.objects.pending().count(), _queue_url("suggestions")),
        Work(_("Drafts awaiting their first review"), drafts.count(), _queue_url("draft")),
        Work(
            _("Published listings never verified"),
            published.filter(last_verified__isnull=True).count(),
            _queue_url("never-verified"),
        ),
        Work(
            _("Stale listings: not verified in 12 months"),
            published.filter(last_verified__isnull=False).count(),
            _queue_url("stale"),
        ),
        Work(
            _("Requests for an advocate's account"),
            AccountRequest.objects.pending().count(),
            reverse("admin:directory_accountrequest_changelist") + "?status__exact=pending",
        ),
    ]


class DirectoryAdminSite(admin.AdminSite):
    site_header = _("New Mexico Survivor Resource Directory")
    site_title = _("New Mexico Survivor Resource Directory")
    index_title = _("Reviewers’ desk")
    index_template = "admin/directory_index.html"
    # The home page lists every model already; the sidebar's 300 px are worth more to the
    # listings list, whose columns it pushed out of view at 1280 px.
    enable_nav_sidebar = False

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        extra = {**(extra_context or {})}
        if request.user.has_perm("directory.view_proposal"):
            extra["work"] = work_waiting()
            extra["queue_url"] = reverse("admin:directory_listing_review")
        return super().index(request, extra)


def queue_filter(groups: list, show: str) -> list:
    """The queue's groups holding `show` work ("proposals", "suggestions", "draft",
    "never-verified", "stale"); every group for anything else."""
    if show == "proposals":
        return [group for group in groups if group.proposals]
    if show == "suggestions":
        return [group for group in groups if group.suggestions]
    if show in ("draft", "never-verified", "stale"):
        return [group for group in groups if group.waiting == show]
    return groups


@require_POST
def publish_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewed draft goes live and counts as verified today, in the listing's history
    under the reviewer's name; refused while consistency.py finds errors in it."""
    if not request.user.has_perm("directory.change_listing"):
        raise PermissionDenied
    listing = get_object_or_404(Listing.objects.for_detail(), pk=pk, status=Listing.Status.DRAFT)
    problems = errors(listing_problems(listing_values(listing)))
    if problems:
        messages.error(
            request,
            gettext("“%(name)s” was not published: %(problems)s")
            % {"name": listing.name, "problems": " ".join(problem.message for problem in problems)},
        )
        return redirect("admin:directory_listing_review")
    rows: QuerySet = Listing.objects.filter(pk=listing.pk)
    listings_set_status(listings=rows, status=Listing.Status.PUBLISHED, reviewer=request.user)
    listings_mark_verified(listings=rows, reviewer=request.user)
    messages.success(request, gettext("“%(name)s” is published and marked verified today.") % {"name": listing.name})
    return redirect("admin:directory_listing_review")
