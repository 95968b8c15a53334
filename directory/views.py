from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .facets import facet_counts, facet_groups
from .models import Listing
from .search import IdsFirstPaginator, ListingFilter, run_search

RESULTS_PER_PAGE = 20


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/home.html", {"filter": ListingFilter()})


@require_safe
def services(request: HttpRequest) -> HttpResponse:
    search = ListingFilter(request.GET)
    if not search.is_valid():
        return _bad_search(request, search)
    result = run_search(search.form.cleaned_data, place=search.place)
    counted = facet_counts(result, search.form.cleaned_data)
    paginator = IdsFirstPaginator(
        result.queryset.for_results(), RESULTS_PER_PAGE, ids=counted.ids, count=counted.total
    )
    # The form checked the page number's shape; only the result count says if it exists.
    page_number = search.form.cleaned_data.get("page") or 1
    if page_number > paginator.num_pages:
        search.form.add_error("page", _("There is no page “%(page)s” of these results.") % {"page": page_number})
        return _bad_search(request, search)
    page = paginator.page(page_number)
    return render(
        request,
        "directory/services.html",
        {
            "filter": search,
            "result": result,
            "page": page,
            "facets": counted.facets,
            "facet_groups": facet_groups(counted.facets, search.form),
            "now": result.now,
        },
    )


def _bad_search(request: HttpRequest, search: ListingFilter) -> HttpResponse:
    context = {"filter": search, "errors": True, "facet_groups": facet_groups(None, search.form)}
    return render(request, "directory/services.html", context, status=400)


@require_safe
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    listing = get_object_or_404(Listing.objects.published().for_detail(), slug=slug)
    return render(request, "directory/service_detail.html", {"listing": listing, "now": timezone.now()})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/about.html")


@require_safe
def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/safety.html")


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page with the quick exit and safety line (Django's default has no context)."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the page that says something broke must not break
        message = _("Something went wrong. In danger? Call 911.")
        return HttpResponse(message, status=500, content_type="text/plain; charset=utf-8")
