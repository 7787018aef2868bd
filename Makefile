# Signaalwijzer: `make run` and `make test` are all a new user needs (only Python 3.11 required).
SHELL := /bin/bash
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
DEV_ENV := SIGNAALWIJZER_DEBUG=true
PG_URL ?= postgres://postgres@127.0.0.1:5432/signaalwijzer
CHROMIUM ?= /usr/bin/chromium

.PHONY: install run demo test lint test-sqlite test-postgres test-browser messages chromium bench bench-linkage screenshots clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

messages: $(STAMP)
	$(BIN)/python scripts/compile_messages.py

install: $(STAMP) messages
	mkdir -p var
	$(DEV_ENV) $(BIN)/signaalwijzer migrate --noinput -v 0
	$(DEV_ENV) $(BIN)/signaalwijzer kennis check

run: install demo
	@echo "Signaalwijzer draait op http://127.0.0.1:8000  (inloggen: /inloggen/ met een demogebruiker hierboven; stoppen: Ctrl+C)"
	$(DEV_ENV) $(BIN)/signaalwijzer runserver 127.0.0.1:8000

# The demo municipality (organisations, a user for every role, dossiers); prints the demo users. Idempotent.
demo: install
	$(DEV_ENV) $(BIN)/signaalwijzer demo load

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

chromium:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  { echo "Could not install chromium (run as root or: sudo apt-get install chromium)"; exit 1; }; }

test-sqlite: install
	$(BIN)/pytest -q -m "not browser" -p no:cacheprovider -n 2

test-postgres: install
	@if scripts/ensure-postgres.sh >/dev/null; then \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not browser" -p no:cacheprovider -n 2; \
	else \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo "!!! PostgreSQL SKIPPED: no server on 127.0.0.1:5432 and none could be started"; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

test-browser: install chromium
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -q -m browser -p no:cacheprovider

test: lint test-sqlite test-postgres test-browser

# The README's screenshots (docs/screenshots/), written by the browser tests.
screenshots: install chromium
	SIGNAALWIJZER_SCREENSHOTS=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -q -m browser -p no:cacheprovider

bench: install
	$(BIN)/python bench/screening.py
	$(BIN)/python bench/dossiers.py
	@if scripts/ensure-postgres.sh >/dev/null; then \
	  $(BIN)/python bench/dossiers.py --database-url postgres://postgres@127.0.0.1:5432/sw_bench; \
	else echo "!!! PostgreSQL not reachable: bench/dossiers.py on PostgreSQL SKIPPED"; fi
	$(BIN)/python bench/notes.py

# Linkage against Splink 5 (DuckDB) at 10k, 100k and 1M signals: needs the optional [bench] packages,
# several GB of memory and free disk for DuckDB's spill; takes a long time.
bench-linkage: install
	$(BIN)/python -m pip install -q -e ".[bench]"
	$(BIN)/python bench/linkage.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
