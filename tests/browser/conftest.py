"""Live-server and browser fixtures: Debian's Chromium driven by Playwright.

Load this module as a plugin from a test module (and mark browser tests):

    pytest_plugins = ["tests.browser"]
    pytestmark = pytest.mark.browser

    def test_it_searches(live_server, page):
        page.goto(live_server.url + "/services/")

`browser` is one Chromium for the whole session; `new_context(**options)` opens a fresh
profile (no cookies, no history; options as Browser.new_context), closed after the test;
`page` is a page in one of them. Every context refuses requests that would leave this
machine, so no test can reach the quick-exit target or any other outside site.

Also for live-server tests without a browser (`new_context` and `page` use them):
`vocabulary` puts back the counties, service types and populations of the data migration,
which each live-server test's database flush deletes; `static_from_source` serves static/
as it is; and live_server speaks plain HTTP (see `_live_server_speaks_plain_http`).

Playwright cannot download its own browsers here: CHROMIUM_PATH (default /usr/bin/chromium)
is used, and a machine without it skips the browser tests (which fails them under CI=true).
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
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
        pytest.skip(f"no Chromium at {CHROMIUM_PATH} (set CHROMIUM_PATH, or apt-get install chromium)")
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


@pytest.fixture(scope="session", autouse=True)
def _live_server_speaks_plain_http(django_test_environment) -> Iterator[None]:
    """live_server is one server for the session, and its SecurityMiddleware reads
    SECURE_SSL_REDIRECT once, when the server starts: conftest's per-test setting comes too
    late for it, and every page would redirect to an https:// that nothing serves."""
    from django.test import override_settings

    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


def load_vocabulary() -> None:
    """The counties, service types and populations of migration 0002 (idempotent)."""
    from django.apps import apps

    importlib.import_module("directory.migrations.0002_vocabularies").create(apps, None)


def _uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(fixtures & {"db", "transactional_db", "live_server"})


@pytest.fixture(scope="session", autouse=True)
def _vocabulary_at_start_and_exit(request: pytest.FixtureRequest, django_db_blocker) -> Iterator[None]:
    # A reused test database (--reuse-db) keeps what the last run left: after a live-server
    # test's flush, no vocabulary for the next run's ordinary database tests.
    if not any(_uses_database(item) for item in request.session.items):
        yield  # no test database this session: touch no database at all
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        load_vocabulary()
    yield
    with django_db_blocker.unblock():
        load_vocabulary()


@pytest.fixture
def vocabulary(transactional_db) -> None:
    """Live-server tests run on a transactional database that is flushed after each test."""
    load_vocabulary()


@pytest.fixture
def static_from_source(settings) -> None:
    """Serve site.css and site.js as they are in static/, not from a collectstatic run.

    The live server serves /static/ from the source tree (staticfiles finders), which knows
    nothing of the hashed names the production manifest storage would put in the page.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _stay_on_this_machine(route: Route) -> None:
    if urlsplit(route.request.url).hostname in LOCAL_HOSTS or not route.request.url.startswith("http"):
        route.fallback()
    else:
        route.abort("blockedbyclient")


@pytest.fixture
def new_context(browser, vocabulary, static_from_source) -> Iterator[Callable[..., BrowserContext]]:
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
