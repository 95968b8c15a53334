"""A Redis cache that a Redis outage cannot turn into an outage of the directory.

Django's RedisCache raises on every call while Redis is unreachable, and DRF's throttle,
the facet index and the rate limits would turn that into a 500 on every page. This one
answers as an empty cache instead (a get misses, a set is dropped), logs the outage once,
and tries Redis again only after a short pause, so a dead Redis costs no time per request.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


class CacheUnavailable(Exception):
    """Redis cannot be reached; callers that must count (rate limits) fall back."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = {**params, "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one cache operation; CacheUnavailable while Redis is down."""
        if time.monotonic() < self._down_until:
            raise CacheUnavailable
        try:
            return method(*args, **kwargs)
        except RedisError as error:
            with self._lock:
                if time.monotonic() >= self._down_until:
                    logger.warning("Redis unreachable (%s): carrying on without it", type(error).__name__)
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            raise CacheUnavailable from error

    def count(self, key: str, seconds: int) -> int:
        """Add one to a counter that expires `seconds` after its first hit (atomic in Redis)."""
        key = self.make_and_validate_key(key)

        def add_one() -> int:
            self._cache.add(key, 0, seconds)
            return self._cache.incr(key, 1)

        return self.call(add_one)

    def _quiet(name: str, fallback: Any = None):  # noqa: N805 - a class-body helper
        def method(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return self.call(getattr(super(ResilientRedisCache, self), name), *args, **kwargs)
            except CacheUnavailable:
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        method.__name__ = name
        return method

    get = _quiet("get", lambda key, default=None, version=None: default)
    get_many = _quiet("get_many", lambda keys, version=None: {})
    has_key = _quiet("has_key", False)
    set = _quiet("set")
    set_many = _quiet("set_many", lambda data, *a, **k: list(data))
    add = _quiet("add", False)
    touch = _quiet("touch", False)
    delete = _quiet("delete", False)
    delete_many = _quiet("delete_many")
    clear = _quiet("clear")
    del _quiet
