"""A visitor without a browser, for the red team's findings (issue 11) reproduced from
outside: a live server with the production settings (DEBUG off, the real middleware), real
PostgreSQL, the machine's real Redis, and a closed port standing for Redis down. The
`outside` and `advocate_of` fixtures are in conftest.py."""

import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from django.contrib.auth.models import User

from tests.support import free_port

# One Redis database per xdist worker (15, 14, ...): the tests flush theirs, and two workers
# counting hits in the same database would each see the other's.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_UP = f"redis://127.0.0.1:6379/{15 - _WORKER % 8}"
PASSWORD = "a-long-test-password-42"


def closed_port() -> int:
    """A local port nothing listens on: Redis "down" the way a crashed server is."""
    return free_port()


def redis_caches(url: str) -> dict:
    return {
        alias: {"BACKEND": "directory.infra.cache.ResilientRedisCache", "LOCATION": url, "KEY_PREFIX": "sec"}
        for alias in ("default", "facets")
    }


@dataclass
class Answer:
    status: int
    headers: Message
    text: str

    @property
    def cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browserless:
    """An HTTP client that keeps the cookies it is sent, as a person's browser would.

    The cookies are kept by hand: production settings mark them Secure, and this talks
    plain HTTP to a server on this machine (as a TLS proxy in front of it would).
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirects)

    def request(self, path: str, *, data: dict | None = None, headers: dict | None = None) -> Answer:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=60) as response:
                answer = Answer(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.headers, error.read().decode())
        for cookie in answer.cookies:
            name, _, rest = cookie.partition("=")
            value = rest.split(";")[0]
            if value and "expires=Thu, 01 Jan 1970" not in cookie:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return answer

    def csrf_token(self, path: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.request(path).text)[1]


def has_way_out(html: str, quick_exit_url: str) -> bool:
    """The quick exit and the safety line (911, the hotline) are on the page."""
    return (
        'id="quick-exit"' in html
        and f'href="{quick_exit_url}"' in html.replace("&amp;", "&")
        and 'href="tel:911"' in html
        and 'href="tel:+18883737888"' in html
    )


def log_in(client: Browserless, user: User) -> None:
    """Through the advocates' login form, as a person would."""
    token = client.csrf_token("/advocate/login/")
    answer = client.request("/advocate/login/", data={"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert answer.status == 302, answer.status
