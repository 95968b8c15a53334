from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from directory.web import views

urlpatterns = [
    # The admin's login page offers "forgotten your password?" when this name exists.
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="directory:advocate:password_reset"),
        name="admin_password_reset",
    ),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("directory.api.urls")),
]

# English at the root, Spanish under /es/; the language comes from the path alone.
urlpatterns += i18n_patterns(
    path("", include("directory.web.urls")),
    prefix_default_language=False,
)

# Every error page in the site's template, with the quick exit and the safety line.
handler400 = "directory.web.errors.bad_request"
handler403 = "directory.web.errors.permission_denied"
handler500 = "directory.web.errors.server_error"
