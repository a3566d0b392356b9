# Blotter: the two commands of the README's quick start, and a few more.
#   make site    build the example site and preview it at http://127.0.0.1:8000/ with live reload
#                (installs cmark-gfm if missing; Ctrl-C stops it)
#   make test    the whole test suite: unit and integration tests, page checks, CLI checks

SWIFT ?= swift
BLOTTER = .build/debug/blotter

.PHONY: site test build release bench bench-serve bench-brief check-pages cli-test setup

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build --product blotter

site: build
	$(BLOTTER) serve

test: 
	@bash scripts/setup.sh --test
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(SWIFT) build --product blotter
	bash scripts/cli-test.sh $(BLOTTER)
	rm -rf .build/example-site && $(BLOTTER) build --output .build/example-site --clock 2026-11-27T09:00:00Z
	python3 scripts/validate-site.py .build/example-site
	python3 scripts/check-data.py $(BLOTTER) . .build/example-site
	python3 scripts/search-test.py .build/example-site ballistic /incidents/dagenham-police-shooting/
	python3 scripts/brief-test.py $(BLOTTER) .
	python3 scripts/reload-test.py $(BLOTTER) .

release: setup
	$(SWIFT) build -c release --product blotter

bench: release
	bash scripts/bench.sh

bench-serve: release
	bash scripts/bench-serve.sh

bench-brief: release
	bash scripts/bench-brief.sh
