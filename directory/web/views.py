from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory.infra.health import check_serving
from directory.models import Listing
from directory.search import refinements
from directory.search.facets import facet_counts, facet_groups
from directory.search.form import SearchForm
from directory.search.query import RESULTS_PER_PAGE, IdsFirstPaginator, run_search
from directory.web.cards import result_cards
from directory.web.middleware import RETRY_AFTER_SECONDS


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/home.html", {"form": SearchForm()})


@require_safe
def services(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _bad_search(request, form)
    result = run_search(form.cleaned_data, place=form.place)
    # The form checked the page number's shape; only the result count says if it exists.
    page_number = form.cleaned_data["page"] or 1
    counted = facet_counts(result, form.cleaned_data, page_number=page_number)
    known_pages = {} if counted.page_ids is None else {page_number: counted.page_ids}
    paginator = IdsFirstPaginator(
        result.queryset.for_results(), RESULTS_PER_PAGE, known_pages=known_pages, count=counted.total
    )
    if page_number > paginator.num_pages:
        form.add_error("page", _("There is no page “%(page)s” of these results.") % {"page": page_number})
        return _bad_search(request, form)
    page = paginator.page(page_number)
    cards = result_cards(
        page, version=counted.version, now=result.now, place=result.place, distances=counted.distances
    )
    chips = refinements.active_filters(form)
    context = {
        "form": form,
        "result": result,
        "page": page,
        "cards": cards,
        "facets": counted.facets,
        "facet_groups": facet_groups(counted.facets, form),
        "now": result.now,
        "chips": chips,
        "active_count": sum(chip.is_filter for chip in chips),
        "place_note": refinements.place_note(form.place_answer),
        "indexable": is_landing_page(request.GET),
    }
    if not counted.total:
        # No dead end: the same search with one filter fewer, and lines open at any hour.
        context["relaxations"] = refinements.relaxations(form, counted)
        context["statewide_lines"] = refinements.statewide_lines()
    return render(request, "directory/services.html", context)


def is_landing_page(query: QueryDict) -> bool:
    """Whether search engines may index this results page: all services, one county, one
    type of service, or one of each. Those are a finite set of pages people search the web
    for ("shelter Doña Ana County"); free text, places, other filters and later pages are
    an endless set of near-copies, so they stay out of the index."""
    return set(query) <= {"county", "service_type"} and all(len(query.getlist(key)) == 1 for key in query)


def _bad_search(request: HttpRequest, form: SearchForm) -> HttpResponse:
    context = {"form": form, "errors": True, "facet_groups": facet_groups(None, form)}
    answer = form.place_answer
    if answer and answer.suggestion:
        query = request.GET.copy()
        query["near"] = answer.suggestion
        context["near_suggestion"] = {"name": answer.suggestion, "query": query.urlencode()}
    return render(request, "directory/services.html", context, status=400)


@require_safe
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    listing = get_object_or_404(Listing.objects.published().for_detail(), slug=slug)
    back_query = refinements.back_to_results(request.META.get("HTTP_REFERER", ""), host=request.get_host())
    context = {"listing": listing, "now": timezone.now(), "back_query": back_query}
    return render(request, "directory/service_detail.html", context)


@require_safe
def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/safety.html")


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: can this server serve pages (directory/health.py)? Says nothing more."""
    if not check_serving():
        retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return HttpResponse("unavailable\n", status=503, content_type="text/plain", headers=retry)
    return HttpResponse("ok\n", content_type="text/plain")
