"""The public's suggested corrections: recorded for reviewers (never a live change), then resolved."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from directory.models import Listing, Suggestion
from directory.review.notifications import notify_reviewers_of_suggestion


def suggestion_submit(*, listing: Listing, text: str, contact: str = "") -> Suggestion:
    with transaction.atomic():
        suggestion = Suggestion.objects.create(listing=listing, text=text.strip(), contact=contact.strip())
        transaction.on_commit(lambda: notify_reviewers_of_suggestion(suggestion))
        return suggestion


def suggestion_resolve(*, suggestion: Suggestion, reviewer: AbstractBaseUser) -> bool:
    """Mark a suggestion dealt with; False if someone already had."""
    updated = Suggestion.objects.filter(pk=suggestion.pk, resolved__isnull=True).update(
        resolved=timezone.now(), resolved_by=reviewer
    )
    return bool(updated)
