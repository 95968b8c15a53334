"""Finding 7: limits hold across worker processes (gunicorn, 3 workers), with and without Redis."""

import os
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.db import connection

from directory.models import Suggestion
from tests.browser.outside import REDIS_UP, Browserless
from tests.support import BASE_DIR, free_port

RATE = 120


@pytest.fixture(params=["database", "redis"])
def gunicorn(request, vocabulary, collected_static, tmp_path):
    """Three workers on the test database, production settings, REDIS_URL or not."""
    port = free_port()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "SECRET_KEY": "security-test-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "API_THROTTLE_RATE": f"{RATE}/min",
        "STATIC_ROOT": str(collected_static),
        "DEBUG": "false",
    }
    env.pop("REDIS_URL", None)
    if request.param == "redis":
        redis.Redis.from_url(REDIS_UP).flushdb()
        env["REDIS_URL"] = REDIS_UP
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", "3", "--bind", f"127.0.0.1:{port}",
         "config.wsgi"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=30)
    if request.param == "redis":
        redis.Redis.from_url(REDIS_UP).flushdb()


def test_400_parallel_api_requests_get_exactly_the_limit(gunicorn):
    client = Browserless(gunicorn)

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda _: client.request("/api/v1/counties/").status, range(400)))

    assert statuses.count(200) == RATE
    assert statuses.count(429) == 400 - RATE


def test_30_parallel_suggestions_store_exactly_five(gunicorn, make_listing):
    make_listing("Casa", slug="casa")
    client = Browserless(gunicorn)
    token = client.csrf_token("/services/casa/suggest/")  # one visitor, one session

    def post(_):
        return client.request("/services/casa/suggest/", data={"text": "The phone changed.", "csrfmiddlewaretoken": token}).status

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(post, range(30)))

    assert statuses.count(200) == 5
    assert statuses.count(429) == 25
    assert Suggestion.objects.count() == 5
