# `make run`: the demo on SQLite. `make test`: every test, on PostgreSQL.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nmsrd
DEMO_DB := demo.sqlite3

.PHONY: run demo-accounts test install install-dev lock messages compilemessages migrations-check clean

# Locked with hashes (pip-compile): `make run` installs what serving needs, `make test` adds
# the test tools. `make lock` re-resolves both after requirements*.in change.
$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

lock:
	$(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet pip-tools
	.lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links \
		--no-emit-index-url -o requirements.txt requirements.in
	.lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links \
		--no-emit-index-url -o requirements-dev.txt requirements-dev.in
	rm -rf .lock-venv

locale/es/LC_MESSAGES/django.mo: locale/es/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

# Only the project's own catalogue: `manage.py compilemessages` alone would also compile
# every .po file it finds under .venv (over a thousand of them).
compilemessages: locale/es/LC_MESSAGES/django.mo

messages: install
	$(PY) manage.py makemessages -l es --no-location --ignore=.venv --ignore=staticfiles --ignore=bench
	msgfmt --check -o locale/es/LC_MESSAGES/django.mo locale/es/LC_MESSAGES/django.po

run: install locale/es/LC_MESSAGES/django.mo
	DEBUG=true DATABASE_URL= $(PY) manage.py migrate --noinput
	@if [ ! -f .demo-loaded ]; then DEBUG=true DATABASE_URL= $(PY) manage.py load_demo_data && touch .demo-loaded; fi
	@echo "To try the advocates' portal and the reviewers' admin: make demo-accounts (README, Accounts)."
	DEBUG=true DATABASE_URL= $(PY) manage.py runserver 127.0.0.1:8000

# Demo accounts on the demo database (refused unless DEBUG=true): demo-advocate and
# demo-reviewer, password demo-password-2026. Run after `make run` has loaded the demo.
demo-accounts: install
	DEBUG=true DATABASE_URL= $(PY) manage.py create_demo_accounts

# One worker per core. worksteal: each worker starts on its own contiguous half of the tests
# (a module's shared rows and servers are built once) and takes over the other's rest when done.
test: install-dev locale/es/LC_MESSAGES/django.mo
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} SECRET_KEY=test-only-secret-key \
		$(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

migrations-check: install
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) $(DEMO_DB) .demo-loaded staticfiles staticfiles-*
