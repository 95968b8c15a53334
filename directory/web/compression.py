"""Compressed responses, and the responses that are never compressed."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for responses that hold no secret.

    BREACH reads a secret out of compressed HTTPS responses by making the victim's browser
    send guesses that the page reflects next to the secret, and watching the sizes. A public
    page holds nothing secret: it is the same for everyone, and confidential addresses never
    leave the server. Only two kinds of response can hold a secret, and neither is compressed:
    one that carries a CSRF token (a form), and any response to a visitor holding a session
    cookie (an advocate's or a reviewer's pages: the admin shows confidential addresses and
    reflects its search box). Django besides masks the CSRF token afresh in every response
    and pads every compressed response with up to 100 random bytes ("Heal the Breach").
    See docs/quick-exit.md, "Compression".
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # CSRF_COOKIE: the CSRF secret, there once a page rendered a token (or the visitor
        # already had one).
        if "CSRF_COOKIE" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response
        return super().process_response(request, response)
