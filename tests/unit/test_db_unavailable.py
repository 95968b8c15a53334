"""With the database unreachable, every page that needs it answers 503 with Retry-After, in
the site's own page (quick exit and safety line, both languages), and /healthz answers 503
to the balancer. Pages that read nothing from the database (home, about, safety) keep
answering: someone looking for the emergency numbers or the safety advice still gets them.

Served by gunicorn with production settings, pointed at a port where no database listens:
nothing in the test process stands in for the outage.
"""

import urllib.error
import urllib.request

import pytest

from tests.support import free_port, gunicorn, production_env

DATABASE_PAGES = [
    "/services/?q=shelter&county=taos",
    "/services/",
    "/services/some-listing/",
    "/services/some-listing/suggest/",
    "/es/services/?q=refugio",
    "/es/services/some-listing/",
]
PAGES_WITHOUT_DATABASE = ["/", "/about/", "/safety/", "/es/", "/es/safety/"]


@pytest.fixture(scope="module")
def server_without_database(collected_static_root):
    dead_port = free_port()  # nothing listens on it
    env = production_env(
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        WEB_CONCURRENCY="1",
        DATABASE_URL=f"postgres://directory@127.0.0.1:{dead_port}/directory",
        QUICK_EXIT_URL="https://quick-exit.example.org/",
        STATIC_ROOT=str(collected_static_root),  # tests/conftest.py
    )
    # Ready when it serves a static file: /healthz answers 503 without a database.
    with gunicorn(env, ready="/static/css/site.css") as (url, _output):
        yield url


def fetch(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.mark.parametrize("path", DATABASE_PAGES)
def test_every_page_that_needs_the_database_answers_503_with_the_quick_exit_and_safety_line(server_without_database, path):
    status, headers, body = fetch(server_without_database + path)

    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in headers
    assert 'href="https://quick-exit.example.org/"' in body  # the quick exit, without JavaScript
    assert "1-888-373-7888" in body and 'href="tel:911"' in body  # the safety line
    spanish = path.startswith("/es/")
    assert ('<html lang="es">' in body) == spanish
    assert ("no puede mostrar" in body) == spanish  # the page's own words, translated
    assert "Traceback" not in body and "5432" not in body and "directory@" not in body


@pytest.mark.parametrize("path", PAGES_WITHOUT_DATABASE)
def test_pages_that_need_no_database_keep_answering(server_without_database, path):
    status, headers, body = fetch(server_without_database + path)

    assert status == 200
    assert 'href="https://quick-exit.example.org/"' in body and "1-888-373-7888" in body


def test_healthz_answers_503(server_without_database):
    status, headers, body = fetch(server_without_database + "/healthz")

    assert status == 503
    assert body == "unavailable\n"
    assert int(headers["Retry-After"]) > 0


def test_the_api_answers_503_in_json(server_without_database):
    status, headers, body = fetch(server_without_database + "/api/v1/services/?county=taos")

    assert status == 503
    assert headers["Content-Type"] == "application/json"
    assert int(headers["Retry-After"]) > 0
    assert "unavailable" in body
