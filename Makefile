# aimsgraph: `make run` sets up and runs the main job; `make test` sets up and runs the checks.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.DEFAULT_GOAL := help
.PHONY: help venv install install-dev run test check lint typecheck pytest bench catalogs test-deps clean

help: ## Show the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

venv: $(BIN)/python

install: venv ## Install aimsgraph (regular, non-editable install) into .venv
	$(PIP) install .

install-dev: venv ## Install aimsgraph with the dev extras into .venv
	$(PIP) install '.[dev]'

EXAMPLE ?= examples/northwind-bank

REPORT ?= reports/northwind-bank.html

run: install ## Set up and run the main job: analyse the example organisation, write its report
	$(BIN)/aimsgraph analyse $(EXAMPLE)
	$(BIN)/aimsgraph report --org northwind-bank --format html --out $(REPORT)

test: install-dev test-deps lint typecheck pytest ## Set up, lint, type-check and run the tests

QC_STORE ?= .qc-store

check: install lint ## Lint, then review the mapping sets: stats and alike obligations mapped differently
	$(BIN)/aimsgraph store init --store $(QC_STORE) > /dev/null
	$(BIN)/aimsgraph mappings stats --store $(QC_STORE)
	$(BIN)/aimsgraph mappings qc --store $(QC_STORE)

test-deps: ## Install system packages the tests need (Java, Chromium and its driver, Virtuoso, Pango)
	bash scripts/setup-test-deps.sh

lint: ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: ## mypy (strict) on engine/ and api/ as the aimsgraph package
	@rm -rf .mypy-src && mkdir -p .mypy-src/aimsgraph
	@ln -s ../../src/aimsgraph/__init__.py .mypy-src/aimsgraph/__init__.py
	@ln -s ../../src/aimsgraph/py.typed .mypy-src/aimsgraph/py.typed
	@ln -s ../../engine .mypy-src/aimsgraph/engine
	@ln -s ../../api .mypy-src/aimsgraph/api
	cd .mypy-src && ../$(BIN)/mypy --config-file ../pyproject.toml -p aimsgraph.engine -p aimsgraph.api

pytest: ## Run the test suite against the installed package
	$(BIN)/python -m pytest

SIZES ?= 100,1000

bench: install ## Benchmarks: import, gaps, coverage, plan vs parse floor and naive baseline
	$(BIN)/python benchmarks/run.py --sizes $(SIZES)

catalogs: venv ## Regenerate ontology/frameworks/*.ttl from ontology/sources/*.csv
	$(BIN)/python scripts/build_catalogs.py

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) $(QC_STORE) .mypy-src .mypy_cache .pytest_cache .ruff_cache build *.egg-info
