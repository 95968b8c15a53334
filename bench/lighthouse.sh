#!/bin/sh
# Lighthouse (mobile, default config) on home, results, detail, safety and signs, English and
# Spanish, against gunicorn with production settings on a copy of the SQLite demo.
# Needs Lighthouse from the npm registry, once:  npm install --prefix /tmp/lh lighthouse
# and a demo database (make run creates demo.sqlite3). Run on an idle machine: the
# performance score measures this machine's CPU as much as the page.
set -eu
cd "$(dirname "$0")/.."
LH=${LH:-/tmp/lh/node_modules/.bin/lighthouse}
OUT=${1:-/tmp/lighthouse}
PORT=${PORT:-8118}
mkdir -p "$OUT"
cp demo.sqlite3 "$OUT/demo.sqlite3"
export DATABASE_URL="sqlite:///$OUT/demo.sqlite3" SECRET_KEY=lighthouse-bench-only-secret-key-0123456789abcdef \
    ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false STATIC_ROOT="$OUT/static"
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn -c gunicorn.conf.py --workers 2 --bind "127.0.0.1:$PORT" config.wsgi >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 3
for lang in "" "/es"; do
  for page in "home|/" "results|/services/?county=dona-ana&service_type=shelter" \
              "detail|/services/bright-path-emergency-shelter-example-las-cruces/" "safety|/safety/" "signs|/signs/"; do
    name=${page%%|*}; path=${page#*|}
    for try in 1 2 3; do  # Lighthouse now and then fails to record a trace (NO_NAVSTART): try again
      CHROME_PATH=/usr/bin/chromium "$LH" "http://127.0.0.1:$PORT${lang}${path}" \
        --chrome-flags="--headless=new --no-sandbox" --output=json --output-path="$OUT/${name}${lang:+_es}.json" \
        --quiet && break
    done
  done
done
python3 - "$OUT" <<'PY'
import glob, json, sys
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    report = json.load(open(path))
    scores = {name: round(c["score"] * 100) for name, c in report["categories"].items()}
    print(path.rsplit("/", 1)[-1], scores, "TBT", report["audits"]["total-blocking-time"]["displayValue"],
          "CLS", report["audits"]["cumulative-layout-shift"]["displayValue"])
PY
