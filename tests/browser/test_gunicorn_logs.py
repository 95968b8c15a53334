"""Gunicorn with production settings, serving the test database: its access log keeps no
search, referrer, user agent or client address, and the workers it replaces (max_requests)
are forks of the application loaded once, which serve at once."""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from django.conf import settings

from tests.support import gunicorn, production_env


def served(static_root, *options: str, workers: int = 1):
    """gunicorn with production settings on the test database (tests/support.py gunicorn())."""
    env = production_env(
        ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false", WEB_CONCURRENCY=str(workers),
        DATABASE_URL=_database_url(), STATIC_ROOT=str(static_root),
    )  # fmt: skip
    return gunicorn(env, *options)


def test_gunicorn_logs_a_search_without_its_query_referrer_or_client(db, collected_static):
    with served(collected_static) as (url, output):
        request = urllib.request.Request(
            url + "/about/?q=secretsearchterm&near=Taos",
            headers={"Referer": "https://referrer.example.net/secretreferrer", "User-Agent": "secretagent"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
    stdout, stderr = output
    port = url.rsplit(":", 1)[1]
    access_lines = [line for line in stdout.splitlines() if "/about/" in line]
    assert len(access_lines) == 1, stdout + stderr
    assert " GET /about/ 200 " in access_lines[0]
    for secret in ("secretsearchterm", "Taos", "near=", "referrer.example.net", "secretreferrer", "secretagent", "127.0.0.1"):
        assert secret not in stdout + stderr.replace(f"127.0.0.1:{port}", "")  # its own bind address aside
    assert "Listening at" in stderr  # the error log is stderr


def _database_url() -> str:
    """The test database itself: /healthz runs a query, /about/ none."""
    database = settings.DATABASES["default"]
    user = quote(database["USER"]) + (":" + quote(database["PASSWORD"]) if database["PASSWORD"] else "")
    return f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


def test_replaced_workers_are_forks_of_the_loaded_application_and_search_at_once(db, collected_static):
    # Every worker is replaced after two requests, so the searches below, four at a time,
    # keep meeting new ones, forked from the master that loaded the application and warmed
    # the facet index up: each answers, and the warm-up reports no failure.
    def search(n: int) -> int:
        with urllib.request.urlopen(f"{url}/services/?q={('shelter', 'refugio')[n % 2]}&near=Taos", timeout=10) as response:
            return response.status

    with served(collected_static, "--max-requests", "2", "--max-requests-jitter", "0", workers=2) as (url, output):
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(search, range(8)))
    stdout, stderr = output
    assert statuses == [200] * 8, stderr
    assert stderr.count("Autorestarting worker") >= 3, stderr
    assert "warm-up failed" not in stderr and "Traceback" not in stderr, stderr
