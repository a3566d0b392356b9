# Blotter: the two commands of the README's quick start, and a few more.
#   make site    build the example site and preview it at http://127.0.0.1:8000/ with live reload
#                (installs cmark-gfm if missing; Ctrl-C stops it)
#   make test    the whole test suite: unit and integration tests, page checks, CLI checks

SWIFT ?= swift
BLOTTER = .build/debug/blotter
# The project's Python environment (scripts/setup.sh makes it): its tools, Pagefind among
# them, come first on PATH.
PYTHON = .venv/bin/python
export PATH := $(CURDIR)/.venv/bin:$(PATH)

.PHONY: site test build release bench bench-serve bench-brief check-pages cli-test setup

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build --product blotter

site: build
	$(BLOTTER) serve

test: 
	@bash scripts/setup.sh --test
	bash scripts/setup-test.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test
	bash scripts/fuzz.sh 60
	$(SWIFT) build --product blotter
	bash scripts/cli-test.sh $(BLOTTER)
	rm -rf .build/example-site && $(BLOTTER) build --output .build/example-site --clock 2026-11-27T09:00:00Z
	$(PYTHON) scripts/validate-site.py .build/example-site
	$(PYTHON) scripts/check-data.py $(BLOTTER) . .build/example-site
	$(PYTHON) scripts/search-test.py .build/example-site ballistic /incidents/dagenham-police-shooting/
	$(PYTHON) scripts/brief-test.py $(BLOTTER) .
	$(PYTHON) scripts/reload-test.py $(BLOTTER) .

release: setup
	$(SWIFT) build -c release --product blotter

bench: release
	bash scripts/bench.sh

bench-serve: release
	bash scripts/bench-serve.sh

bench-brief: release
	bash scripts/bench-brief.sh
