# Two commands: `make run` (set up everything, serve on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
DEMO_SIZE ?= 3000

.PHONY: run setup test install db bench clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(STAMP)

db: $(STAMP)
	$(BIN)/promkoop migrate --noinput -v0
	$(BIN)/promkoop load-reference
	$(BIN)/promkoop demo --size $(DEMO_SIZE)
	$(BIN)/promkoop reindex

setup: db

run: setup
	DEBUG=$${DEBUG:-1} $(BIN)/promkoop runserver $(HOST)

test: $(STAMP)
	$(BIN)/promkoop makemigrations --check --dry-run -v0
	$(BIN)/pytest -q

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) var
