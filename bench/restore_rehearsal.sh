#!/usr/bin/env bash
# Rehearses docs/deploy.md "Backups and restore" by running its three blocks (backup, restore,
# switch-over) exactly as written there: they are read out of the file, not copied here.
#
# Around them it builds what a real server has, at scratch names on the local cluster: an app
# role that is not a superuser, its database (migrated and loaded with the demo listings as
# that role), a gpg key to encrypt to, a .env and gunicorn. `sudo` and `systemctl` are thin
# stand-ins (runuser; restarting this script's gunicorn). Then it checks what an
# administrator needs to trust:
#   - the dump and its directory are readable by postgres only (0600 in a 0700 directory);
#   - the encrypted copy decrypts to the same bytes; retention deletes old dumps only;
#   - after the original database is dropped and the site switched over, the restored one
#     serves searches, listing pages and the API with 0 errors and the same answers;
#   - the restore this page used to document (by postgres, into a database postgres owns:
#     every table owned by postgres) fails the app role's health check (/healthz 503).
#
#   bench/restore_rehearsal.sh          (as root, with PostgreSQL 15 on 127.0.0.1:5432)
#
# Everything it creates is dropped at exit. Not part of the test suite (it takes a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
SUFFIX=${REHEARSAL_SUFFIX:-$$}
PGHOST_URL=postgres://postgres@127.0.0.1:5432

WORK=$(mktemp -d)
chmod 755 "$WORK"  # postgres must reach the backup directory inside it
GUNICORN_PID=""
# --- the names of docs/deploy.md's blocks, set to scratch values -----------------------------
DB=nmsrd_rehearsal_$SUFFIX
APP_ROLE=nmsrd_rehearsal_app_$SUFFIX
BACKUPS=$WORK/backups
BACKUP_KEY=rehearsal-$SUFFIX@example.org
ENV_FILE=$WORK/.env
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
APP=http://127.0.0.1:$PORT
SITE_HOST=127.0.0.1
export GNUPGHOME=$WORK/gnupg

