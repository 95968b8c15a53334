"""Emails: reviewers hear of new proposals and suggestions, advocates of decisions and
of listings about to go stale. Sent through Django's email backend (the console unless
EMAIL_BACKEND says otherwise), in the recipient's language where it is known.

They name the listing and link to the page that has the details, and never carry what
the public wrote in a suggestion (it may hold someone's contact details or story):
email is copied to places this site cannot protect.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from directory.models import STALE_AFTER, Listing, Organization, Proposal, Suggestion
from directory.review.roles import ADVOCATES, REVIEWERS


def reviewers():
    """Who is told of new proposals and suggestions."""
    return get_user_model().objects.filter(groups__name=REVIEWERS, is_active=True).exclude(email="").distinct()


def advocates_of(organization_ids: Iterable[int]):
    """The advocates of these organizations who can be emailed."""
    return (
        get_user_model()
        .objects.filter(organizations__in=list(organization_ids), groups__name=ADVOCATES, is_active=True)
        .exclude(email="")
        .distinct()
    )


def _link(path: str) -> str:
    # SITE_URL ("https://directory.example.org") makes links absolute; without it they are paths.
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _message(*, to: str, language: str, subject: str, template: str, context: dict) -> EmailMessage:
    with translation.override(language):
        body = render_to_string(f"emails/{template}.txt", context)
        return EmailMessage(subject=str(subject) % context, body=body, to=[to])


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def _queue_link() -> str:
    return _link(reverse("admin:directory_listing_review"))


def _language_of(user: AbstractBaseUser) -> str:
    """The language the advocate last wrote a proposal in."""
    latest = Proposal.objects.filter(author=user).order_by("-created").values_list("language", flat=True).first()
    return latest or settings.LANGUAGE_CODE


def notify_reviewers_of_proposal(proposal: Proposal) -> int:
    context = {
        "kind": proposal.get_kind_display(),
        "title": proposal.title,
        "organization": proposal.organization.name,
        "link": _queue_link(),
    }
    return _notify_reviewers(
        subject=_("New proposal to review: %(title)s"), template="proposal_submitted", context=context
    )


def notify_reviewers_of_suggestion(suggestion: Suggestion) -> int:
    context = {"title": suggestion.listing.name, "link": _queue_link()}
    return _notify_reviewers(
        subject=_("New suggestion to review: %(title)s"), template="suggestion_received", context=context
    )


def _notify_reviewers(*, subject: str, template: str, context: dict) -> int:
    """The same message to every reviewer, in the site's default language."""
    return _send(
        [
            _message(
                to=reviewer.email, language=settings.LANGUAGE_CODE, subject=subject, template=template, context=context
            )
            for reviewer in reviewers()
        ]
    )


def notify_advocate_of_decision(proposal: Proposal) -> int:
    author = proposal.author
    if author is None or not author.email or not author.is_active:
        return 0
    with translation.override(proposal.language):
        context = {
            "title": proposal.title,
            "kind": proposal.get_kind_display(),
            "approved": proposal.status == Proposal.Status.APPROVED,
            "status": proposal.get_status_display(),
            "reason": proposal.reason,
            "link": _link(reverse("directory:advocate:proposal", args=[proposal.pk])),
        }
    return _send(
        [
            _message(
                to=author.email,
                language=proposal.language,
                subject=_("Your proposal was approved: %(title)s")
                if context["approved"]
                else _("Your proposal was not approved: %(title)s"),
                template="proposal_decided",
                context=context,
            )
        ]
    )


def send_reverification_reminders(*, today: datetime.date | None = None, days: int = 30) -> int:
    """Email each advocate the published listings of theirs that go stale within `days`
    days, one email each; returns how many were sent."""
    today = today or timezone.localdate()
    listings = list(Listing.objects.published().going_stale(today, days=days).order_by("last_verified", "name"))
    by_organization: dict[int, list[Listing]] = defaultdict(list)
    for listing in listings:
        by_organization[listing.organization_id].append(listing)
    advocates = {user.pk: user for user in advocates_of(by_organization)}
    memberships = Organization.members.through.objects.filter(
        organization_id__in=list(by_organization), user_id__in=list(advocates)
    ).values_list("user_id", "organization_id")
    per_advocate: dict[int, list[Listing]] = defaultdict(list)
    for user_id, organization_id in memberships:
        per_advocate[user_id].extend(by_organization[organization_id])
    messages = []
    for user_id, their_listings in per_advocate.items():
        user = advocates[user_id]
        language = _language_of(user)
        with translation.override(language):
            items = [
                {
                    "name": listing.name,
                    # Stale the day after a full STALE_AFTER has passed.
                    "stale_on": listing.last_verified + STALE_AFTER + datetime.timedelta(days=1),
                    "link": _link(reverse("directory:advocate:listing", args=[listing.pk])),
                }
                for listing in sorted(their_listings, key=lambda listing: (listing.last_verified, listing.name))
            ]
        messages.append(
            _message(
                to=user.email,
                language=language,
                subject=_("Please check your directory listings"),
                template="reverification_reminder",
                context={"listings": items, "days": days},
            )
        )
    return _send(messages)
