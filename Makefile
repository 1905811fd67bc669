# Every target installs what it needs into a local virtualenv (.venv) first.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test lint mutate docs docs-pages docs-serve bench bench-quick bench-steps bench-load fuzz clean help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "ceasefire needs Python 3.11 or newer; set PYTHON=python3.x" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install the library with what its tests and docs need

demo: $(STAMP) ## replay the shipped 2025 example and print its timeline
	$(VENV)/bin/ceasefire replay examples/ukraine_2025.yaml

# The suite ends with what it reached of the shipped lifecycles (--ceasefire-coverage).
SHIPPED_LIFECYCLES = ceasefire,exchange,staged-exchange,pause-late-extension,ceasefire-after-delivery,renewable,ceasefire-paused

test: $(STAMP) ## run the whole test suite; it ends with the states and rows of the shipped lifecycles it reached
	$(PY) -m pytest --ceasefire-coverage --ceasefire-coverage-only $(SHIPPED_LIFECYCLES)

lint: $(STAMP) ## ruff, mypy --strict, docstring coverage and the import contract (the floors)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/interrogate --quiet src
	$(VENV)/bin/lint-imports --no-cache

mutate: $(STAMP) ## mutation testing: each core and scenario module against its own tests, a score each
	$(PY) tools/mutate.py

docs: $(STAMP) ## build the documentation site into site/ (warnings are errors)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

docs-pages: $(STAMP) ## write the generated parts of docs/ (CLI help and runs, tables, error catalogue)
	$(PY) -m tools.docs_pages

docs-serve: $(STAMP) ## serve the documentation on localhost:8000
	$(VENV)/bin/mkdocs serve

fuzz: $(STAMP) ## a long fuzzing run of the loader and the replay (10,000 examples per target)
	CEASEFIRE_FUZZ_EXAMPLES=10000 $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz.py

bench: $(STAMP) ## 10k and 100k synthetic proposals vs a bare fold, bare transitions, a dict fold; issue 20's targets
	$(PY) -m benchmarks.bulk

bench-quick: $(STAMP) ## for development: make bench at 10,000 proposals only, best of 3 (about 3 minutes)
	$(PY) -m benchmarks.bulk --sizes 10000 --repeat 3

bench-steps: $(STAMP) ## the cost of one step: ceasefire's adapter, bare transitions, a dict, Machine per proposal
	$(PY) -m benchmarks.scaling

bench-load: $(STAMP) ## what one file costs: 100,000 proposals, 50,000 bad events, a million-line log, vs bare readers
	$(PY) -m benchmarks.loading

clean: ## remove the virtualenv and build output
	rm -rf $(VENV) site dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis .mutate mutants
