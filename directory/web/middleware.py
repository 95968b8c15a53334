import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

REDIRECTS = (301, 302, 303, 307, 308)  # not 304: that one refreshes a cached static file


def no_store_html(get_response: Callable[[HttpRequest], HttpResponse]):
    """HTML, API JSON and redirects are never kept in a shared or browser cache.

    On a monitored device a cached page is a trace, and so is a cached redirect: browsers
    keep a 301 indefinitely, with the URL it came from (a search's query string included).
    Listed first in MIDDLEWARE so that responses made by other middleware (the HTTPS
    redirect, the trailing-slash redirect, the login lockout page) are covered too.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith(("text/html", "application/json")) or response.status_code in REDIRECTS:
            response["Cache-Control"] = "no-store"
        return response

    return middleware


# Seconds after which a load balancer or a browser may try again.
RETRY_AFTER_SECONDS = 30
logger = logging.getLogger(__name__)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 in the site's own page (quick exit, safety line), rendered without the database.

    The API answers in JSON, as its other errors do.
    """
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": "The directory is temporarily unavailable."}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    try:
        response = render(request, "503.html", status=503)
    except Exception:  # the page that says something broke must not break
        message = _("This site is not available right now. In danger? Call 911.")
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def is_database_unavailable(error: BaseException | None) -> bool:
    # OperationalError: refused, reset or timed-out connections, a server shutting down.
    # InterfaceError: a connection that closed under the request.
    return isinstance(error, (OperationalError, InterfaceError))


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with Retry-After, not 500.

    Errors raised outside views (in other middleware) reach directory.errors.server_error,
    which answers the same way.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        logger.error("database unavailable: %s", type(exception).__name__)
        return database_unavailable(request)


def renew_signed_in_sessions(get_response: Callable[[HttpRequest], HttpResponse]):
    """A signed-in person's session lasts an hour from their last request (an idle timeout).

    Only theirs: an anonymous visitor's session (one made by a form they opened) is never
    renewed or re-saved by later page views, so those pages set no cookie and the server
    keeps no per-visitor "last seen" time. (SESSION_SAVE_EVERY_REQUEST would do both.)
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        # Without a session cookie nobody is signed in: don't load a session (that would
        # add "Vary: Cookie" to every public page).
        # (DRF leaves request.user None on the anonymous API.)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and getattr(request.user, "is_authenticated", False):
            request.session.modified = True
        return response

    return middleware
