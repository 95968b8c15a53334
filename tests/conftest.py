import datetime
import itertools
import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone, translation

from directory.models import (
    County,
    Language,
    Listing,
    OpeningHours,
    Organization,
    Phone,
    Population,
    ServiceType,
)
from directory.search.index import update_search_vectors


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped test fails: CI proves everything, or says what it could not."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true: {report.longrepr}"


@pytest.fixture(scope="session", autouse=True)
def _collected_static(django_test_environment, worker_id):
    """Production settings serve hashed static files from a manifest, as in production.

    Each parallel worker collects into its own directory, so that none reads a manifest
    another is halfway through writing.
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(STATIC_ROOT=f"{settings.STATIC_ROOT}-{worker_id}"):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


_counter = itertools.count(1)


@pytest.fixture
def make_listing(db):
    """Create a listing (published and verified today unless told otherwise).

    Relations take slugs: service_types=["shelter"], counties_served=["taos"],
    languages=["es"], populations=["women"]; phones=[("voice", "+15055550100")];
    hours=[(weekday, "09:00", "17:00")].
    """

    def make(
        name: str | None = None,
        *,
        organization: str = "Example Organization",
        service_types=("shelter",),
        counties_served=(),
        county: str | None = None,
        languages=(),
        populations=(),
        phones=(("voice", "+15055550100"),),
        hours=(),
        **fields,
    ) -> Listing:
        n = next(_counter)
        org, _ = Organization.objects.get_or_create(name=organization)
        fields.setdefault("description", "A fictional example service.")
        fields.setdefault("status", Listing.Status.PUBLISHED)
        fields.setdefault("last_verified", timezone.localdate())
        name = name or f"Listing {n}"
        listing = Listing.objects.create(
            name=name,
            slug=fields.pop("slug", f"listing-{n}"),
            organization=org,
            county=County.objects.get(slug=county) if county else None,
            **fields,
        )
        listing.service_types.set(ServiceType.objects.filter(slug__in=service_types))
        listing.counties_served.set(County.objects.filter(slug__in=counties_served))
        listing.populations.set(Population.objects.filter(slug__in=populations))
        listing.languages.set(
            [Language.objects.get_or_create(code=code, defaults={"name": code})[0] for code in languages]
        )
        for kind, number in phones:
            Phone.objects.create(listing=listing, kind=kind, number=number)
        for weekday, opens, closes in hours:
            OpeningHours.objects.create(
                listing=listing,
                weekday=weekday,
                opens=datetime.time.fromisoformat(opens),
                closes=datetime.time.fromisoformat(closes),
            )
        update_search_vectors([listing.pk])
        return listing

    return make


@pytest.fixture
def reviewer(db) -> User:
    return User.objects.create_user("reviewer", "reviewer@example.org", "a-long-test-password", is_staff=True)


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", "root@example.org", "a-long-test-password")


@pytest.fixture(autouse=True)
def _english_to_start_with():
    """Every test starts in English: a request to /es/ leaves Spanish active in its thread
    (LocaleMiddleware activates, nothing deactivates), which parallel runs put before any test."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Production settings redirect to HTTPS; the test client speaks plain HTTP."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def sqlite_demo(tmp_path) -> Callable[..., str]:
    """The `make run` path: a fresh SQLite database, migrated and loaded with the demo.

    Gives manage(*args), which runs a manage.py command on it and returns its output.
    """
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3"}

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
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
