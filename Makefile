# Two commands do all set-up on a fresh machine:
#   make run   — venv, install, ingest the bundled samples into zhevents.db, print a summary
#   make test  — venv, install with test extras (+ Chromium for browser tests), run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= zhevents.db

.PHONY: run test install install-test system-test-deps lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python system-test-deps
	$(BIN)/pip install --quiet -e '.[test,ray]'

# Debian's Chromium drives the browser tests (Playwright with executable_path); CJK fonts for screenshots.
system-test-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

PORT ?= 8000

run: install
	$(BIN)/zhevents ingest samples --meta samples/manifest.jsonl --db $(DB)
	$(BIN)/zhevents stories --db $(DB)
	$(BIN)/zhevents events --db $(DB)
	@echo "explorer: http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/zhevents serve --db $(DB) --port $(PORT)

test: install-test
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/python -m mypy src
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm artifacts
