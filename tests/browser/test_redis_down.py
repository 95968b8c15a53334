"""Finding 6: with Redis unreachable every public page and API endpoint still answers."""

import json

import pytest
import redis
from django.core.cache import caches

from directory.models import RateLimitCounter
from tests.browser.outside import REDIS_UP, closed_port, redis_caches

PUBLIC_PATHS = [
    "/", "/services/", "/services/?q=shelter&county=taos", "/services/?near=87571&service_type=shelter",
    "/services/?q=sheltr", "/services/casa/", "/services/casa/suggest/", "/safety/", "/about/", "/signs/",
    "/coverage/", "/no-such-page/", "/services/?county=atlantis",
    "/api/v1/services/", "/api/v1/services/?q=shelter", "/api/v1/services/?near=87571",
    "/api/v1/services/casa/", "/api/v1/services/nope/", "/api/v1/services/?county=atlantis",
    "/api/v1/counties/", "/api/v1/service-types/", "/api/schema/", "/api/v1/nothing/", "/healthz",
]  # fmt: skip


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/0")
    yield
    for alias in ("default", "facets"):
        caches[alias].close()


@pytest.fixture
def listing(make_listing):
    return make_listing("Casa", slug="casa", counties_served=["taos"], city="Taos", zip="87571")


def test_a_sweep_of_every_public_url_gets_no_500(outside, listing, redis_down):
    for prefix in ("", "/es"):
        for path in PUBLIC_PATHS:
            if prefix and path.startswith(("/api", "/healthz")):
                continue
            answer = outside.request(prefix + path)
            assert answer.status < 500, (prefix + path, answer.status)
    token = outside.csrf_token("/services/casa/suggest/")
    answer = outside.request("/services/casa/suggest/", data={"text": "New phone.", "csrfmiddlewaretoken": token})
    assert answer.status == 200


def test_the_api_limit_still_counts_in_the_database(outside, listing, redis_down, settings):
    settings.API_THROTTLE_RATE = "3/min"

    statuses = [outside.request("/api/v1/counties/").status for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert json.loads(outside.request("/api/v1/counties/").text)["detail"]
    assert RateLimitCounter.objects.get().hits == 5


def test_with_redis_up_the_counters_live_there_under_a_keyed_hash(outside, listing, settings):
    client = redis.Redis.from_url(REDIS_UP)
    client.flushdb()
    settings.CACHES = redis_caches(REDIS_UP)
    settings.API_THROTTLE_RATE = "3/min"

    statuses = [outside.request("/api/v1/counties/").status for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    keys = [key.decode() for key in client.keys("*")]
    assert any("ratelimit:api:" in key for key in keys)
    assert not any("127.0.0.1" in key for key in keys)
    assert not RateLimitCounter.objects.exists()
    client.flushdb()
