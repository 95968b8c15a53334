"""What every test shares, whatever its layer.

The layers (README, "Two commands"): tests/unit needs no database (pytest-django refuses it any),
tests/db gets Django's test database, tests/browser a live server (and Chromium). The
fixtures of one layer are in its own conftest.py; plain helpers are in tests/support.py.
"""

import copy
import fcntl
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation

from tests.support import create_listing, migration_data_present, restore_migration_data

# As config/settings.py has them (DEBUG off): collected_static puts them back.
PRODUCTION_STORAGES = django_settings.STORAGES


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped test fails: CI proves everything, or says what it could not."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true: {report.longrepr}"


# --- settings for the whole run -------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _test_settings(django_test_environment, tmp_path_factory) -> Iterator[None]:
    """Production settings that cost time and prove nothing here:

    - HTTPS: production redirects plain HTTP, which the test client and the live server
      speak (a test of the redirect turns it back on);
    - the password hasher: PBKDF2 is slow on purpose (a million rounds a password); every
      user the tests create or log in with would pay it (a test of the hasher sets its own);
    - static files: the manifest storage needs `collectstatic` first. Pages name static files
      as they are in static/ (the live server's handler serves them from there), and STATIC_ROOT
      is an empty directory, which WhiteNoise indexes for every test client in no time. The
      tests that serve production's files ask for `collected_static`.
    """
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={**PRODUCTION_STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
        STATIC_ROOT=str(tmp_path_factory.mktemp("no-static-files")),
    ):
        yield


@pytest.fixture(scope="session")
def collected_static_root(django_test_environment, testrun_uid) -> Path:
    """`collectstatic` into STATIC_ROOT-tests, once for the whole run: the first parallel
    worker to need it collects under a lock, the others wait for it and use the result."""
    root = Path(f"{django_settings.STATIC_ROOT}-tests")
    done = root / ".collected-by"
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists() or done.read_text() != testrun_uid:
            from django.core.management import call_command

            with override_settings(STATIC_ROOT=str(root), STORAGES=PRODUCTION_STORAGES):
                call_command("collectstatic", interactive=False, verbosity=0)
            done.write_text(testrun_uid)
    return root


@pytest.fixture
def collected_static(collected_static_root, settings) -> Path:
    """Production's static files for this test: collectstatic's output, named from its manifest
    (hashed names), as WhiteNoise and gunicorn serve them. Gives STATIC_ROOT."""
    settings.STATIC_ROOT = str(collected_static_root)
    settings.STORAGES = PRODUCTION_STORAGES
    return collected_static_root


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogue(django_test_environment) -> None:
    """Compile the Spanish .mo when it is missing or older than the .po (as `make test` does)."""
    from tests.spanish import MO, PO, msgfmt

    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        # Written aside, then moved in one step: a parallel worker never reads half a file.
        partial = MO.with_name(f"django.mo.{os.getpid()}")
        subprocess.run([msgfmt(), "--check", "-o", str(partial), str(PO)], check=True, capture_output=True)
        os.replace(partial, MO)
        # Django caches catalogues per process: drop them, as changing LOCALE_PATHS in a test does.
        setting_changed.send(sender=None, setting="LOCALE_PATHS", value=django_settings.LOCALE_PATHS, enter=False)


# --- the database ---------------------------------------------------------------------------


# What the migrations wrote (Django's post_migrate included), kept after every flush.
MIGRATION_DATA_TABLES = (
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "directory_county",
    "directory_servicetype",
    "directory_population",
)


class _MigrationData:
    """The rows of MIGRATION_DATA_TABLES as migrated: table -> (columns, rows)."""

    rows: dict[str, tuple[list[str], list[tuple]]] = {}

    @classmethod
    def take(cls) -> None:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in MIGRATION_DATA_TABLES:
                cursor.execute(f"SELECT * FROM {quote(table)}")
                cls.rows[table] = ([column[0] for column in cursor.description], cursor.fetchall())

    @classmethod
    def put_back(cls, cursor) -> None:
        quote = connection.ops.quote_name
        for table, (columns, rows) in cls.rows.items():
            names, marks = ", ".join(map(quote, columns)), ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def _empty_the_tables(test_case) -> None:
    """TransactionTestCase's flush, in a fraction of its time: delete every row, then put
    back the migrations' data as it was at the start of the run. Django's flush truncates every
    table (on PostgreSQL, new files for each, synced at the commit), then runs post_migrate,
    which creates every app's content types and permissions again: 0.2 s after each
    live-server test. The same ids as migrated, so no cache of content types goes stale."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            cursor.execute(f"DELETE FROM {quote(table)}")
        _MigrationData.put_back(cursor)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The test database, with what the data migrations wrote, whatever came before.

    A transactional test (live server, committed writes) ends with a flush, which here
    empties every table but puts back what the migrations wrote (_empty_the_tables), so that
    the next test finds the database as migrated, in whatever order the tests run. A
    database kept from an interrupted run (--reuse-db) gets that data back at the start.
    """
    from django.test import TransactionTestCase

    with django_db_blocker.unblock():
        if not migration_data_present():
            restore_migration_data()
        _MigrationData.take()
    flush = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = _empty_the_tables
    yield
    TransactionTestCase._fixture_teardown = flush