cleanup() {
    set +e
    [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
    for database in "$DB" "${DB}_restored" "${DB}_as_postgres"; do
        psql "$PGHOST_URL/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1
    done
    psql "$PGHOST_URL/postgres" -qc "DROP ROLE IF EXISTS $APP_ROLE" >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

say() { printf '== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

# --- stand-ins for what the server has and this machine may not -------------------------------
sudo() {
    if [ "$1" = "-u" ]; then
        local user=$2
        shift 2
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}
systemctl() {
    [ "$1 $2" = "restart directory" ] || fail "unexpected: systemctl $*"
    stop_app
    start_app
}
start_app() {
    (
        set -a
        . "$ENV_FILE"
        set +a
        exec "$PY" -m gunicorn -c gunicorn.conf.py --bind "127.0.0.1:$PORT" --access-logfile /dev/null \
            config.wsgi >>"$WORK/gunicorn.log" 2>&1
    ) &
    GUNICORN_PID=$!
    for _ in $(seq 100); do
        curl -fs -o /dev/null "$APP/static/css/site.css" && return 0
        sleep 0.2
    done
    fail "gunicorn did not start: $(tail -5 "$WORK/gunicorn.log")"
}
stop_app() {
    [ -n "$GUNICORN_PID" ] || return 0
    kill "$GUNICORN_PID"
    wait "$GUNICORN_PID" 2>/dev/null || true
    GUNICORN_PID=""
}

# The fenced block after "<!-- rehearsal: NAME -->" in docs/deploy.md.
documented() {
    awk -v marker="<!-- rehearsal: $1 -->" '
        $0 == marker { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        inside { print }
    ' docs/deploy.md
}

run_documented() {
    local block
    block=$(documented "$1")
    [ -n "$block" ] || fail "no block '$1' in docs/deploy.md"
    say "docs/deploy.md, $1:"
    printf '%s\n' "$block" | sed 's/^/    /'
    eval "$block"
}

# --- a server to back up ----------------------------------------------------------------------
say "app role $APP_ROLE (not a superuser) and its database $DB"
psql "$PGHOST_URL/postgres" -qc "CREATE ROLE $APP_ROLE LOGIN PASSWORD 'rehearsal-only-password' NOSUPERUSER NOCREATEDB NOCREATEROLE"
createdb -h 127.0.0.1 -U postgres --owner="$APP_ROLE" "$DB"
cat >"$ENV_FILE" <<EOF
DATABASE_URL=postgres://$APP_ROLE:rehearsal-only-password@127.0.0.1:5432/$DB
SECRET_KEY=rehearsal-only-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
ALLOWED_HOSTS=$SITE_HOST
SECURE_SSL_REDIRECT=false
WEB_CONCURRENCY=2
STATIC_ROOT=$WORK/static
EOF
(
    set -a
    . "$ENV_FILE"
    set +a
    "$PY" manage.py migrate --noinput -v0
    "$PY" manage.py load_demo_data
    "$PY" manage.py collectstatic --noinput -v0
)

say "a backup key (its private half would live elsewhere)"
install -d -o postgres -g postgres -m 0700 "$GNUPGHOME"
runuser -u postgres -- gpg --batch --passphrase '' --quick-generate-key "$BACKUP_KEY" default default never 2>/dev/null

start_app
PAGES=(
    "/services/"
    "/services/?q=shelter"
    "/services/?county=bernalillo&service_type=legal-aid"
    "/services/?near=87501&radius=100"
    "/es/services/?q=abogado"
    "/api/v1/services/"
    "/api/v1/services/?county=taos"
    "/api/v1/counties/"
)
SLUGS=$(curl -fsS -H "Host: $SITE_HOST" "$APP/api/v1/services/?sort=name" | "$PY" -c \
    'import json, sys; print(" ".join(r["slug"] for r in json.load(sys.stdin)["results"][:10]))')
for slug in $SLUGS; do PAGES+=("/services/$slug/" "/es/services/$slug/" "/api/v1/services/$slug/"); done
snapshot() {  # the status and a hash of the body of every page
    local out=$1 errors=0
    : >"$out"
    for page in "${PAGES[@]}"; do
        status=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Host: $SITE_HOST" "$APP$page")
        [ "$status" = 200 ] || errors=$((errors + 1))
        printf '%s %s %s\n' "$status" "$page" "$(sha256sum <"$WORK/body" | cut -c1-16)" >>"$out"
    done
    echo "$errors"
}
[ "$(snapshot "$WORK/before")" = 0 ] || fail "the original site had errors: $(grep -v '^200' "$WORK/before")"
say "${#PAGES[@]} pages served from $DB"

# --- back up, as documented -------------------------------------------------------------------
umask 022  # the usual default: the documented commands must not depend on a stricter one
run_documented backup
[ "$(stat -c '%a %U' "$BACKUPS")" = "700 postgres" ] || fail "backup directory is $(stat -c '%a %U' "$BACKUPS")"
[ "$(stat -c '%a %U' "$DUMP")" = "600 postgres" ] || fail "dump is $(stat -c '%a %U' "$DUMP")"
[ "$(stat -c '%a' "$DUMP.gpg")" = 600 ] || fail "encrypted dump is $(stat -c '%a' "$DUMP.gpg")"
if runuser -u nobody -- cat "$DUMP" >/dev/null 2>&1; then fail "another user can read the dump"; fi
head -c 5 "$DUMP.gpg" | grep -q PGDMP && fail "the .gpg file is not encrypted"
say "dump $(stat -c '%a %U %s bytes' "$DUMP"), in a $(stat -c '%a %U' "$BACKUPS") directory; encrypted copy made"

say "retention keeps today's dump and deletes one from three weeks ago"
old="$BACKUPS/$DB-2000-01-01.dump"
runuser -u postgres -- sh -c "umask 077 && cp '$DUMP' '$old' && touch -d '21 days ago' '$old'"
eval "$(documented backup | grep -- '-mtime')"
[ ! -e "$old" ] && [ -e "$DUMP" ] && [ -e "$DUMP.gpg" ] || fail "retention deleted the wrong files"

# --- the bad day: the database is gone --------------------------------------------------------
cp "$DUMP" "$WORK/original.dump" && chmod 600 "$WORK/original.dump"
rm "$DUMP"  # only the encrypted copy came back
stop_app
psql "$PGHOST_URL/postgres" -qc "DROP DATABASE $DB WITH (FORCE)"
say "dropped $DB; restoring from the encrypted copy"

run_documented restore
cmp -s "$DUMP" "$WORK/original.dump" || fail "the decrypted dump differs from the one written"
owners=$(psql "$PGHOST_URL/${DB}_restored" -Atc \
    "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = 'public'")
[ "$owners" = "$APP_ROLE" ] || fail "restored tables are owned by $owners"
say "every restored table is owned by $owners"

start_app  # still pointed at the dropped database: the switch-over below moves it
run_documented switch-over
echo
errors=$(snapshot "$WORK/after")
[ "$errors" = 0 ] || fail "$errors pages failed after the restore: $(grep -v '^200' "$WORK/after")"
diff -u "$WORK/before" "$WORK/after" >"$WORK/diff" || fail "pages differ after the restore: $(cat "$WORK/diff")"
say "restored site: ${#PAGES[@]} pages (searches, listing pages, API), 0 errors, every answer as before"

# --- the control: the restore this page used to document, by postgres into its own database ---
createdb -h 127.0.0.1 -U postgres "${DB}_as_postgres"
pg_restore -h 127.0.0.1 -U postgres --no-owner --dbname="${DB}_as_postgres" "$WORK/original.dump"
control=$(
    set -a
    . "$ENV_FILE"
    set +a
    DJANGO_SETTINGS_MODULE=config.settings \
        DATABASE_URL="postgres://$APP_ROLE:rehearsal-only-password@127.0.0.1:5432/${DB}_as_postgres" "$PY" -c '
import django; django.setup()
from directory.health import serving_problem
print(serving_problem() or "ok")'
)
case "$control" in
    *"cannot read"*) say "control: restored as postgres, the app role's health check says: $control" ;;
    *) fail "the health check passed a restore the app role cannot read: $control" ;;
esac
say "rehearsal passed"
