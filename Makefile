# Blotter: the two commands of the README's quick start, and a few more.
#   make site    build the example site into Public/ (installs cmark-gfm if missing)
#   make test    the whole test suite: unit and integration tests, page checks, CLI checks

SWIFT ?= swift
BLOTTER = .build/debug/blotter

.PHONY: site test build release bench check-pages cli-test setup

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build --product blotter

site: build
	$(BLOTTER) build
	@echo "Serve it with: python3 -m http.server -d Public 8000  (then open http://localhost:8000/)"

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

release: setup
	$(SWIFT) build -c release --product blotter

bench: release
	bash scripts/bench.sh
