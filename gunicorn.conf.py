"""Production gunicorn settings, read by `gunicorn config.wsgi` from the project directory.

The logs keep what running the service needs and nothing that says what a visitor looked
for or where they came from (PRODUCT.md, "No tracking"). The access log records the method,
the path without its query string (search terms live in the query string), the status, the
response size and the time taken; never the request line `%(r)s` or `%(q)s` (query string),
`%(f)s` (referrer), `%(h)s` (client address) or `%(a)s` (user agent). Gunicorn's error log
names the URI of a request that crashed and the address of a malformed one, so those are
redacted too.

Environment: PORT (listen on 0.0.0.0:PORT, as platforms that set it expect; without it,
127.0.0.1:8000 behind a local TLS proxy), WEB_CONCURRENCY (worker count), and gunicorn's
own FORWARDED_ALLOW_IPS for the proxy's address. The proxy must set X-Forwarded-Proto
(Django trusts it: SECURE_PROXY_SSL_HEADER) and overwrite any copy the client sent.
"""

import logging
import os
import re

from gunicorn.glogging import Logger


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use, in a container too
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "config.wsgi:application"
bind = f"0.0.0.0:{os.environ['PORT']}" if os.environ.get("PORT") else "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cpu_count() + 1)
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage. The application is
# loaded once, in the master (preload_app), and what a worker's first search would build is
# built there too (when_ready): a replaced worker is a fork, ready at once. Without this it
# spent most of a second importing Django and building the facet index while the requests
# queued on it waited (bench/load.sh's p99 went over 1 s whenever one was replaced). So a
# new release needs a restart of the service: a HUP reloads the workers, not the code.
max_requests = 10000
max_requests_jitter = 1000
preload_app = True


def when_ready(server) -> None:
    """In the master, before the first fork: the pages' templates, the place tables, each
    language's catalogue and URL patterns, the facet index; then no database connection
    left open for the workers to share."""
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    from directory.rules import geo, languages
    from directory.search.facets import current_index

    try:
        for name in ("home", "services", "service_detail", "_result", "_filters", "_phone_buttons"):
            get_template(f"directory/{name}.html")
        geo.load_tables()
        languages.load_tables([code for code, _ in settings.LANGUAGES])
        for language, _ in settings.LANGUAGES:  # each catalogue, and the URL patterns
            with translation.override(language):
                reverse("directory:services")
        current_index()
    except Exception:  # the database is down, say: each worker builds what it needs later
        server.log.warning("warm-up failed; the workers will build the facet index themselves", exc_info=True)
    finally:
        connections.close_all()

accesslog = "-"
access_log_format = '%(t)s %(m)s %(U)s %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"


class _RedactRequests(logging.Filter):
    """Removes query strings and client addresses from gunicorn's own error messages."""

    query_string = re.compile(r"(/[^\s?]*)\?\S*")
    client_address = re.compile(r"\bip=\S+?(?=:?\s|$)")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        message = self.query_string.sub(r"\1", message)
        message = self.client_address.sub("ip=-", message)
        record.msg, record.args = message, ()
        return True


class PrivateLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        if not any(isinstance(f, _RedactRequests) for f in self.error_log.filters):
            self.error_log.addFilter(_RedactRequests())


logger_class = PrivateLogger