class _SharedRows:
    """Rows that the tests of one module only read, created once for them instead of once a
    test (as Django's setUpTestData does for a class): in a transaction left open around
    those tests, each test's own transaction a savepoint inside it, each test given its own
    copy of the objects. Rolled back after the last of them (pytest_runtest_teardown)."""

    key: tuple[str, str] | None = None
    atomic = None
    rows = None
    blocker = None

    @classmethod
    def close(cls) -> None:
        if cls.atomic is not None:
            with cls.blocker.unblock():
                transaction.set_rollback(True)
                cls.atomic.__exit__(None, None, None)
        cls.key = cls.atomic = cls.rows = cls.blocker = None


@pytest.fixture
def shared_rows(request, django_db_setup, django_db_blocker) -> Callable[[str, Callable], object]:
    """shared_rows(name, build): what build() creates, shared by the module's tests that ask
    for the same name. A fixture that uses it must ask for no `db` itself: the test's own
    transaction has to start inside the shared one (`db` is requested here, after it)."""

    def get(name: str, build: Callable[[], object]) -> object:
        key = (request.module.__name__, name)
        if _SharedRows.key != key:
            _SharedRows.close()
            if connection.in_atomic_block:  # the test's own transaction came first: nothing to share
                return build()
            with django_db_blocker.unblock():
                atomic = transaction.atomic()
                atomic.__enter__()
                try:
                    rows = build()
                except BaseException:
                    transaction.set_rollback(True)
                    atomic.__exit__(None, None, None)
                    raise
            _SharedRows.key, _SharedRows.atomic, _SharedRows.rows, _SharedRows.blocker = key, atomic, rows, django_db_blocker
        request.getfixturevalue("db")
        return copy.deepcopy(_SharedRows.rows)

    return get


def _shares_rows(item: pytest.Item | None) -> bool:
    return item is not None and "shared_rows" in getattr(item, "fixturenames", ())


def _shares_these_rows(item: pytest.Item | None) -> bool:
    return _shares_rows(item) and item.module.__name__ == _SharedRows.key[0]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After the last test that shares the rows, roll them back."""
    yield
    if _SharedRows.key is not None and not _shares_these_rows(nextitem):
        _SharedRows.close()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """And in any case before a test that does not share them (a parallel worker may be
    handed another test than the one it expected next)."""
    if _SharedRows.key is not None and not _shares_these_rows(item):
        _SharedRows.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Within each module, the tests that share rows first, so that the rows are built once."""
    start = 0
    while start < len(items):
        end = start
        while end < len(items) and getattr(items[end], "module", None) is getattr(items[start], "module", None):
            end += 1
        items[start:end] = sorted(items[start:end], key=lambda item: not _shares_rows(item))
        start = end


@pytest.fixture
def vocabulary(transactional_db) -> None:
    """A database whose writes commit (flushed after the test: a live server's thread and
    subprocesses see them), holding the vocabularies and roles of the data migrations."""


@pytest.fixture
def make_listing(db) -> Callable[..., object]:
    """make_listing(name, **fields): tests/support.py's create_listing."""
    return create_listing


@pytest.fixture
def reviewer(db) -> User:
    return User.objects.create_user("reviewer", "reviewer@example.org", "a-long-test-password", is_staff=True)


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", "root@example.org", "a-long-test-password")


# --- every test -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english_to_start_with():
    """Every test starts in English: a request to /es/ leaves Spanish active in its thread
    (LocaleMiddleware activates, nothing deactivates), which parallel runs put before any test."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def sqlite_demo(tmp_path_factory) -> Callable[..., str]:
    """The `make run` path: a fresh SQLite database, migrated and loaded with the demo, once
    per worker for the tests that read it (each migration and load is a process of its own).

    Gives manage(*args), which runs a manage.py command on it and returns its output.
    """
    path = tmp_path_factory.mktemp("sqlite-demo") / "demo.sqlite3"
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{path}"}

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=django_settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--noinput")
    manage("load_demo_data")
    return manage
