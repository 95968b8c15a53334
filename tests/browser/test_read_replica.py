"""Reads from a read replica (directory/infra/db_router.py), proven against a real one.

Builds a PostgreSQL 15 primary and a streaming replica of it on this machine
(pg_createcluster on two free ports, pg_basebackup -R), serves the site from gunicorn with DATABASE_URL and
DATABASE_REPLICA_URL, and then drops both clusters. It needs root and Debian's
postgresql-common (as CI has; elsewhere it skips, which fails the run under CI=true). It
leaves the machine's own cluster (port 5432) alone: nothing there is changed or reloaded.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg2
import pytest

from tests.support import BASE_DIR, a_row, free_port, production_env, write_csv

# --- a real streaming replica -----------------------------------------------------------------

PG_VERSION = "15"
MAX_LAG_TOLERANT, MAX_LAG_STRICT = 120, 2


@dataclass
class Cluster:
    name: str
    port: int

    @property
    def data(self) -> Path:
        return Path(f"/var/lib/postgresql/{PG_VERSION}/{self.name}")

    @property
    def config(self) -> Path:
        return Path(f"/etc/postgresql/{PG_VERSION}/{self.name}")

    def url(self, database: str = "directory") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "directory"):
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database)
        connection.autocommit = True
        return connection

    def query(self, sql: str, params=(), database: str = "directory"):
        connection = self.connect(database)  # not `with`: that would open a transaction
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else None
        finally:
            connection.close()


def sh(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command)}: {result.stdout}{result.stderr}"


def create_cluster(cluster: Cluster, settings: str) -> None:
    drop_cluster(cluster)  # a leftover of an interrupted run
    # initdb --no-sync: nothing of these clusters needs to survive a crash.
    sh("pg_createcluster", PG_VERSION, cluster.name, "-p", str(cluster.port), "--start-conf", "manual", "--", "--no-sync")
    (cluster.config / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        "local replication all trust\nhost replication all 127.0.0.1/32 trust\n"
    )
    # Speed over durability: these clusters live for one test.
    (cluster.config / "conf.d" / "90-test.conf").write_text(
        "listen_addresses = '127.0.0.1'\nfsync = off\nsynchronous_commit = off\nshared_buffers = 16MB\n"
        "max_connections = 30\n" + settings
    )


def drop_cluster(cluster: Cluster) -> None:
    if cluster.config.exists() or cluster.data.exists():
        subprocess.run(["pg_dropcluster", "--stop", PG_VERSION, cluster.name], capture_output=True, timeout=120)
    # pg_dropcluster leaves the cluster's empty conf.d behind in /etc/postgresql: one per run.
    shutil.rmtree(Path("/etc/postgresql", PG_VERSION, cluster.name), ignore_errors=True)


def wait_for(condition, *, seconds: float = 60, message: str = "") -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if condition():
                return
        except (psycopg2.Error, OSError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out: {message}")
        time.sleep(0.2)


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Site:
    """A gunicorn serving the directory; a visitor's cookies kept by hand (they are Secure)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        gunicorn = BASE_DIR / ".venv/bin/gunicorn"
        command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        self.process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{self.port}"],
            cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        wait_for(lambda: self.get("/static/css/site.css")[0] == 200, message="gunicorn start")

    def get(self, path: str, cookies: dict | None = None) -> tuple[int, str]:
        return self.send(urllib.request.Request(self.url + path), cookies)[:2]

    def send(self, req: urllib.request.Request, cookies: dict | None = None) -> tuple[int, str, dict]:
        if cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=30) as response:
                status, body, headers = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read().decode(), error.headers
        if cookies is not None:
            for header in headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    cookies[name] = morsel.value
        return status, body, headers

    def post(self, path: str, data: dict, cookies: dict) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self.send(urllib.request.Request(self.url + path, data=body), cookies)

    def log_in(self, username: str, password: str) -> dict:
        cookies: dict = {}
        status, page = self.get("/admin/login/", cookies)
        assert status == 200, f"/admin/login/ answered {status}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        status, _, headers = self.post(
            "/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"},
            cookies,
        )
        assert status == 302, "login failed"
        return cookies

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def replica_pair(tmp_path_factory, collected_static_root) -> Iterator[tuple[Cluster, Cluster, dict[str, str]]]:
    if os.geteuid() != 0 or not shutil.which("pg_createcluster") or not shutil.which("pg_basebackup"):
        pytest.skip("needs root and Debian's postgresql-common (pg_createcluster) to build a replica")
    primary_port, replica_port = free_port(), free_port()
    primary = Cluster(f"nmsrd_test_primary_{primary_port}", primary_port)
    replica = Cluster(f"nmsrd_test_replica_{replica_port}", replica_port)
    try:
        create_cluster(primary, "wal_level = replica\nmax_wal_senders = 5\n")
        sh("pg_ctlcluster", PG_VERSION, primary.name, "start")
        primary.query("CREATE DATABASE directory", database="postgres")
        env = production_env(
            ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false", WEB_CONCURRENCY="1",
            DATABASE_URL=primary.url(), DJANGO_SUPERUSER_PASSWORD="a-long-test-password",
            STATIC_ROOT=str(collected_static_root),  # tests/conftest.py
        )  # fmt: skip
        manage("migrate", "--noinput", env=env)
        manage("createsuperuser", "--noinput", "--username", "reviewer", "--email", "r@example.org", env=env)
        rows = [
            a_row(external_id="casa", name="Casa Segura", status="published"),
            a_row(external_id="draft", name="Nueva Esperanza", status="draft"),
        ]
        manage("import_listings", str(write_csv(tmp_path_factory.mktemp("replica") / "listings.csv", rows)), env=env)

        create_cluster(replica, "hot_standby = on\n")
        for entry in replica.data.iterdir():  # the directory stays, owned by postgres
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        sh(
            "runuser", "-u", "postgres", "--", f"/usr/lib/postgresql/{PG_VERSION}/bin/pg_basebackup",
            "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "-D", str(replica.data),
            "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        sh("pg_ctlcluster", PG_VERSION, replica.name, "start")
        wait_for(lambda: replica.query("SELECT pg_is_in_recovery()")[0][0], message="replica in recovery")
        yield primary, replica, env
    finally:
        drop_cluster(replica)
        drop_cluster(primary)


def replayed_everything(primary: Cluster, replica: Cluster) -> bool:
    (lsn,) = primary.query("SELECT pg_current_wal_lsn()::text")[0]
    return replica.query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])[0][0]


