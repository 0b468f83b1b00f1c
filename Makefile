# Two commands: `make run` (set up everything, serve on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
DEMO_SIZE ?= 3000

.PHONY: run serve setup test install db bench clean chromium

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(STAMP)

# The matching indexes are not built here: `devserver` queues them for its background worker,
# so the first start serves the home page within seconds (progress at /jobs/).
db: $(STAMP)
	$(BIN)/promkoop migrate --noinput -v0
	$(BIN)/promkoop load-reference
	$(BIN)/promkoop demo --size $(DEMO_SIZE)

setup: db

run: setup
	DEBUG=$${DEBUG:-1} $(BIN)/promkoop devserver $(HOST)

# Production: gunicorn with several processes (DEBUG off; set SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL).
WORKERS ?= 4
serve: setup
	$(BIN)/promkoop serve $(HOST) --workers $(WORKERS)

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

test: $(STAMP) chromium
	$(BIN)/promkoop makemigrations --check --dry-run -v0
	$(BIN)/pytest -q

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) var
