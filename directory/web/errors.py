"""Every error page the public can reach, in the site's template: with the quick exit and
the safety line, in the language of the path (PRODUCT.md: 400, 403 including a form sent
after its session expired, 404, 429 including a login lockout, 500; 503 elsewhere).

Django's own 400 and CSRF pages render without the request, so without the context
the quick exit needs; these render with it.
"""

import sys

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from directory.web.middleware import database_unavailable, is_database_unavailable


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid token: most often one left open until its session expired."""
    return render(request, "403_csrf.html", status=403)


def login_locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """django-axes' lockout, as a page of the site rather than plain text."""
    return render(request, "429.html", {"lockout": True}, status=429)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page with the quick exit and safety line (Django's default has no context);
    503 when what failed was reaching the database (raised outside a view)."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the page that says something broke must not break
        message = _("Something went wrong. In danger? Call 911.")
        return HttpResponse(message, status=500, content_type="text/plain; charset=utf-8")
