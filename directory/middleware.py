from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def no_store_html(get_response: Callable[[HttpRequest], HttpResponse]):
    """HTML is never kept in a shared or browser cache: a monitored device's cache is a trace."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response["Cache-Control"] = "no-store"
        return response

    return middleware
