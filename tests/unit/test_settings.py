"""Settings read from the environment, in a fresh process: the SQLite demo without
DATABASE_URL, no start without SECRET_KEY, models and migrations in step."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_value(expression: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY")}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    script = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_an_empty_database_url_means_the_sqlite_demo():
    """`make run` sets DATABASE_URL= so that a PostgreSQL URL in the shell never gets demo data."""
    engine = settings_value('settings.DATABASES["default"]["ENGINE"]', DATABASE_URL="", DEBUG="true")
    assert engine == "django.db.backends.sqlite3"


def test_debug_off_refuses_to_start_without_a_secret_key():
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_models_and_migrations_agree_without_any_configuration():
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
