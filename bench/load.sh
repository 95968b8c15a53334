#!/usr/bin/env bash
# Load test: 20,000 listings in PostgreSQL, gunicorn with production settings, wrk against
# /healthz and typical searches, interleaved. Prints requests/s and latency percentiles for
# each, their ratio, non-2xx counts and gunicorn worker memory. Loopback only; bounded.
#
#   bench/load.sh            (DURATION=15s CONNECTIONS=16 to change the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${LOAD_DATABASE:-nmsrd_load}
PORT=${LOAD_PORT:-8077}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export SECRET_KEY="load-test-only-$(date +%s)-not-a-production-secret-value"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false DEBUG=false PORT
PY=.venv/bin/python
OUT=$(mktemp -d)
trap 'kill $(cat "$OUT/gunicorn.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$OUT"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
createdb -h 127.0.0.1 -U postgres "$DB" 2>/dev/null || true
echo "== 20,000 published listings, as bench/search_bench.py seeds them (once)"
$PY bench/search_bench.py --seed-only
$PY manage.py collectstatic --noinput -v0
$PY manage.py compilemessages --ignore=.venv -v0 2>/dev/null || true

echo "== gunicorn (gunicorn.conf.py, $(nproc) cores)"
PORT= $PY -m gunicorn -c gunicorn.conf.py --bind "127.0.0.1:$PORT" --pid "$OUT/gunicorn.pid" \
    --access-logfile /dev/null config.wsgi >"$OUT/gunicorn.log" 2>&1 &
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

cat >"$OUT/searches.lua" <<'LUA'
local paths = {
  "/services/?county=bernalillo&service_type=shelter",
  "/services/?q=shelter",
  "/services/?q=asesoria+legal&county=dona-ana",
  "/services/?near=87501&service_type=counseling",
  "/services/?near=las+cruces&open_now=1",
  "/es/services/?q=refugio&county=santa-fe",
  "/services/?service_type=legal-aid&language=es",
  "/services/?county=taos&open_now=1&page=2",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
cat >"$OUT/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.1f p90=%.1f p99=%.1f non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
cat "$OUT/report.lua" >>"$OUT/searches.lua"

run() {  # name, url, [script]
  local script=${3:-$OUT/report.lua}
  # A 10 s timeout: a slow answer under overload counts in the latency figures, not as an error.
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$script" "$2" | grep RESULT | sed "s/RESULT/$1/"
}

base="http://127.0.0.1:$PORT"
run warmup "$base/healthz" >/dev/null
run warmup "$base/" "$OUT/searches.lua" >/dev/null
for round in 1 2; do
  run "healthz  (round $round)" "$base/healthz" | tee -a "$OUT/healthz.txt"
  run "searches (round $round)" "$base/" "$OUT/searches.lua" | tee -a "$OUT/searches.txt"
done
# For scale: a page with no search and no query at all, rendered through the same templates.
run "about    (no query) " "$base/about/" | tee -a "$OUT/about.txt"

awk_mean() { awk -F'rps=' '{split($2, a, " "); s += a[1]; n++} END {printf "%.1f", s / n}' "$1"; }
healthz=$(awk_mean "$OUT/healthz.txt")
searches=$(awk_mean "$OUT/searches.txt")
about=$(awk_mean "$OUT/about.txt")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f%%", 100 * a / b}'; }
echo "== mean requests/s: healthz $healthz, searches $searches, ratio searches/healthz $(ratio "$searches" "$healthz")"
echo "   (the /about/ page, which makes no query: $about, $(ratio "$about" "$healthz") of healthz)"
echo "== gunicorn worker memory (RSS, MiB):"
master=$(cat "$OUT/gunicorn.pid")
ps -o pid=,rss= --ppid "$master" | awk '{printf "  worker %s: %.1f MiB\n", $1, $2 / 1024}'
if grep -q -e "non2xx=[1-9]" -e "errors=[1-9]" "$OUT/healthz.txt" "$OUT/searches.txt" "$OUT/about.txt"; then
  echo "FAILED: non-2xx responses or socket errors" >&2
  exit 1
fi
