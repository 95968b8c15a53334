"""The read-only, anonymous JSON API of PRODUCT.md ("API").

The services list is the HTML results page's search (ListingFilter and run_search)
behind DjangoFilterBackend; a bad parameter is a 400 keyed by its name, never a 500.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics
from rest_framework.exceptions import ErrorDetail, NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from directory.api.serializers import (
    FIELD_ERRORS_SCHEMA,
    LANGUAGE_CODE,
    CountySerializer,
    ErrorSerializer,
    ServiceSerializer,
    ServiceTypeSerializer,
)
from directory.models import County, Listing, ServiceType
from directory.search.query import (
    DEFAULT_RADIUS,
    MAX_QUERY_LENGTH,
    MAX_RADIUS,
    RESULTS_PER_PAGE,
    IdsFirstPaginator,
    ListingFilter,
)


class SearchFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend, with its parameters documented by hand in SEARCH_PARAMETERS.

    ListingFilter's filters all defer to run_search() through one untyped `method`, which
    leaves drf-spectacular guessing their types; the hand-written list says what they take.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            # The form's own rendering of each message. django-filter's translate_validation()
            # applies `%` to messages a second time, so a message quoting what was typed
            # (near=100%) would raise a TypeError: a 500 instead of this 400.
            errors = filterset.form.errors.get_json_data()
            raise ValidationError(
                {
                    field: [ErrorDetail(error["message"], code=error["code"]) for error in messages]
                    for field, messages in errors.items()
                }
            )
        return filterset.qs


class SearchParametersDocumentedByHand(OpenApiFilterExtension):
    target_class = SearchFilterBackend
    priority = 1  # before drf-spectacular's own django-filter extension, which matches subclasses

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs) -> list:
        return []


class ServicePagination(PageNumberPagination):
    page_size = RESULTS_PER_PAGE
    django_paginator_class = IdsFirstPaginator  # as the HTML page: ids first, then twenty rows
    last_page_strings = ()  # `page` is documented as a number; "last" would be a second spelling

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            # PRODUCT.md: a page out of range is a bad value like any other, answered as a
            # 400 naming the parameter, just as the HTML page does.
            page = request.query_params.get(self.page_query_param, "")
            raise ValidationError(
                {"page": [_("There is no page “%(page)s” of these results.") % {"page": page[:20]}]}
            ) from None


def _choices(name: str) -> list[str]:
    """A search parameter's allowed values, straight from ListingFilter so the two never drift."""
    return [value for value, _label in ListingFilter.base_filters[name].extra["choices"]]


def _repeatable(name: str, description: str, item: dict) -> OpenApiParameter:
    return OpenApiParameter(
        name, {"type": "array", "items": item}, description=description, style="form", explode=True
    )


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
        description="Free text, English or Spanish; accents and small typos are forgiven.",
    ),
    _repeatable(
        "county",
        "County slug, repeatable (any of). Matches listings serving the county; "
        "statewide listings serve every county.",
        {"type": "string", "enum": _choices("county")},
    ),
    _repeatable(
        "service_type",
        "Service-type slug, repeatable (any of).",
        {"type": "string", "enum": _choices("service_type")},
    ),
    _repeatable(
        "language",
        "ISO 639 language code (es, nv, kee …), repeatable (any of).",
        {"type": "string", "pattern": LANGUAGE_CODE},
    ),
    _repeatable(
        "population",
        "Population slug, repeatable (any of).",
        {"type": "string", "enum": _choices("population")},
    ),
    OpenApiParameter(
        "near",
        {"type": "string", "maxLength": 60},
        description="A New Mexico ZIP code or city/town name (case and accents ignored). Results are the "
        "listings within `radius` plus those serving the point's county, sorted by distance by default, "
        "each with `distance_miles`.",
    ),
    OpenApiParameter(
        "radius",
        {"type": "integer", "minimum": 1, "maximum": MAX_RADIUS},
        description=f"Miles from `near` (needs `near`); default {DEFAULT_RADIUS}.",
    ),
    OpenApiParameter(
        "open_now",
        {"type": "string", "enum": _choices("open_now")},
        description="1: open at this moment in New Mexico time. Listings answering 24/7 count; "
        "listings with unknown hours do not.",
    ),
    OpenApiParameter("fees", {"type": "string", "enum": _choices("fees")}, description="Cost."),
    OpenApiParameter(
        "sort",
        {"type": "string", "enum": _choices("sort")},
        description="Order of results. Default: `distance` with `near`, else `relevance` with `q`, else "
        "`name`. `verified` is most recently verified first; `distance` needs `near`; `relevance` "
        "without `q` is by name.",
    ),
]

ERROR_RESPONSES = {
    404: OpenApiResponse(ErrorSerializer, description="No published service has this slug."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests from this client; retry later."),
}


class ServiceQueryMixin:
    # Prefetched so each page costs the same number of queries whatever its length; the
    # search vector is the widest column and nothing here shows it.
    queryset = Listing.objects.published().for_detail().defer("search_vector")
    serializer_class = ServiceSerializer

    def get_serializer_context(self) -> dict:
        # One instant for every listing's open_now in this answer.
        return {**super().get_serializer_context(), "now": timezone.now()}


@extend_schema_view(
    get=extend_schema(
        summary="Search published services",
        parameters=SEARCH_PARAMETERS,
        responses={
            200: ServiceSerializer(many=True),
            400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description="A parameter has a bad value."),
            429: ERROR_RESPONSES[429],
        },
    )
)
class ServiceList(ServiceQueryMixin, generics.ListAPIView):
    filter_backends = [SearchFilterBackend]
    filterset_class = ListingFilter
    pagination_class = ServicePagination


@extend_schema_view(
    get=extend_schema(
        summary="One published service",
        parameters=[
            OpenApiParameter("slug", {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}, OpenApiParameter.PATH)
        ],
        responses={200: ServiceSerializer, **ERROR_RESPONSES},
    )
)
class ServiceDetail(ServiceQueryMixin, generics.RetrieveAPIView):
    lookup_field = "slug"
    filter_backends = []  # search parameters choose among many listings, not whether one exists


@extend_schema_view(
    get=extend_schema(
        summary="The 33 counties", responses={200: CountySerializer(many=True), 429: ERROR_RESPONSES[429]}
    )
)
class CountyList(generics.ListAPIView):
    queryset = County.objects.all()
    serializer_class = CountySerializer
    pagination_class = None
    filter_backends = []


@extend_schema_view(
    get=extend_schema(
        summary="The service types", responses={200: ServiceTypeSerializer(many=True), 429: ERROR_RESPONSES[429]}
    )
)
class ServiceTypeList(generics.ListAPIView):
    queryset = ServiceType.objects.all()
    serializer_class = ServiceTypeSerializer
    pagination_class = None
    filter_backends = []


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under /api/: a JSON 404 like the API's own, not the HTML page."""

    def get(self, request, *args, **kwargs):
        raise NotFound()