def test_a_real_streaming_replica_serves_anonymous_reads_and_the_primary_everything_else(replica_pair):
    primary, replica, env = replica_pair
    tolerant = Site({**env, "DATABASE_REPLICA_URL": replica.url(), "DATABASE_REPLICA_MAX_LAG": str(MAX_LAG_TOLERANT)})
    strict = Site({**env, "DATABASE_REPLICA_URL": replica.url(), "DATABASE_REPLICA_MAX_LAG": str(MAX_LAG_STRICT)})
    try:
        (draft_id, slug) = primary.query("SELECT id, slug FROM directory_listing WHERE external_id = 'draft'")[0]
        reviewer = tolerant.log_in("reviewer", "a-long-test-password")

        # The replica holds what the primary holds: anonymous pages and the API read it.
        wait_for(lambda: replayed_everything(primary, replica), message="replica caught up")
        assert tolerant.get("/services/?q=casa")[0] == 200
        assert "Casa Segura" in tolerant.get("/services/")[1]
        assert tolerant.get(f"/services/{slug}/")[0] == 404  # a draft

        # Replay paused: the replica stops at this moment, as a lagging one would.
        replica.query("SELECT pg_wal_replay_pause()")
        wait_for(lambda: replica.query("SELECT pg_get_wal_replay_pause_state()")[0][0] == "paused")

        # A reviewer publishes the draft; the next staff page shows it published (primary)...
        status, changelist = tolerant.get("/admin/directory/listing/", reviewer)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', changelist)[1]
        status, _, headers = tolerant.post(
            "/admin/directory/listing/",
            {"csrfmiddlewaretoken": token, "action": "publish", "_selected_action": str(draft_id), "index": "0"},
            reviewer,
        )
        assert status == 302, "the admin action did not run"
        status, page = tolerant.get(f"/admin/directory/listing/{draft_id}/change/", reviewer)
        assert status == 200 and 'value="published" selected' in page

        # ...while anonymous visitors still read the replica, which has not seen it yet.
        assert tolerant.get(f"/services/{slug}/")[0] == 404
        assert tolerant.get(f"/api/v1/services/{slug}/")[0] == 404
        assert "Nueva Esperanza" not in tolerant.get("/services/")[1]

        # A replica further behind than DATABASE_REPLICA_MAX_LAG is not used: the primary answers.
        wait_for(lambda: strict.get(f"/services/{slug}/")[0] == 200, seconds=30, message="fallback on lag")
        assert json.loads(strict.get(f"/api/v1/services/{slug}/")[1])["name"] == "Nueva Esperanza"

        # Replay resumed: the replica catches up, and anonymous readers see the listing there too.
        replica.query("SELECT pg_wal_replay_resume()")
        wait_for(lambda: tolerant.get(f"/services/{slug}/")[0] == 200, seconds=30, message="replica caught up")

        # The replica stops: the site keeps answering, from the primary, without an error.
        sh("pg_ctlcluster", PG_VERSION, replica.name, "stop", "-m", "fast")
        for site in (tolerant, strict):
            for path in ("/services/", "/services/?q=casa", f"/services/{slug}/", "/api/v1/services/", "/healthz"):
                status, body = site.get(path)
                assert status == 200, (path, status)
            assert "Nueva Esperanza" in site.get("/services/")[1]
    finally:
        tolerant.stop()
        strict.stop()
