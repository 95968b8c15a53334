"""Helpers for tests that send more requests than a client may."""

from django.core.cache import cache

from directory.models import RateLimitCounter


def forget_rate_limits() -> None:
    """Every client starts again with a clean count (counters live in the database or Redis)."""
    RateLimitCounter.objects.all().delete()
    cache.clear()
