"""Gunicorn with production settings, serving the test database: its access log keeps no
search, referrer, user agent or client address."""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import quote

from django.conf import settings

from tests.support import BASE_DIR, free_port, production_env


def test_gunicorn_logs_a_search_without_its_query_referrer_or_client(db, collected_static):
    port = free_port()
    gunicorn = BASE_DIR / ".venv/bin/gunicorn"
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    env = production_env(
        ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false", WEB_CONCURRENCY="1", DATABASE_URL=_database_url(),
        STATIC_ROOT=str(collected_static),
    )
    server = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):  # up to 30 s on a busy machine
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2)
                break
            except OSError:  # refused, or too slow to answer yet (URLError and timeouts are OSErrors)
                time.sleep(0.1)
        request = urllib.request.Request(
            url + "/about/?q=secretsearchterm&near=Taos",
            headers={"Referer": "https://referrer.example.net/secretreferrer", "User-Agent": "secretagent"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)
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
