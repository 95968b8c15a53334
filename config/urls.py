from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from directory import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("directory.api_urls")),
]

# English at the root, Spanish under /es/; the language comes from the path alone.
urlpatterns += i18n_patterns(
    path("", include("directory.urls")),
    prefix_default_language=False,
)

handler500 = "directory.views.server_error"
