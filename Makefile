# titfortat: `make run` and `make test` work on a fresh machine with Python 3.11 and PyPI.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest setup bench clean

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) (set PY=...)"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[model,dev]"
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	@rm -f titfortat.db
	$(BIN)/titfortat code examples/ --format table
	$(BIN)/titfortat ingest examples/ --db titfortat.db
	$(BIN)/titfortat exchanges --most-active --db titfortat.db
	$(BIN)/titfortat report --db titfortat.db --out report.html

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
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info titfortat.db report.html
