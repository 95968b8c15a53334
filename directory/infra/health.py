"""What /healthz checks: that this server can serve pages, not only that a database answers.

A load balancer must stop sending people to a server whose every page would fail, so
the check reads what every public page reads, as the app's own database role: the
listing tables (a restore that left them owned by another role, or a revoked grant,
fails here) and the public data version (directory/search/facets.py), and it compares the
applied migrations with the release's. It answers the balancer "ok" or "unavailable"
and nothing more; the reason goes to the server's log.
"""

import functools
import logging

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader

logger = logging.getLogger(__name__)


@functools.cache
def _release_migrations() -> frozenset[tuple[str, str]]:
    """Every migration this release ships (read from disk once per process)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _directory_tables() -> list[str]:
    tables = ["directory_publicdataversion"]  # made by migration 0008's SQL, not by a model
    for model in apps.get_app_config("directory").get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def serving_problem(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    """Why this server cannot serve pages now, or None. Three short queries."""
    connection = connections[alias]
    try:
        # Atomic: a failed check leaves no broken transaction behind for the next request.
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT t FROM unnest(%s::text[]) AS t WHERE NOT has_table_privilege(t, 'SELECT')",
                    [_directory_tables()],
                )
                unreadable = [table for (table,) in cursor.fetchall()]
                if unreadable:
                    shown = ", ".join(unreadable[:3]) + (f" and {len(unreadable) - 3} more" if len(unreadable) > 3 else "")
                    return f"the database role cannot read {shown}"
                cursor.execute("SELECT version FROM directory_publicdataversion")
                if cursor.fetchone() is None:
                    return "the public data version is missing"
            cursor.execute("SELECT id FROM directory_listing LIMIT 1")
            cursor.fetchall()
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError as error:
        return f"database error: {str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__}"
    missing = _release_migrations() - applied
    if missing:
        return f"{len(missing)} migrations not applied, e.g. {'.'.join(min(missing))}"
    return None


def check_serving(alias: str = DEFAULT_DB_ALIAS) -> bool:
    problem = serving_problem(alias)
    if problem:
        logger.error("health check failed: %s", problem)
    return problem is None
