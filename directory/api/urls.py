"""The API under /api/: outside i18n_patterns, so always in English and free of /es/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from directory.api import views as api

app_name = "api"

urlpatterns = [
    path("v1/services/", api.ServiceList.as_view(), name="services"),
    path("v1/services/<slug:slug>/", api.ServiceDetail.as_view(), name="service"),
    path("v1/counties/", api.CountyList.as_view(), name="counties"),
    path("v1/service-types/", api.ServiceTypeList.as_view(), name="service_types"),
    # The schema is the same for everyone and touches no data: no rate limit (and no query).
    path("schema/", SpectacularAPIView.as_view(throttle_classes=[]), name="schema"),
    # Only paths ending in a slash, so that APPEND_SLASH still redirects /api/v1/services.
    # [\s\S] rather than (?s): a path may hold a newline, and translate_url() must be able
    # to reverse every pattern (Django cannot reverse inline flags).
    re_path(r"^[\s\S]*/$", api.NotFoundView.as_view()),
]
