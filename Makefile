# make run   - the whole service on this machine (see scripts/run.sh)
# make test  - the test suite; honours DATABASE_URL and REDIS_URL when set
#
# PYTHON picks the interpreter that creates .venv: make install PYTHON=python3.12

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install, so re-running is a no-op until a requirements file changes.
STAMP := $(VENV)/.installed

.PHONY: run test install lint check

run:
	@./scripts/run.sh

test: install
	$(BIN)/pytest -q $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@if ! $(BIN)/python -c '' 2>/dev/null; then \
		$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
			|| { echo "NoteTicketing needs Python 3.11 or newer: make install PYTHON=python3.11" >&2; exit 1; }; \
		echo "Creating $(VENV) with $(PYTHON)"; \
		$(PYTHON) -m venv --clear $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
