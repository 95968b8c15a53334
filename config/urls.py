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

# Every error page in the site's template, with the quick exit and the safety line.
handler400 = "directory.errors.bad_request"
handler403 = "directory.errors.permission_denied"
handler500 = "directory.errors.server_error"
