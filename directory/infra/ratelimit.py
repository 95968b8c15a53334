"""Rate limits that hold across every worker and server (API throttle, suggestion form).

A limit counts a client's hits in a window that starts with its first hit. The count
lives in Redis when REDIS_URL is set, and otherwise in the database (one upsert, atomic
under any number of workers); if Redis is unreachable, the database counts instead, so
a limit never silently becomes per process or disappears. A client is known only by a
keyed hash of its address: the address itself is stored nowhere, and the hash cannot be
turned back into it without the SECRET_KEY.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from directory.infra.cache import CacheUnavailable, ResilientRedisCache

KEY_SALT = "directory.infra.ratelimit"

_UPSERT = """
INSERT INTO directory_ratelimitcounter (key, started, hits) VALUES (%s, %s, 1)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN directory_ratelimitcounter.started > %s
                THEN directory_ratelimitcounter.hits + 1 ELSE 1 END,
    started = CASE WHEN directory_ratelimitcounter.started > %s
                   THEN directory_ratelimitcounter.started ELSE excluded.started END
RETURNING hits
"""


@dataclass(frozen=True)
class Limit:
    scope: str
    hits: int
    seconds: int

    @classmethod
    def parse(cls, scope: str, rate: str) -> "Limit":
        """'120/min' (DRF's notation: s, min, hour, day)."""
        count, period = rate.split("/")
        seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period.strip()[0]]
        return cls(scope=scope, hits=int(count), seconds=seconds)


def client_address(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only from the NUM_PROXIES we run."""
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def client_key(limit: Limit, request: HttpRequest) -> str:
    digest = salted_hmac(KEY_SALT, f"{limit.scope}:{client_address(request)}", algorithm="sha256").hexdigest()
    return f"{limit.scope}:{digest[:40]}"


def hit(limit: Limit, request: HttpRequest) -> bool:
    """Count one hit of this client; False once it is over the limit for this window."""
    return _count(client_key(limit, request), limit.seconds) <= limit.hits


def _count(key: str, seconds: int) -> int:
    cache = caches["default"]
    if isinstance(cache, ResilientRedisCache):
        try:
            return cache.count(f"ratelimit:{key}", seconds)
        except (CacheUnavailable, ValueError):
            pass  # Redis is down (or the key expired between its two steps): count here
    now = time.time()
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, now, now - seconds, now - seconds])
        return cursor.fetchone()[0]


def forget_old(max_seconds: int = 24 * 60 * 60) -> int:
    """Delete counters whose window ended long ago (the daily cleanup)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_ratelimitcounter WHERE started < %s", [time.time() - max_seconds])
        return cursor.rowcount
