"""Gunicorn worker memory before and after 200 changes of the data, without REDIS_URL.

Each change of the public data gives the facet index a new version (migration 0008), and
each worker builds the index of the version it sees. A worker must keep only the current
one (directory/facets.py): its memory stays flat however often the data changes. This
serves the directory from gunicorn with production settings, searches until every worker
has built its index, measures the workers' resident memory, then 200 times commits a
change to a published listing and searches again, and measures once more.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nmsrd_benchdb SECRET_KEY=x \\
        .venv/bin/python bench/search_bench.py --seed-only      # 20,000 listings, once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nmsrd_benchdb SECRET_KEY=x \\
        .venv/bin/python bench/worker_memory.py [--changes 200] [--workers 2]

Exits non-zero when a worker grew by more than 10 %. Not part of the test suite.
"""

import argparse
import os
import random
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = [
    "/services/?county=bernalillo&service_type=shelter",
    "/services/?service_type=legal-aid&language=es",
    "/services/?q=shelter",
    "/services/?county=taos",
    "/services/?near=87501&radius=50",
    "/es/services/?q=refugio&county=santa-fe",
    "/api/v1/services/?county=dona-ana",
]
ALLOWED_GROWTH = 0.10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def search_round(base: str, rounds: int) -> None:
    """Enough searches that every worker very likely answered some (and so built its index)."""
    for _ in range(rounds):
        for path in SEARCHES:
            status = fetch(base + path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database seeded by bench/search_bench.py --seed-only.")
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DEBUG="false",
        WEB_CONCURRENCY=str(args.workers),
    )
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--max-requests", "0", "config.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    database = psycopg2.connect(database_url)
    database.autocommit = True
    try:
        for _ in range(100):
            try:
                if fetch(base + "/healthz") == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        search_round(base, rounds=10)  # warm: templates, the index, the query plans
        workers = worker_pids(gunicorn.pid)
        before = {pid: rss_kib(pid) for pid in workers}
        with database.cursor() as cursor:
            cursor.execute("SELECT id FROM directory_listing WHERE status = 'published' ORDER BY id LIMIT 1000")
            ids = [row[0] for row in cursor.fetchall()]
        started = time.monotonic()
        trajectory = []
        for change in range(1, args.changes + 1):
            with database.cursor() as cursor:
                # A committed write to a published listing: a new data version, a new index.
                cursor.execute(
                    "UPDATE directory_listing SET hotline_24_7 = NOT hotline_24_7 WHERE id = %s", [random.choice(ids)]
                )
            search_round(base, rounds=1)
            if change % 50 == 0:
                trajectory.append((change, sum(rss_kib(pid) for pid in worker_pids(gunicorn.pid)) / len(workers)))
        elapsed = time.monotonic() - started
        search_round(base, rounds=2)
        after = {pid: rss_kib(pid) for pid in worker_pids(gunicorn.pid)}
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=60)
        database.close()
    before_mean = sum(before.values()) / len(before)
    if sorted(after) != sorted(before):
        sys.exit(f"workers were replaced during the run ({sorted(before)} -> {sorted(after)}): no comparison")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; {args.changes} data changes in {elapsed:.0f} s")
    steps = ", ".join(f"{change}: {kib / 1024:.1f}" for change, kib in trajectory)
    print(f"mean worker MiB after {steps} changes; {before_mean / 1024:.1f} before")
    worst = 0.0
    for pid in workers:
        growth = (after[pid] - before[pid]) / before[pid]
        worst = max(worst, growth)
        print(f"worker {pid}: {before[pid] / 1024:.1f} MiB before, {after[pid] / 1024:.1f} MiB after ({growth:+.1%})")
    if worst > ALLOWED_GROWTH:
        sys.exit(f"a worker grew by {worst:.1%} (more than {ALLOWED_GROWTH:.0%})")


if __name__ == "__main__":
    main()
