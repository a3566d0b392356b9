#!/usr/bin/env bash
# Checks scripts/setup.sh: Python tools are pinned and go into the project's .venv/, never
# into the system's Python, and a failed install stops setup with pip's own message.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "setup-test: $*" >&2; exit 1; }

grep -q -- '--break-system-packages' scripts/setup.sh && fail "setup.sh installs into the system's Python"
grep -Eq 'pip[^|]*2>/dev/null' scripts/setup.sh && fail "setup.sh hides pip's errors"
for file in scripts/requirements.txt scripts/requirements-test.txt; do
  while IFS= read -r line; do
    case "$line" in ''|'#'*|'-r '*) continue ;; esac
    [[ "$line" =~ ^[A-Za-z0-9_.-]+(\[[a-z,]+\])?==[0-9][0-9A-Za-z.]*$ ]] || fail "$file: not pinned: $line"
  done <"$file"
done
[ -x .venv/bin/python ] || fail "no .venv/ after setup"
.venv/bin/python -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)' || fail ".venv/ is not a virtual environment"
[ -x .venv/bin/pagefind ] || fail "no .venv/bin/pagefind"

# A package that does not exist: setup must fail, and say which.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/scripts"
cp scripts/setup.sh "$work/scripts/"
echo 'blotter-no-such-package==0.0.1' >"$work/scripts/requirements.txt"
echo '-r requirements.txt' >"$work/scripts/requirements-test.txt"
if bash "$work/scripts/setup.sh" >"$work/out" 2>&1; then
  fail "setup.sh succeeded although a package could not be installed"
fi
grep -q 'blotter-no-such-package' "$work/out" || { cat "$work/out"; fail "setup.sh failed without naming the package"; }
[ -d "$work/.venv" ] || fail "setup.sh did not make the project's .venv/"
echo "setup-test: passed"
