"""One settings file, read from the environment (names fixed in PRODUCT.md).

Production must set SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; nothing secret
has a production default, and DEBUG is off unless the environment says "true".
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.google.com/search?q=weather")

# Who runs the directory, shown on /about/. Unset, the page says plainly that this is a demo
# and shows placeholders (example.org addresses never deliver mail).
OPERATOR_IS_DEMO = not os.environ.get("OPERATOR_NAME")
OPERATOR_NAME = os.environ.get("OPERATOR_NAME") or _("Example Directory Project (a demo, not a real organization)")
OPERATOR_EMAIL = os.environ.get("OPERATOR_EMAIL", "directory@example.org")
OPERATOR_POSTAL_ADDRESS = os.environ.get("OPERATOR_POSTAL_ADDRESS") or _("PO Box 0000, Albuquerque, NM 87101 (demo)")
# The licence the published listings are offered under (shown on /about/).
DATA_LICENSE_NAME = os.environ.get("DATA_LICENSE_NAME", "CC BY 4.0")
DATA_LICENSE_URL = os.environ.get("DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")

INSTALLED_APPS = [
    "directory.admin_apps.DirectoryAdminConfig",  # django.contrib.admin on the directory's own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "axes",
    "csp",
    "directory",
]

MIDDLEWARE = [
    # First, so that every HTML response and redirect is no-store, whichever layer made it.
    "directory.web.middleware.no_store_html",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses public HTML and JSON (a results page: ~25 KB to ~5 KB). Below WhiteNoise,
    # which answers static files itself, already compressed; above every middleware that
    # writes a body or a Vary header. BREACH: Django masks the CSRF token afresh in every
    # response and pads compressed ones with random bytes; no other secret is in a public
    # page's body, and the responses that could hold one (a form's, or any to a visitor
    # with a session cookie, as advocates and reviewers are) are not compressed at all
    # (directory/compression.py).
    "directory.web.compression.PublicGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "directory.web.middleware.renew_signed_in_sessions",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that their process_exception sees a view's database errors first: the
    # replica's retries them on the primary, then an unreachable database answers 503.
    "directory.web.middleware.DatabaseUnavailableMiddleware",
    "directory.infra.db_router.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "directory.web.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    # Unset or empty: the SQLite demo file (`make run` empties it on purpose).
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'demo.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Planner settings for short queries on a directory that fits in memory, measured with
    # bench/search_bench.py: JIT once cost 1-3 s a request; parallel workers cost more to
    # start than a 20-row page takes, and take the cores other requests need; the
    # default random_page_cost (4, for spinning disks) kept the full-text index unused.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"
    )
# Optional read replica (docs/deploy.md, "Scaling out"): anonymous reads go there while it
# answers and lags at most DATABASE_REPLICA_MAX_LAG seconds; see directory/db_router.py.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
    )
    # A replica that stopped answering must cost a request seconds, not a worker's timeout.
    DATABASES["replica"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "connect_timeout": 2}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["directory.infra.db_router.ReplicaRouter"]
DATABASE_REPLICA_MAX_LAG = float(os.environ.get("DATABASE_REPLICA_MAX_LAG", "30"))
# The covering index's extra columns are a PostgreSQL feature; the SQLite demo ignores them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache is shared by every worker and server: Redis with REDIS_URL, else a
# database table (migration 0011). Nothing keyed by what anyone searched for goes in it.
# Rate limits count in it, or in the database when Redis is unreachable (ratelimit.py);
# a per-process cache would multiply every limit by the number of workers, and the
# deploy checks refuse one (directory/checks.py). The facet index is shared only
# through Redis: through the database it would cost more than building it.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "directory.infra.cache.ResilientRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "nmsrd"},
        "facets": {"BACKEND": "directory.infra.cache.ResilientRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "nmsrd"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "directory_cache"},
        "facets": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "directory:advocate:login"
# Absolute links in emails (https://directory.example.org); paths only when unset.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# Internationalisation: English at the root, Spanish under /es/, never a language cookie.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own Spanish formats: the 12-hour clock many readers here use ("2 p. m.").
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Denver"

STATIC_URL = "/static/"
# STATIC_ROOT may be moved (e.g. per test run, so that parallel runs never share one).
STATIC_ROOT = os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Sessions only for people who log in or post a form (anonymous GET pages set no cookie:
# SessionMiddleware never saves an empty or unchanged session). The cookie has no expiry
# date, so it dies with the browser; on the server a session ends an hour after it was
# last saved. A signed-in person's session is re-saved on each request (an idle timeout:
# a reviewer working all afternoon stays logged in, a session left open on a shared
# computer does not outlive its hour); an anonymous one never is (middleware.py).
# `manage.py daily_cleanup` deletes expired sessions.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_USE_SESSIONS = True

# Security headers (PRODUCT.md safety rules). same-origin, not no-referrer: see README.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True) and not DEBUG
# A load balancer checks the app itself over plain HTTP; "ok" reveals nothing.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Login lockout: 5 failures, then 429 for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "directory.web.errors.login_locked_out"
# A form sent after its session expired: the site's page, with the quick exit.
CSRF_FAILURE_VIEW = "directory.web.errors.csrf_failure"

# Proxies in front of the app whose X-Forwarded-For the rate limits may trust; 0 (no
# proxy) makes a spoofed header harmless. Set to 1 behind the one TLS proxy of docs/deploy.md.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/min")

REST_FRAMEWORK = {
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Counted across every worker and server under a keyed hash of the client (ratelimit.py).
    "DEFAULT_THROTTLE_CLASSES": ["directory.api.throttling.ClientRateThrottle"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "New Mexico Survivor Resource Directory API",
    "DESCRIPTION": "Read-only listings of vetted services for survivors of trafficking in New Mexico.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# The console default is for development; `check --deploy` refuses it (directory/checks.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "directory@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django's request logger would write full URLs (with search queries) on 404s.
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}
