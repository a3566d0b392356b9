# Blotter: the two commands of the README's quick start, and a few more.
#   make site    build the example site and preview it at http://127.0.0.1:8000/ with live reload
#                (installs cmark-gfm if missing; Ctrl-C stops it)
#   make test    the whole test suite: unit and integration tests, page checks, CLI checks
#   make install the blotter command, its shell completions and man page under PREFIX
#                (default /usr/local; DESTDIR for a staged install); make uninstall removes them

SWIFT ?= swift
BLOTTER = .build/debug/blotter
# The project's Python environment (scripts/setup.sh makes it): its tools, Pagefind among
# them, come first on PATH.
PYTHON = .venv/bin/python
export PATH := $(CURDIR)/.venv/bin:$(PATH)

.PHONY: site test build release bench bench-serve bench-brief bench-photos check-pages cli-test setup install install-build uninstall

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
	$(PYTHON) scripts/progress-test.py $(BLOTTER)
	rm -rf .build/example-site && $(BLOTTER) build --output .build/example-site --clock 2026-11-27T09:00:00Z
	$(PYTHON) scripts/deploy-test.py $(BLOTTER) . .build/example-site
	$(PYTHON) scripts/validate-site.py .build/example-site
	$(PYTHON) scripts/photo-test.py . .build/example-site
	$(PYTHON) scripts/map-test.py .build/example-site
	rm -rf .build/init-site && $(BLOTTER) init .build/init-site --title "Riverside Desk" --quiet \
		--base-url https://incidents.example.org/ --timezone Europe/London && $(BLOTTER) build --site .build/init-site --quiet
	$(PYTHON) scripts/validate-site.py .build/init-site/Public
	$(PYTHON) scripts/check-data.py $(BLOTTER) . .build/example-site
	$(PYTHON) scripts/search-test.py .build/example-site ballistic /incidents/dagenham-police-shooting/
	$(PYTHON) scripts/brief-test.py $(BLOTTER) .
	$(PYTHON) scripts/reload-test.py $(BLOTTER) .
	bash scripts/install-test.sh

release: setup
	$(SWIFT) build -c release --product blotter

bench: release
	bash scripts/bench.sh

bench-serve: release
	bash scripts/bench-serve.sh

bench-brief: release
	bash scripts/bench-brief.sh

bench-photos: release
	bash scripts/bench-photos.sh

# make install: a release build with the Swift runtime linked in (--static-swift-stdlib), so
# that it runs where no Swift toolchain is (README, Installing), in its own scratch folder.
PREFIX ?= /usr/local
DESTDIR ?=
RELEASE_SCRATCH = .build-release
RELEASE_BLOTTER = $(RELEASE_SCRATCH)/release/blotter
MADE = $(RELEASE_SCRATCH)/install
# What install puts under the prefix, where shells and man look.
INSTALLED = bin/blotter share/man/man1/blotter.1 share/bash-completion/completions/blotter \
	share/zsh/site-functions/_blotter share/fish/vendor_completions.d/blotter.fish
# The man page's date: the last commit's, so the same source gives the same page.
MAN_DATE = $(shell git log -1 --format=%cs 2>/dev/null || date +%F)

# Make's own variables and the install's are kept from the build: SwiftPM compiles
# BlotterCore and more again whenever the environment changes (make exports PREFIX=... given
# on its command line), which made a second install with another PREFIX take two minutes.
MAKE_FREE = env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u PREFIX -u DESTDIR
# The installed binary is stripped of its debugging symbols (125 MB -> 74 MB); the
# completions come from the binary; the man page from its commands too, by
# ArgumentParser's generate-manual tool (what its generate-manual plugin runs, which would
# build every product again), built from the checkout the release build uses.
install-build: setup
	$(MAKE_FREE) $(SWIFT) build -c release --static-swift-stdlib --product blotter --scratch-path $(RELEASE_SCRATCH)
	@mkdir -p $(MADE)
	strip -o $(MADE)/blotter $(RELEASE_BLOTTER)
	$(RELEASE_BLOTTER) --generate-completion-script bash >$(MADE)/blotter.bash
	$(RELEASE_BLOTTER) --generate-completion-script zsh >$(MADE)/_blotter
	$(RELEASE_BLOTTER) --generate-completion-script fish >$(MADE)/blotter.fish
	$(SWIFT) build --package-path $(RELEASE_SCRATCH)/checkouts/swift-argument-parser \
		--scratch-path $(RELEASE_SCRATCH)/tools --product generate-manual
	$(RELEASE_SCRATCH)/tools/debug/generate-manual $(RELEASE_BLOTTER) --date $(MAN_DATE) --output-directory $(MADE)

install: install-build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(MADE)/blotter $(DESTDIR)$(PREFIX)/bin/blotter
	install -m 644 $(MADE)/blotter.1 $(DESTDIR)$(PREFIX)/share/man/man1/blotter.1
	install -m 644 $(MADE)/blotter.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/blotter
	install -m 644 $(MADE)/_blotter $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_blotter
	install -m 644 $(MADE)/blotter.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/blotter.fish

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/,$(INSTALLED))
