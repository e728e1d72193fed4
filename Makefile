# edudiary — the two commands: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := frontend/node_modules/.installed
SPA_SOURCES := $(shell find frontend/src frontend/index.html frontend/public frontend/vite.config.ts -type f 2>/dev/null)
E2E_PORT ?= 8765
# Separate names let several checkouts run `make test` on one PostgreSQL at once.
E2E_DB ?= edudiary_e2e
MIGRATIONS_DB ?= edudiary_migrations_check

.PHONY: run test install lint typecheck migrations-check contract-check openapi backend-test \
        frontend-test e2e chromium pdf-tools spa clean chaos scale-check mutation

run: install spa  ## Serve API + SPA + worker on http://127.0.0.1:8000 (embedded PostgreSQL)
	$(MAKE) -s pdf-tools || echo "warning: no PDF fonts (apt-get install fonts-dejavu-core): PDF exports will fail"
	$(BIN)/edudiary seed-demo  # idempotent: demo schools, term, accounts (development only)
	$(BIN)/edudiary serve

test: install chromium lint typecheck migrations-check contract-check backend-test frontend-test e2e
	@echo "make test: all checks passed"

install: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

$(NODE_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $(CURDIR)/$@

spa: frontend/dist/index.html
frontend/dist/index.html: $(NODE_STAMP) $(SPA_SOURCES)
	cd frontend && npm run -s build

chromium:  ## Debian's Chromium for the browser tests (never a test tool's own download)
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

pdf-tools:  ## fonts report PDFs embed; poppler-utils (pdftotext, pdftoppm) the PDF tests read them with
	@{ test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf && command -v pdftotext >/dev/null; } || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core poppler-utils >/dev/null; }

lint: $(PY_STAMP)  ## ruff, and the import boundaries (contracts in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(PY_STAMP) $(NODE_STAMP)
	$(BIN)/mypy api migrations tests bench
	cd frontend && npm run -s typecheck

migrations-check: $(PY_STAMP)  ## upgrade, check for model drift, downgrade and upgrade again
	url=$$($(BIN)/python -m tests.support create-db $(MIGRATIONS_DB))
	DATABASE_URL=$$url $(BIN)/alembic -c alembic.ini upgrade heads
	DATABASE_URL=$$url $(BIN)/alembic -c alembic.ini check
	DATABASE_URL=$$url $(BIN)/alembic -c alembic.ini downgrade base
	DATABASE_URL=$$url $(BIN)/alembic -c alembic.ini upgrade heads

openapi: $(PY_STAMP) $(NODE_STAMP)  ## write openapi/openapi.json and regenerate the SPA client
	$(BIN)/python -m api.openapi > openapi/openapi.json
	cd frontend && npm run -s generate-client

contract-check: $(PY_STAMP) $(NODE_STAMP)  ## fail when openapi.json or the client is stale
	tmp=$$(mktemp -d)
	$(BIN)/python -m api.openapi > $$tmp/openapi.json
	diff -u openapi/openapi.json $$tmp/openapi.json > $$tmp/diff || { head -50 $$tmp/diff; echo "openapi/openapi.json is stale: run 'make openapi' and commit"; exit 1; }
	cd frontend && npm run -s check-client || { echo "frontend/src/api/generated is stale: run 'make openapi' and commit"; exit 1; }

backend-test: $(PY_STAMP) pdf-tools
	$(BIN)/python -m pytest -q -p no:cacheprovider

frontend-test: $(NODE_STAMP)
	cd frontend && npm run -s test

e2e: install spa chromium  ## the SPA in headless Chromium against a real server
	mkdir -p var
	url=$$($(BIN)/python -m tests.support create-db $(E2E_DB))
	DATABASE_URL=$$url $(BIN)/alembic -c alembic.ini upgrade heads 2>/dev/null
	DATABASE_URL=$$url EDUDIARY_ENV=development EDUDIARY_LOG_JSON=false EDUDIARY_LOG_LEVEL=WARNING \
	  $(BIN)/edudiary serve --port $(E2E_PORT) > var/e2e-server-$(E2E_PORT).log 2>&1 &
	server=$$!
	trap 'kill $$server 2>/dev/null || true' EXIT
	for _ in $$(seq 1 60); do curl -fsS -o /dev/null http://127.0.0.1:$(E2E_PORT)/api/v1/health && break; sleep 0.5; done
	# The diary and applications fixtures run `edudiary seed-demo` against the same database.
	cd frontend && DATABASE_URL=$$url E2E_BASE_URL=http://127.0.0.1:$(E2E_PORT) npm run -s test:e2e

chaos: $(PY_STAMP)  ## PostgreSQL restarted and the app kill -9-ed under load (own cluster, ~3 min)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m chaos tests/chaos

scale-check: $(PY_STAMP)  ## 2 API processes + worker behind PgBouncer (transaction mode) and a replica: cross-process rules, then 60 s of mixed load (~4 min)
	command -v pgbouncer >/dev/null || test -x /usr/sbin/pgbouncer || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null; }
	$(BIN)/python -m pytest -q -p no:cacheprovider -s -m scale tests/scale

mutation: $(PY_STAMP)  ## cosmic-ray over averages, lockout, tokens, OTP, uploads (hours; not in make test)
	$(BIN)/pip install -q -e '.[dev,mutation]'
	BIN=$(BIN) bench/mutation.sh

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var/test
