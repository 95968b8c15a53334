"""/healthz: "ok" only when this server can serve pages, and nothing more said to anyone.

A broken grant (the restore of issue 19: every table owned by postgres, the app's role
refused) and unapplied migrations both make every search fail, so both are a 503.
"""

import uuid

import pytest
from django.db import connection


@pytest.fixture
def app_role(db):
    """The test's requests run as a role that is not a superuser (grants apply to it)."""
    role = f"healthz_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"SET ROLE {role}")
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")  # the role itself goes with the test's rolled-back transaction


def revoke(role: str, table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(f"REVOKE SELECT ON {table} FROM {role}")
        cursor.execute(f"SET ROLE {role}")


def test_it_says_ok_when_the_app_role_can_serve(client, app_role):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.parametrize("table", ["directory_listing", "directory_publicdataversion", "directory_listing_languages"])
def test_a_broken_grant_is_a_503(client, app_role, table, caplog):
    revoke(app_role, table)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"  # the reason goes to the log, not to the caller
    assert int(response["Retry-After"]) > 0
    assert table in caplog.text


def test_an_unapplied_migration_is_a_503(client, db, caplog):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'directory' AND name LIKE '0008%%'")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    assert "migrations not applied" in caplog.text


def test_a_missing_data_version_is_a_503(client, db):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_publicdataversion")
    assert client.get("/healthz").status_code == 503


def test_it_is_quick(client, db, django_assert_max_num_queries):
    client.get("/healthz")  # the release's migrations are read from disk once per process
    with django_assert_max_num_queries(6):  # four reads, and the test's savepoint around them
        assert client.get("/healthz").status_code == 200


def test_it_sets_no_cookie_and_is_not_cached(client, db):
    response = client.get("/healthz")
    assert not response.cookies
    assert response["Content-Type"].startswith("text/plain")
