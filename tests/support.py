"""Plain helpers shared by tests of more than one module: no fixtures (those are in the
conftest.py files) and no tests, so that no test module imports another.

- listings: `create_listing` (what the `make_listing` fixture gives), `restore_migration_data`;
- the CSV import: `a_row`, `write_csv`, `counts`;
- the review workflow: `PASSWORD`, `make_user`, `logged_in`, `form_data`, `edit_data`,
  `admin_form_data`, `NEW_LISTING`;
- production processes: `BASE_DIR`, `production_env`, `free_port`, `gunicorn`;
- the facet index: `bitmap`;
- rate limits: `forget_rate_limits`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import importlib
import itertools
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from directory.exchange.csv_import import COLUMNS
from directory.listings.values import listing_values
from directory.listings.writer import ListingChange, save_listings
from directory.models import (
    County,
    Language,
    Listing,
    OpeningHours,
    Organization,
    Phone,
    Population,
    RateLimitCounter,
    ServiceType,
)
from directory.rules.hours import Interval
from directory.web.forms import ListingValuesForm

BASE_DIR = Path(__file__).resolve().parents[1]

# --- listings and the data the migrations write ---------------------------------------------

_counter = itertools.count(1)


def create_listing(
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
    """A listing (published and verified today unless told otherwise), written by the one
    writer as every path of the app writes one: one history record with its relations.

    Relations take slugs: service_types=["shelter"], counties_served=["taos"],
    languages=["es"], populations=["women"]; phones=[("voice", "+15055550100")];
    hours=[(weekday, "09:00", "17:00")].
    """
    n = next(_counter)
    fields.setdefault("description", "A fictional example service.")
    fields.setdefault("status", Listing.Status.PUBLISHED)
    fields.setdefault("last_verified", timezone.localdate())
    change = ListingChange(
        fields={"name": name or f"Listing {n}", "slug": fields.pop("slug", f"listing-{n}"), "county": county, **fields},
        organization=organization,
        relations={
            "service_types": list(service_types),
            "counties_served": list(counties_served),
            "populations": list(populations),
            "languages": list(languages),
        },
        phones={kind: [number for k, number in phones if k == kind] for kind, _ in phones},
        hours=[
            Interval(weekday, datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes))
            for weekday, opens, closes in hours
        ],
    )
    [listing_id] = save_listings([change], actor=None, reason="test").ids
    return Listing.objects.get(pk=listing_id)


def restore_migration_data() -> None:
    """Put back what the data migrations wrote, from their own frozen lists (idempotent): the
    counties, service types and populations of 0002, the groups of 0006 and the reviewers'
    account permissions of 0012. A transactional test's flush deletes them.

    Not by calling the migrations' functions: those update row by row and create every
    app's permissions again, seconds after each flush; and their roles functions mark the
    apps as having no models when done (right for a migration's throwaway registry), which
    on the running one would stop post_migrate, and so this, for the rest of the run. The
    permissions themselves are there: Django's own post_migrate creates them first.
    """
    from django.contrib.auth.models import Group, Permission

    vocabularies = importlib.import_module("directory.migrations.0002_vocabularies")
    for model, names in (
        (County, vocabularies.COUNTIES),
        (ServiceType, vocabularies.SERVICE_TYPES),
        (Population, vocabularies.POPULATIONS),
    ):
        model.objects.bulk_create([model(slug=slug, name=name) for slug, name in names.items()], ignore_conflicts=True)
    roles = dict(importlib.import_module("directory.migrations.0006_roles").ROLES)
    roles["reviewers"] = [
        *roles["reviewers"],
        *importlib.import_module("directory.migrations.0012_f16_account_requests").REVIEWER_PERMISSIONS,
    ]
    for name, codenames in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="directory", codename__in=codenames))


def migration_data_present() -> bool:
    """One query: are the vocabularies and both roles there (nothing flushed them)?"""
    from django.contrib.auth.models import Group

    return County.objects.exists() and Group.objects.filter(name__in=["advocates", "reviewers"]).count() == 2


# --- the CSV import -------------------------------------------------------------------------


def a_row(**overrides: str) -> dict[str, str]:
    """A complete valid row of the CSV import; every column present."""
    row = {column: "" for column in COLUMNS}
    row.update(
        external_id="nm-001",
        organization="Example Safe House",
        name="Example Shelter",
        description="A fictional shelter.",
        service_types="shelter;hotline",
        counties_served="taos;rio-arriba",
        city="Taos",
        zip="87571",
        phone="(505) 555-0100",
        status="published",
    )
    row.update(overrides)
    return row


def write_csv(path: Path, rows: list[dict[str, str]], *, header: list[str] | None = None, encoding="utf-8") -> Path:
    """The rows as a CSV file with `header` (every column of the import unless told)."""
    header = header or list(COLUMNS)
    with path.open("w", newline="", encoding=encoding) as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])
    return path


def counts() -> dict[str, int]:
    """Rows in every table an import writes to, history included."""
    m2m = [Listing._meta.get_field(name) for name in ("service_types", "counties_served", "languages", "populations")]
    tables = [Listing, Organization, Phone, OpeningHours, Language, *(field.remote_field.through for field in m2m)]
    histories = [model.history.model for model in (Listing, Organization, Phone, OpeningHours)]
    snapshots = [getattr(Listing.history.model, field.name).model for field in m2m]
    return {model.__name__: model.objects.count() for model in [*tables, *histories, *snapshots]}


# --- the review workflow --------------------------------------------------------------------

PASSWORD = "a-long-test-password"


def make_user(username: str, **fields) -> User:
    return User.objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)


def logged_in(user: User, **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    return client


def form_data(values: dict, **overrides) -> dict:
    """What a browser posts for ListingValuesForm with these listing_values()-style values."""
    data = {}
    for name, value in {**ListingValuesForm.initial_from(values), **overrides}.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        else:
            data[name] = value
    return data


def edit_data(listing: Listing, **overrides) -> dict:
    """The edit form as it opens for `listing`, with `overrides` typed in."""
    return form_data(listing_values(Listing.objects.for_detail().get(pk=listing.pk)), **overrides)


def admin_form_data(response, **overrides) -> dict:
    """What the admin form on this page posts back unchanged (inlines included), plus overrides."""

    def posted(value):
        if isinstance(value, Model):
            return value.pk
        if isinstance(value, (list, tuple)) or hasattr(value, "all"):
            return [posted(item) for item in value]
        if isinstance(value, bool):
            return "on" if value else ""
        if value is None:
            return ""
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return value

    def add(form, prefix: str = "") -> None:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            key = f"{prefix}{name}"
            if value is False:
                continue
            data[key] = posted(value() if callable(value) else value)

    data: dict = {}
    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for index, form in enumerate(formset.initial_forms):
            add(form, f"{formset.prefix}-{index}-")
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
    data.update(overrides)
    return {key: value for key, value in data.items() if value != "" or key in overrides}


NEW_LISTING = {
    "name": "Nuevo Amanecer",
    "description": "Counseling for survivors.",
    "description_es": "Consejería para sobrevivientes.",
    "service_types": ["counseling"],
    "statewide": False,
    "counties_served": ["santa-fe"],
    "fees": "free",
    "address": "",
    "city": "Santa Fe",
    "zip": "87501",
    "county": "",
    "latitude": None,
    "longitude": None,
    "confidential_location": False,
    "phone": ["+15055550123"],
    "text": ["233733"],
    "tty": [],
    "hotline_24_7": False,
    "hours": "Mon-Fri 09:00-17:00",
    "website": "",
    "email": "",
    "languages": ["en", "es"],
    "populations": ["women"],
    "eligibility": "",
    "eligibility_es": "",
}


# --- production processes -------------------------------------------------------------------

# Whatever the test run was given, production is this and only this.
SETTINGS_VARIABLES = (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "QUICK_EXIT_URL", "SECURE_SSL_REDIRECT", "REDIS_URL",
    "PORT", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS", "EMAIL_BACKEND", "EMAIL_HOST",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests in this process, never in production
)  # fmt: skip


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process: this run's settings variables left out."""
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://directory@db.example.org:5432/directory",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="mail.example.org",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(overrides)
    return env


def free_port() -> int:
    """A local port nothing listens on (until something is started on it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *options: str, ready: str = "/healthz") -> Iterator[tuple[str, list[str]]]:
    """gunicorn.conf.py with `env` (production_env()) on a free port until the block ends.
    Gives its URL, once `ready` answers (up to 30 s on a busy machine), and a list that
    holds its (stdout, stderr) once it has stopped. Its output goes to files, not pipes:
    a pipe nobody reads until the end fills up and stops the server mid-test."""
    port = free_port()
    command = BASE_DIR / ".venv/bin/gunicorn"
    command = [str(command)] if command.exists() else [sys.executable, "-m", "gunicorn"]
    url, output = f"http://127.0.0.1:{port}", []
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        server = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}", *options], cwd=BASE_DIR, env=env, stdout=stdout, stderr=stderr
        )
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(url + ready, timeout=2)
                    break
                except OSError:  # refused, or too slow to answer yet (URLError and timeouts are OSErrors)
                    time.sleep(0.1)
            yield url, output
        finally:
            server.terminate()
            server.wait(timeout=30)
            for stream in (stdout, stderr):
                stream.seek(0)
                output.append(stream.read())


# --- the facet index -------------------------------------------------------------------------


def bitmap(listing_ids) -> int:
    """The bitmap of these ids (bit n: listing n), as FacetIndex.bitmap() makes it."""
    found = 0
    for listing_id in listing_ids:
        found |= 1 << listing_id
    return found


# --- rate limits ----------------------------------------------------------------------------


def forget_rate_limits() -> None:
    """Every client starts again with a clean count (counters live in the database or Redis)."""
    RateLimitCounter.objects.all().delete()
    cache.clear()


# --- property-based tests -------------------------------------------------------------------

THOROUGH = os.environ.get("CI_THOROUGH") == "1"


def examples(thorough: int) -> int:
    """Hypothesis examples for a test worth `thorough` of them: all under CI_THOROUGH=1, a fifth
    (at least 20) in an ordinary run. Every run draws new ones, and the examples that ever
    failed are replayed first from .hypothesis/, so the quick runs add up."""
    return thorough if THOROUGH else max(thorough // 5, 20)
