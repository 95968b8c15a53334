"""The public's "suggest a correction" form: a note for reviewers, never a live change.

Anyone may send one, so it is guarded three ways: Django's CSRF check, a honeypot field
that only bots fill in (their suggestions are dropped without a word), and a limit of
SUGGESTIONS_PER_HOUR per client. The limit counts in the cache under a keyed hash of
the client's address: the address itself is never stored, and the hash cannot be turned
back into it without the SECRET_KEY.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_http_methods

from .emails import notify_reviewers_of_suggestion
from .forms import SuggestionForm
from .models import Listing, Suggestion

SUGGESTIONS_PER_HOUR = 5
WINDOW_SECONDS = 60 * 60


def _rate_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return "suggestions:" + salted_hmac("directory.suggestions.rate", address, algorithm="sha256").hexdigest()


def _over_limit(request: HttpRequest) -> bool:
    return cache.get(_rate_key(request), 0) >= SUGGESTIONS_PER_HOUR


def _count(request: HttpRequest) -> None:
    key = _rate_key(request)
    # add() starts the hour's window; incr() leaves its expiry alone.
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, WINDOW_SECONDS)


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    listing = get_object_or_404(Listing.objects.published(), slug=slug)
    context = {"listing": listing, "sent": False, "limited": False}
    if request.method != "POST":
        return render(request, "directory/suggest.html", {**context, "form": SuggestionForm()})
    if _over_limit(request):
        return render(request, "directory/suggest.html", {**context, "limited": True}, status=429)
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        return render(request, "directory/suggest.html", {**context, "form": form})
    _count(request)
    if not form.is_spam():
        suggestion_submit(listing=listing, text=form.cleaned_data["text"], contact=form.cleaned_data["contact"])
    return render(request, "directory/suggest.html", {**context, "sent": True})


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
