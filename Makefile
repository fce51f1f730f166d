# The two commands: `make run` (register on SQLite with demo data, the worker beside it) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NPM_STAMP := node_modules/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# links in e-mails: a wildcard listening address is reached on loopback (as api.settings.base_url_from_address)
BASE_HOST = $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))

.PHONY: run test install lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

# Front-end assets (NL Design System CSS and tokens) and Spectral, from package-lock.json.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NPM_STAMP)

# WeasyPrint (PDFs) needs Debian's pango libraries and a font; installed here when a fresh machine lacks them.
SYSTEM_STAMP := $(VENV)/.system-stamp
$(SYSTEM_STAMP):
	(ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -q .) || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null)
	mkdir -p $(VENV) && touch $(SYSTEM_STAMP)

install: $(SYSTEM_STAMP) $(STAMP) $(NPM_STAMP)

run: install
	$(BIN)/jobcoach-register migrate
	$(BIN)/jobcoach-register demo-data
	# the worker (outbox, daily jobs) beside the server, one process group: Ctrl-C stops both; both use the
	# server's own address as base URL unless REGISTER_BASE_URL is set, so links in e-mails match PORT
	export REGISTER_BASE_URL=$${REGISTER_BASE_URL:-http://$(BASE_HOST):$(PORT)}; \
	trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; $(BIN)/jobcoach-register worker & $(BIN)/jobcoach-register serve --host $(HOST) --port $(PORT)

# The whole suite, spread over the cores (pytest-xdist); one module alone: $(BIN)/pytest tests/api/test_x.py
test: install
	$(BIN)/ruff check .
	$(BIN)/pytest -n auto

# Benchmarks (minutes): wrk from Debian's packages, PostgreSQL at 127.0.0.1:5432 (BENCH_POSTGRES_URL).
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
