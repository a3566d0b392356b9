#!/usr/bin/env bash
# Installs what Blotter needs on Debian, only when missing:
#   scripts/setup.sh         the build dependencies (cmark-gfm, jemalloc, zlib, Brotli, libvips,
#                            pkg-config), the map libraries sites copy (Leaflet and
#                            Leaflet.markercluster) and Pagefind, in the project's Python environment .venv/
#   scripts/setup.sh --test  also the test tools (Chromium, chromedriver, Java, nginx with
#                            its brotli_static module, ExifTool, and the Python checkers pinned in
#                            scripts/requirements-test.txt)
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev libjemalloc-dev zlib1g-dev libbrotli-dev libvips-dev pkg-config
          libjs-leaflet libjs-leaflet.markercluster)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium chromium-driver poppler-utils nginx libnginx-mod-http-brotli-static libimage-exiftool-perl)
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
  # Debian starts an nginx it installs, on port 80: the tests run their own on free ports.
  if [[ " ${missing[*]} " == *" nginx "* ]] && [ -d /run/systemd/system ]; then
    echo "setup: stopping and disabling the nginx service just installed (scripts/deploy-test.py runs its own)"
    as_root systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
fi

# The Python tools go into the project's own environment, .venv/ (git-ignored), pinned in
# scripts/requirements*.txt: never into the system's Python. An install that fails stops here
# with pip's own message.
venv=.venv
if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "setup: installing python3-venv"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv >/dev/null
  fi
  echo "setup: making the Python environment $venv/"
  python3 -m venv "$venv"
fi
requirements=scripts/requirements.txt
[ "${1:-}" = "--test" ] && requirements=scripts/requirements-test.txt
# pip is asked only when the requirements changed since the last install.
stamp="$venv/.installed-$(basename "$requirements" .txt)"
if [ ! -f "$stamp" ] || [ scripts/requirements.txt -nt "$stamp" ] || [ "$requirements" -nt "$stamp" ]; then
  echo "setup: installing $requirements into $venv/"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi

# Pagefind's binary, on the PATH that the Makefile gives (.venv/bin first).
bin=$("$venv/bin/python" -c 'import os, pagefind_bin; print(os.path.join(os.path.dirname(pagefind_bin.__file__), "pagefind"))')
ln -sf "$bin" "$venv/bin/pagefind"
