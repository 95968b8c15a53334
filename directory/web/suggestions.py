"""The public's "suggest a correction" form: a note for reviewers, never a live change.

Anyone may send one, so it is guarded three ways: Django's CSRF check, a honeypot field
that only bots fill in (their suggestions are dropped without a word), and a limit of
SUGGESTIONS.hits per client and hour, counted across every worker (ratelimit.py). Only
well-formed suggestions count: a person correcting a form error is not locked out.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from directory.infra import ratelimit
from directory.models import Listing
from directory.review.suggestions import suggestion_submit
from directory.web.forms import SuggestionForm

SUGGESTIONS = ratelimit.Limit(scope="suggestions", hits=5, seconds=60 * 60)


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    listing = get_object_or_404(Listing.objects.published(), slug=slug)
    context = {"listing": listing, "sent": False, "limited": False}
    if request.method != "POST":
        return render(request, "directory/suggest.html", {**context, "form": SuggestionForm()})
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        return render(request, "directory/suggest.html", {**context, "form": form})
    # Counted and checked in one atomic step, so parallel posts cannot all slip under it.
    if not ratelimit.hit(SUGGESTIONS, request):
        return render(request, "directory/suggest.html", {**context, "limited": True}, status=429)
    if not form.is_spam():
        suggestion_submit(listing=listing, text=form.cleaned_data["text"], contact=form.cleaned_data["contact"])
    return render(request, "directory/suggest.html", {**context, "sent": True})
