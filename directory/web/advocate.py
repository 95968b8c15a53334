"""The advocates' portal: an organization's advocates propose changes to its listings
and new listings, and follow what reviewers decide. Nothing here changes a live listing.

Every view needs a logged-in advocate (the "advocates" group's add_proposal permission;
403 without it), and answers 404 for another organization's listings and proposals, so
that an outsider cannot even tell which exist.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from directory.listings.values import FIELD_LABELS, display_value, listing_values
from directory.models import Listing, Proposal
from directory.review.proposals import (
    NothingChanged,
    ReviewError,
    proposal_create_confirmation,
    proposal_create_edit,
    proposal_create_new,
    proposal_diff,
    proposal_withdraw,
)
from directory.web.forms import EditProposalForm, NewListingForm

# The login page of this portal, whatever settings.LOGIN_URL says: the portal's URLs
# live inside the public site's namespace.
LOGIN_URL = "directory:advocate:login"


def advocate_required(view):
    """Logged in (else to the login page) and an advocate (else 403)."""

    @login_required(login_url=LOGIN_URL)
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm("directory.add_proposal"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _their_listing(request: HttpRequest, pk: int) -> Listing:
    return get_object_or_404(Listing.objects.managed_by(request.user).for_detail(), pk=pk)


def _language(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "en")


@require_safe
@advocate_required
def home(request: HttpRequest) -> HttpResponse:
    listings = (
        Listing.objects.managed_by(request.user).select_related("organization").order_by("organization__name", "name")
    )
    proposals = (
        Proposal.objects.visible_to(request.user)
        .select_related("listing", "organization", "author")
        .order_by("-created", "-pk")[:100]
    )
    return render(
        request,
        "advocate/home.html",
        {"listings": listings, "proposals": proposals, "organizations": request.user.organizations.all()},
    )


@require_safe
@advocate_required
def listing(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _their_listing(request, pk)
    values = listing_values(listing)
    rows = [(FIELD_LABELS[name], display_value(name, value)) for name, value in values.items()]
    proposals = listing.proposals.select_related("author").order_by("-created", "-pk")
    return render(request, "advocate/listing.html", {"listing": listing, "rows": rows, "proposals": proposals})


@require_http_methods(["GET", "HEAD", "POST"])
@advocate_required
def propose_edit(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _their_listing(request, pk)
    current = listing_values(listing)
    if request.method == "POST":
        form = EditProposalForm(request.POST, current=current)
        if form.is_valid():
            try:
                proposal = proposal_create_edit(
                    author=request.user,
                    listing=listing,
                    values=form.values(),
                    note=form.cleaned_data["note"],
                    language=_language(request),
                )
            except NothingChanged as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you. A reviewer will check your proposal before it goes live."))
                return redirect("directory:advocate:proposal", pk=proposal.pk)
    else:
        form = EditProposalForm(initial=EditProposalForm.initial_from(current), current=current)
    return render(request, "advocate/propose.html", {"form": form, "listing": listing})


@require_http_methods(["GET", "HEAD", "POST"])
@advocate_required
def propose_new(request: HttpRequest) -> HttpResponse:
    organizations = request.user.organizations.all()
    if request.method == "POST":
        form = NewListingForm(request.POST, organizations=organizations)
        if form.is_valid():
            proposal = proposal_create_new(
                author=request.user,
                organization=form.cleaned_data["organization"],
                values=form.values(),
                note=form.cleaned_data["note"],
                language=_language(request),
            )
            messages.success(request, _("Thank you. A reviewer will check the new listing before it is published."))
            return redirect("directory:advocate:proposal", pk=proposal.pk)
    else:
        form = NewListingForm(organizations=organizations, initial={"organization": organizations.first()})
    return render(request, "advocate/propose.html", {"form": form, "listing": None})


@require_POST
@advocate_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """"Still accurate" in one click: a request that a reviewer verify the listing as it is."""
    listing = _their_listing(request, pk)
    proposal = proposal_create_confirmation(author=request.user, listing=listing, language=_language(request))
    messages.success(request, _("Thank you. A reviewer will mark the listing verified."))
    return redirect("directory:advocate:proposal", pk=proposal.pk)


@require_safe
@advocate_required
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.visible_to(request.user).select_related("listing", "author", "organization"), pk=pk
    )
    # While it waits: against the listing as it is now, conflicts marked, but only while
    # the listing is still this advocate's to see (it may have moved to another
    # organization since). Otherwise, and once decided: what was proposed.
    current = None
    if proposal.is_pending and proposal.listing_id:
        theirs = Listing.objects.managed_by(request.user).for_detail().filter(pk=proposal.listing_id).first()
        current = listing_values(theirs) if theirs else None
    diff = proposal_diff(proposal, current)
    context = {"proposal": proposal, "diff": diff, "compare": current is not None}
    return render(request, "advocate/proposal.html", context)


@require_POST
@advocate_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.visible_to(request.user), pk=pk)
    try:
        proposal_withdraw(proposal=proposal)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The proposal was withdrawn."))
    return redirect("directory:advocate:proposal", pk=proposal.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@advocate_required
def password_change(request: HttpRequest) -> HttpResponse:
    """An advocate changes their own password (the old one, then the new one twice)."""
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay logged in here; other sessions end
        messages.success(request, _("Your password has been changed."))
        return redirect("directory:advocate:home")
    return render(request, "advocate/password_change.html", {"form": form})
