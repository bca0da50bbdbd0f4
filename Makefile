# gongkai — the one place that installs, tests and runs the project.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck bench bench-search bench-read-side bench-feed bench-audit-chain bench-personal-data bench-log-at-scale bench-registration-rush bench-annual-report clean

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "gongkai needs Python 3.11 or newer on PATH"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Serving needs only the package itself: no test or lint tools.
RUN_STAMP := $(VENV)/.installed-run

$(RUN_STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "gongkai needs Python 3.11 or newer on PATH"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	touch $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/gongkai serve

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy domain application
	$(BIN)/python -m pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy domain application

bench: $(STAMP)
	$(BIN)/python -m bench.disclosure_requests

bench-search: $(STAMP)
	$(BIN)/python -m bench.search

bench-read-side: $(STAMP)
	$(BIN)/python -m bench.read_side

bench-feed: $(STAMP)
	$(BIN)/python -m bench.feed

bench-audit-chain: $(STAMP)
	$(BIN)/python -m bench.audit_chain

bench-personal-data: $(STAMP)
	$(BIN)/python -m bench.personal_data

bench-log-at-scale: $(STAMP)
	$(BIN)/python -m bench.log_at_scale

bench-registration-rush: $(STAMP)
	$(BIN)/python -m bench.registration_rush

bench-annual-report: $(STAMP)
	$(BIN)/python -m bench.annual_report

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
