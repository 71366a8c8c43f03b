# `make build` and `make test` each set up .venv from the lock file first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SOURCES := $(wildcard data/source/*.txt data/source/*.yaml)
CODE := $(shell find src/companion -name '*.py' -o -name '*.json' -o -name '*.yaml' -o -name '*.j2' -o -name '*.css' -o -name '*.js')

.PHONY: build test browser-tools bench bench-figures bench-scaling lock clean

build: datapackage.json

$(INSTALLED): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# The package: every table, rebuilt from data/source/ and validated; then its page in site/.
datapackage.json: $(INSTALLED) $(SOURCES) $(CODE)
	$(BIN)/companion build
	$(BIN)/companion validate datapackage.json
	$(BIN)/companion export html datapackage.json --out site
	touch $@

# The README's generated parts (tables, row counts, data dictionary).
README.md: datapackage.json scripts/update_readme.py
	$(BIN)/python scripts/update_readme.py README.md

test: $(INSTALLED) browser-tools
	$(BIN)/python -m pytest

# Chromium (Debian) and axe-core (npm) for tests/test_browser.py; says why when it cannot.
browser-tools:
	@sh scripts/install_browser_tools.sh

bench: $(INSTALLED)
	$(BIN)/python scripts/benchmark.py

bench-figures: $(INSTALLED)
	$(BIN)/python scripts/benchmark_figures.py

bench-scaling: $(INSTALLED)
	$(BIN)/python scripts/benchmark_scaling.py

# Re-pin every dependency (needs the network).
lock: $(INSTALLED)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --allow-unsafe --generate-hashes --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
