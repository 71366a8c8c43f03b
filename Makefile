# `make build` and `make test` each set up .venv from the lock file first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SOURCES := $(wildcard data/source/*.txt data/source/*.yaml)
CODE := $(shell find src/companion -name '*.py' -o -name '*.json' -o -name '*.yaml' -o -name '*.j2' -o -name '*.css' -o -name '*.js')

.PHONY: build test browser-tools consumer-tools bench bench-figures bench-exports bench-scaling bench-corpus lock clean

build: datapackage.json

$(INSTALLED): requirements.lock requirements-nodeps.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps --no-build-isolation -r requirements-nodeps.lock
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

test: $(INSTALLED) browser-tools consumer-tools
	$(BIN)/python -m pytest

# Chromium (Debian) and axe-core (npm) for tests/test_browser.py; says why when it cannot.
browser-tools:
	@sh scripts/install_browser_tools.sh

# LibreOffice and R (Debian) for the export tests; says why when it cannot.
consumer-tools:
	@sh scripts/install_consumer_tools.sh

bench: $(INSTALLED)
	$(BIN)/python scripts/benchmark.py

bench-figures: $(INSTALLED)
	$(BIN)/python scripts/benchmark_figures.py

# Many episodes: 100, 1,000 and 10,000 (about an hour on two cores; --sizes to choose).
bench-corpus: $(INSTALLED)
	$(BIN)/python scripts/benchmark_corpus.py

bench-scaling: $(INSTALLED)
	$(BIN)/python scripts/benchmark_scaling.py

bench-exports: $(INSTALLED)
	$(BIN)/python scripts/benchmark_exports.py

# Re-pin every dependency, every extra included (needs the network);
# requirements-nodeps.in lists the few packages installed without their dependencies.
lock: $(INSTALLED)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --all-extras --allow-unsafe --generate-hashes --strip-extras -o requirements.lock pyproject.toml
	$(BIN)/python scripts/pin_nodeps.py requirements-nodeps.in requirements-nodeps.lock

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
