"""The reviewers' admin site: the directory's own name on every page and a home page that
leads with the work waiting.

DirectoryAdminSite becomes admin.site through DirectoryAdminConfig (admin_apps.py), so every
ModelAdmin registered with @admin.register lands on it unchanged. It lives outside the
directory.admin package on purpose: Django builds admin.site by importing this class, and
importing that package registers every model admin, which would then land on a site that
is still being built and is thrown away.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.models import AccountRequest, Listing, Proposal, Suggestion
from directory.review.queue import listings_waiting


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
