# titfortat: `make run` and `make test` work on a fresh machine with Python 3.11 and PyPI.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB := titfortat.db
SAMPLE_ACTORS := examples/actors.yaml

.PHONY: run test lint typecheck pytest setup bench clean

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) (set PY=...)"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[model,dev,ray]"
	@touch $(STAMP)

setup: $(STAMP)

# Code the sample corpus (summary table), store it in SQLite, print the most active dyad's
# chain of exchanges, and write the offline HTML report.
run: setup
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/titfortat code examples/ --actors $(SAMPLE_ACTORS) --format table
	$(BIN)/titfortat ingest examples/ --actors $(SAMPLE_ACTORS) --db $(DB)
	$(BIN)/titfortat exchanges --most-active --db $(DB)
	$(BIN)/titfortat report --db $(DB) --out report.html
	@echo ""
	@echo "Dashboard and HTTP API on this sample database:"
	@echo "  $(BIN)/titfortat serve --db $(DB)     # then open http://127.0.0.1:8000/ (Ctrl-C stops)"

lint: setup
	$(BIN)/ruff check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: setup
	$(BIN)/python benchmarks/plover_gsr.py
	$(BIN)/python benchmarks/petrarch_gsr.py
	$(BIN)/python benchmarks/places_gsr.py
	$(BIN)/python benchmarks/actors_gsr.py
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info $(DB) $(DB)-wal $(DB)-shm report.html
