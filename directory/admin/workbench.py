"""The review queue's filter, and publishing a reviewed draft from it (the site itself,
with its home page of the work waiting, is directory/admin_site.py)."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from directory.listings.consistency import errors, listing_problems
from directory.listings.values import listing_values
from directory.models import Listing
from directory.review.actions import listing_publish


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
    result = listing_publish(listing=listing, reviewer=request.user)
    messages.success(request, gettext("“%(name)s” is published and marked verified today.") % {"name": listing.name})
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect("admin:directory_listing_review")
