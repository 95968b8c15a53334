"""Production configuration, checked the way production starts: a fresh process, settings
from the environment only (PRODUCT.md, "Running it")."""

import importlib.util
import json
import os
import re
import subprocess
import sys

from django.conf import settings

from tests.support import BASE_DIR, production_env


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def production_settings(*names: str, **env: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}))"
    )
    result = run("-c", code, env=production_env(**env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_reports_no_issues_with_the_production_environment():
    result = run("manage.py", "check", "--deploy", "--fail-level", "DEBUG", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert result.stderr == ""


def test_check_deploy_fails_when_email_would_only_go_to_the_console():
    env = production_env(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    result = run("manage.py", "check", "--deploy", env=env)
    assert result.returncode != 0
    assert "directory.E001" in result.stderr


def test_production_settings_are_the_secure_ones():
    values = production_settings(
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "CSRF_USE_SESSIONS",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
    )
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 60 * 60 * 24 * 365,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "CSRF_USE_SESSIONS": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
    }


def test_ssl_redirect_can_be_turned_off_for_a_tls_proxy_but_nothing_else():
    assert production_settings("SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT="false") == {"SECURE_SSL_REDIRECT": False}
    result = run("-c", "import django; django.setup()", env=production_env(SECURE_SSL_REDIRECT="maybe"))
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT must be true or false" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_on_only_when_the_environment_says_true():
    assert production_settings("DEBUG", DEBUG="") == {"DEBUG": False}
    assert production_settings("DEBUG", DEBUG="true") == {"DEBUG": True}
    assert run("-c", "import django; django.setup()", env=production_env(DEBUG="yes please")).returncode != 0


def test_django_logs_nothing_below_error_about_requests():
    # django.request warns with the path of every 4xx; the search page answers 400 to a bad
    # search. Errors (500s) log the path without its query string.
    assert settings.LOGGING["loggers"]["django.request"]["level"] == "ERROR"
    assert settings.LOGGING["loggers"]["django.request"]["propagate"] is False


# gunicorn.conf.py


def gunicorn_config(**env: str) -> dict[str, str]:
    result = subprocess.run(
        [str(BASE_DIR / ".venv/bin/gunicorn"), "--print-config"] if (BASE_DIR / ".venv/bin/gunicorn").exists()
        else [sys.executable, "-m", "gunicorn", "--print-config"],
        cwd=BASE_DIR, env=production_env(**env), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))


def test_gunicorn_binds_locally_unless_a_port_is_given():
    assert gunicorn_config()["bind"] == "['127.0.0.1:8000']"
    assert gunicorn_config(PORT="9000")["bind"] == "['0.0.0.0:9000']"


def test_gunicorn_runs_two_workers_per_core_plus_one():
    config = gunicorn_config()
    assert int(config["workers"]) == 2 * len(os.sched_getaffinity(0)) + 1
    assert gunicorn_config(WEB_CONCURRENCY="3")["workers"] == "3"
    assert int(config["timeout"]) > 0 and int(config["graceful_timeout"]) > 0


def test_gunicorn_access_log_format_has_no_query_string_referrer_or_client_address():
    config = gunicorn_config()
    log_format = config["access_log_format"]
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%(h)s", "%(a)s", "{referer}i", "{x-forwarded-for}i", "{query_string}e"):
        assert atom not in log_format
    assert "%(U)s" in log_format and "%(s)s" in log_format
    assert config["errorlog"] == "-"  # stderr


def load_gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", BASE_DIR / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_error_log_redacts_query_strings_and_client_addresses(tmp_path):
    from gunicorn.config import Config

    conf = load_gunicorn_conf()
    cfg = Config()
    cfg.set("errorlog", str(tmp_path / "error.log"))
    log = conf.PrivateLogger(cfg)
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            log.exception("Error handling request %s %s", "GET", "/services/?q=secretsearchterm")
        log.warning("Invalid request from ip=203.0.113.9: Invalid HTTP request line: 'GET /services/?q=secret2 HTTP/1.1'")
        log.info("Booting worker with pid: %s", 1234)
    finally:
        for handler in list(log.error_log.handlers):
            handler.close()
            log.error_log.removeHandler(handler)
    text = (tmp_path / "error.log").read_text()
    assert "Error handling request GET /services/\n" in text and "RuntimeError: boom" in text
    assert "Invalid request from ip=-: Invalid HTTP request line: 'GET /services/ HTTP/1.1'" in text
    assert "Booting worker with pid: 1234" in text
    assert "secret" not in text and "203.0.113.9" not in text
