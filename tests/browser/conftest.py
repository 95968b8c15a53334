"""Fixtures of the live-server tests: Debian's Chromium driven by Playwright, and `outside`,
a plain HTTP client (urllib) that talks to the live server as a visitor's browser would.

    def test_it_searches(live_server, page):
        page.goto(live_server.url + "/services/")

`browser` is one Chromium per parallel worker, started by the first test that needs it and
reused by every other; `new_context(**options)` opens a fresh profile (no cookies, no
history; options as Browser.new_context), closed after the test; `page` is a page in one of
them. Every context refuses requests that would leave this machine, so no test can reach
the quick-exit target or any other outside site. Tests that use the browser are marked
`browser` here (`-m "not browser"` leaves them out).

live_server (pytest-django's) is one server per worker; its tests run on a database whose
writes commit and which is flushed after each (`vocabulary`, tests/conftest.py). It serves
/static/ from static/ as the files are there; tests that need production's collected,
hashed and compressed files ask for `collected_static`.

Playwright cannot download its own browsers here: CHROMIUM_PATH is used, by default Debian's
chromium-headless-shell (the same engine without the desktop browser around it: what
Playwright itself runs headless; it halves the suite's browser time) or else its chromium.
A machine with neither skips the browser tests (which fails them under CI=true).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User

from directory.models import Organization
from directory.review.roles import user_add_to_role
from tests.browser.outside import PASSWORD, Browserless

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or next(
    (path for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if os.path.exists(path)),
    "/usr/bin/chromium",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM_PATH):
        pytest.skip(f"no Chromium at {CHROMIUM_PATH} (set CHROMIUM_PATH, or apt-get install chromium-headless-shell)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which Django takes for async
    # code and refuses database access in; the tests themselves are ordinary sync code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _stay_on_this_machine(route: Route) -> None:
    if urlsplit(route.request.url).hostname in LOCAL_HOSTS or not route.request.url.startswith("http"):
        route.fallback()
    else:
        route.abort("blockedbyclient")


@pytest.fixture
def new_context(browser, vocabulary) -> Iterator[Callable[..., BrowserContext]]:
    """new_context(**options): a fresh browser profile; options as Browser.new_context()."""
    contexts = []

    def make(**options) -> BrowserContext:
        context = browser.new_context(**options)
        context.route("**/*", _stay_on_this_machine)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    return new_context().new_page()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


# A visitor without a browser (tests/browser/outside.py).


@pytest.fixture
def outside(live_server, vocabulary) -> Browserless:
    return Browserless(live_server.url)


@pytest.fixture
def advocate_of(vocabulary) -> Callable[..., User]:
    """advocate_of("Org name") -> a user in the advocates' role for that organization."""

    def make(organization: str, username: str = "advocate") -> User:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user_add_to_role(user=user, role="advocate", organization=Organization.objects.get_or_create(name=organization)[0])
        return user

    return make
