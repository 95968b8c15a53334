from django.urls import include, path

from directory.web import pages, suggestions, views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.services, name="services"),
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("services/<slug:slug>/suggest/", suggestions.suggest, name="suggest"),
    path("about/", pages.about, name="about"),
    path("safety/", views.safety, name="safety"),
    path("signs/", pages.signs, name="signs"),
    path("coverage/", pages.coverage_page, name="coverage"),
    path("coverage.csv", pages.coverage_download, name="coverage_csv"),
    path("advocate/", include("directory.web.advocate_urls")),
]
