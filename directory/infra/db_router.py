"""Anonymous reads from a read replica (DATABASE_REPLICA_URL), everything else from the primary.

A request may read from the replica only when it cannot have written anything the
replica might not have yet, nor need to see such a write:

- its method is GET or HEAD, and it carries no session cookie: anonymous visitors of
  the public pages and the API. Anyone with a session (a reviewer, an advocate, someone
  who just sent the suggestion form) reads from the primary, so they see their own
  writes on the very next page;
- it is not under /admin/ or the advocates' portal;
- it has not written yet: the first write pins the rest of the request to the primary.

Commands, the shell and tests outside a request read from the primary.

The replica is used only while it answers and lags the primary by at most
DATABASE_REPLICA_MAX_LAG seconds (pg_last_xact_replay_timestamp()); that is checked at
most every REPLICA_CHECK_SECONDS per process. A request whose replica read fails is run
again on the primary (it is a safe method, so running it twice is harmless), and the
replica is left alone until the next check.
"""

import contextvars
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
REPLICA_CHECK_SECONDS = 2.0
# Cache entries (a database cache for rate limits) must be read where they are written.
PRIMARY_ONLY_APPS = {"django_cache", "sessions", "axes"}
STAFF_PATHS = re.compile(r"^/(?:[a-z]{2}/)?(?:admin|advocate)/")
SAFE_METHODS = ("GET", "HEAD")

# Seconds the replica is behind, 0 when it has replayed everything it received. An idle
# primary writes no transactions, so the age of the last replayed one alone would call
# an up-to-date replica late.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())
END
"""

logger = logging.getLogger(__name__)


@dataclass
class _Reads:
    replica_allowed: bool
    used_replica: bool = False


_request_reads: contextvars.ContextVar[_Reads | None] = contextvars.ContextVar("request_reads", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@dataclass
class _Health:
    usable: bool = False
    checked_at: float = float("-inf")


_health = _Health()


def replica_usable() -> bool:
    """Whether the replica answers and is recent enough, checked at most every few seconds."""
    now = time.monotonic()
    if now - _health.checked_at >= REPLICA_CHECK_SECONDS:
        _health.usable, _health.checked_at = _check_replica(), now
    return _health.usable


def _check_replica() -> bool:
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL)
            (lag,) = cursor.fetchone()
    except DatabaseError:
        logger.warning("read replica unavailable: reading from the primary")
        connections[REPLICA].close()
        return False
    if lag is None:
        logger.warning("the read replica is not in recovery (promoted?): reading from the primary")
        return False
    if lag > settings.DATABASE_REPLICA_MAX_LAG:
        logger.warning("read replica %.0f s behind: reading from the primary", lag)
        return False
    return True


def replica_failed() -> None:
    """A query on the replica failed: use the primary until the next check."""
    _health.usable, _health.checked_at = False, time.monotonic()
    connections[REPLICA].close()


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        reads = _request_reads.get()
        if (
            reads is not None
            and reads.replica_allowed
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and replica_usable()
        ):
            reads.used_replica = True
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        reads = _request_reads.get()
        if reads is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            reads.replica_allowed = False  # the read right after a write sees it
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


def replica_eligible(request: HttpRequest) -> bool:
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not STAFF_PATHS.match(request.path_info)
    )


class ReplicaReadsMiddleware:
    """Decides per request whether its reads may go to the replica (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        token = _request_reads.set(_Reads(replica_allowed=replica_eligible(request)))
        try:
            return self.get_response(request)
        finally:
            _request_reads.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        reads = _request_reads.get()
        if reads is None or not reads.used_replica or not isinstance(exception, DatabaseError):
            return None
        logger.warning("a read on the replica failed: running the request again on the primary")
        replica_failed()
        reads.replica_allowed = reads.used_replica = False
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)
