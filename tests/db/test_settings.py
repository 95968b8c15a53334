"""The database settings take effect: PostgreSQL runs with the planner options of settings.py."""

from django.db import connection


def test_postgres_runs_without_jit_or_parallel_workers(db):
    with connection.cursor() as cursor:
        for name, value in [("jit", "off"), ("max_parallel_workers_per_gather", "0"), ("random_page_cost", "1.1")]:
            cursor.execute(f"SHOW {name}")
            assert cursor.fetchone()[0] == value, name
