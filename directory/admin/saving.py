"""How the admin writes a listing: its form and its phone and hours inlines become one
change for the one writer (listings/writer.py), on the change page and on the revert page
alike; and what the reviewer is warned of after a write."""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext

from directory.listings.values import listing_values, review_warnings
from directory.listings.writer import (
    FIELDS,
    RELATIONS,
    ListingChange,
    phones_by_kind,
    save_listings,
)
from directory.models import Listing, OpeningHours, Phone
from directory.review.actions import ActionResult
from directory.review.history import listing_revert
from directory.rules.hours import Interval


def listing_form_change(form, *, listing_id: int | None, actor) -> ListingChange:
    """The admin's listing form as a change for the writer (relations by slug and code).
    A verification date typed by hand is a verification by whoever typed it."""
    data = form.cleaned_data
    fields = {name: data[name] for name in form.fields if name in FIELDS and name in data}
    if "county" in fields:
        fields["county"] = fields["county"].slug if fields["county"] else None
    if "last_verified" in form.changed_data:
        fields["verified_by"] = actor if data["last_verified"] else None
    return ListingChange(
        id=listing_id,
        fields=fields,
        organization=data["organization"].name if data.get("organization") else None,
        relations={
            name: sorted(getattr(item, key) for item in data[name]) for name, key in RELATIONS.items() if name in data
        },
    )


def save_listing_form(request: HttpRequest, form, formsets, *, change: bool) -> None:
    """Write the add or change page's form with its inlines, then warn as warn_about_listing()."""
    listing_change = listing_form_change(form, listing_id=form.instance.pk if change else None, actor=request.user)
    for formset in formsets:
        formset.save(commit=False)  # only the bookkeeping the change message reads: nothing is written
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if formset.model is Phone:
            listing_change.phones = phones_by_kind([(row["kind"], row["number"]) for row in rows])
        elif formset.model is OpeningHours:
            listing_change.hours = [Interval(row["weekday"], row["opens"], row["closes"]) for row in rows]
    reason = "Changed in the admin" if change else "Added in the admin"
    result = save_listings([listing_change], actor=request.user, reason=reason)
    # The admin goes on with form.instance (its log entry, its redirect): the row as written.
    form.instance.pk = result.ids[0]
    form.instance._state.adding = False
    form.instance.refresh_from_db()
    warn_about_listing(request, form.instance.pk)


def revert_listing_form(request: HttpRequest, listing: Listing, form, version) -> None:
    """Write the revert page's form back: the version's fields and relations as the form
    holds them, with its phones and hours (review/history.py's listing_revert)."""
    listing_change = listing_form_change(form, listing_id=listing.pk, actor=request.user)
    result = listing_revert(listing=listing, version=version, change=listing_change, reviewer=request.user)
    if not result.phones_and_hours_restored:
        messages.warning(
            request,
            gettext("The phones and hours were left as they are: their history before this version is incomplete."),
        )
    listing.refresh_from_db()


def warn_about_listing(request: HttpRequest, pk: int) -> None:
    """After a reviewer's write in the admin: the warnings of the listing as saved, phones
    and hours included (a confidential address in public text, consistency.py's checks)."""
    for warning in review_warnings(listing_values(Listing.objects.for_detail().get(pk=pk))):
        messages.warning(request, warning)


def warn_of_action(request: HttpRequest, result: ActionResult) -> None:
    """An action's warnings: the listings whose confidential address is in their public text."""
    for warning in result.warnings:
        messages.warning(request, warning)
