"""The read-only, anonymous JSON API of PRODUCT.md ("API").

The services list is the HTML results page's search (SearchForm and run_search) behind
a DRF filter backend (filters.py), which also documents its parameters from the form;
a bad parameter is a 400 keyed by its name, never a 500.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from directory.api.filters import SearchFormBackend
from directory.api.serializers import (
    FIELD_ERRORS_SCHEMA,
    CountySerializer,
    ErrorSerializer,
    ServiceSerializer,
    ServiceTypeSerializer,
)
from directory.models import County, Listing, ServiceType
from directory.search.query import RESULTS_PER_PAGE, IdsFirstPaginator


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

    def get_schema_operation_parameters(self, view) -> list:
        # `page` is a field of the search form, which checks it first and documents it
        # (filters.py): one description of it, with its minimum.
        return []


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
        responses={
            200: ServiceSerializer(many=True),
            400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description="A parameter has a bad value."),
            429: ERROR_RESPONSES[429],
        },
    )
)
class ServiceList(ServiceQueryMixin, generics.ListAPIView):
    filter_backends = [SearchFormBackend]
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
