"""Finding 7: limits hold across worker processes (gunicorn, 3 workers), with and without Redis."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.db import connection

from directory.models import Suggestion
from tests.browser.outside import REDIS_UP, Browserless
from tests.support import gunicorn as served
from tests.support import production_env

RATE = 120


@pytest.fixture(params=["database", "redis"])
def gunicorn(request, vocabulary, collected_static):
    """Three workers on the test database, production settings, REDIS_URL or not."""
    db = connection.settings_dict
    env = production_env(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false", DEBUG="false",
        API_THROTTLE_RATE=f"{RATE}/min", STATIC_ROOT=str(collected_static),
    )  # fmt: skip
    if request.param == "redis":
        redis.Redis.from_url(REDIS_UP).flushdb()
        env["REDIS_URL"] = REDIS_UP
    with served(env, "--workers", "3") as (url, _output):
        yield url
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
