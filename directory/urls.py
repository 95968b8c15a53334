from django.urls import include, path

from . import suggestions, views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.services, name="services"),
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("services/<slug:slug>/suggest/", suggestions.suggest, name="suggest"),
    path("about/", views.about, name="about"),
    path("safety/", views.safety, name="safety"),
    path("advocate/", include("directory.advocate_urls")),
]
