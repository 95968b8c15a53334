from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REDIRECTS = (301, 302, 303, 307, 308)  # not 304: that one refreshes a cached static file


def no_store_html(get_response: Callable[[HttpRequest], HttpResponse]):
    """HTML and redirects are never kept in a shared or browser cache.

    On a monitored device a cached page is a trace, and so is a cached redirect: browsers
    keep a 301 indefinitely, with the URL it came from (a search's query string included).
    Listed first in MIDDLEWARE so that responses made by other middleware (the HTTPS
    redirect, the trailing-slash redirect, the login lockout page) are covered too.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.get("Content-Type", "").startswith("text/html") or response.status_code in REDIRECTS:
            response["Cache-Control"] = "no-store"
        return response

    return middleware
