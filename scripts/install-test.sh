#!/usr/bin/env bash
# `make install` as a user runs it, and the installed blotter where no Swift toolchain is:
# installs into a new prefix (and once more with DESTDIR), checks the files it puts there,
# the shared libraries the binary needs (none from the toolchain), then runs
# `blotter init`, `build` and `serve` with a PATH that has no swift on it, and uninstalls.
# usage: scripts/install-test.sh
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
serve_pid=
trap '[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# check NAME COMMAND... : COMMAND succeeds.
check() { local name=$1; shift; if "$@"; then pass; else fail "$name"; fi; }
# expect NAME COMMAND... : runs COMMAND with the bare environment below, keeps stdout+stderr
# in $work/out, expects exit 0.
expect() {
  local name=$1; shift
  bare "$@" </dev/null >"$work/out" 2>&1
  local got=$?
  if [ "$got" -eq 0 ]; then pass; else fail "$name: exit $got"; sed 's/^/  | /' "$work/out"; fi
}
contains() { if grep -qF -- "$2" "$work/out"; then pass; else fail "$1: output lacks: $2"; sed 's/^/  | /' "$work/out"; fi; }

prefix="$work/prefix"
start=$(date +%s)
if ! make -C "$repo" --no-print-directory install PREFIX="$prefix" >"$work/make.out" 2>&1; then
  cat "$work/make.out"
  echo "install-test: make install failed"
  exit 1
fi
echo "install-test: make install took $(($(date +%s) - start)) s"

# The files, where packagers and shells look for them.
blotter="$prefix/bin/blotter"
check "binary installed, executable" test -x "$blotter"
files=(share/bash-completion/completions/blotter share/zsh/site-functions/_blotter
       share/fish/vendor_completions.d/blotter.fish share/man/man1/blotter.1)
for file in "${files[@]}"; do check "$file installed" test -s "$prefix/$file"; done
check "bash completion" grep -qE 'complete .*-F _blotter blotter$' "$prefix/share/bash-completion/completions/blotter"
check "zsh completion" grep -q '^#compdef blotter' "$prefix/share/zsh/site-functions/_blotter"
check "fish completion" grep -q "^complete -c 'blotter'" "$prefix/share/fish/vendor_completions.d/blotter.fish"
man="$prefix/share/man/man1/blotter.1"
check "man page header" grep -q '^\.Dt BLOTTER 1' "$man"
# The man page is made from the commands themselves: every subcommand and every option
# that `blotter --help` and `blotter build --help` show are in it.
for command in $("$blotter" --help | sed -n '/^SUBCOMMANDS:/,$p' | grep -oE '^  [a-z][a-z-]*' | grep -v '^  help$'); do
  check "man page has the $command command" grep -q "^\.It Em $command\$" "$man"
done
for option in $("$blotter" build --help | grep -o -- '--[a-z-]*' | sort -u | grep -v -- '--help'); do
  check "man page has build's $option" grep -qE -- "^\.It Fl (-|[a-z] , -)${option#--}( |\$)" "$man"
done
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l "$man" >"$work/out" 2>&1
  contains "man renders the page" "BLOTTER(1)"
  contains "man renders the commands" "EXIT STATUS"
fi

# A binary that needs no toolchain: the libraries it needs, none of them the toolchain's.
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
ldd "$blotter" >"$work/ldd" 2>&1
echo "install-test: blotter needs:"
sed 's/^/  /' "$work/ldd"
check "every library is found" test "$(grep -c 'not found' "$work/ldd")" -eq 0
check "no library from the toolchain ($toolchain)" test "$(grep -cF "$toolchain" "$work/ldd")" -eq 0
check "no Swift runtime library" test "$(grep -cE 'lib(swift|Foundation|dispatch|BlocksRuntime)' "$work/ldd")" -eq 0
# README's Installing names the Debian package of every library the binary itself links
# (readelf's NEEDED entries): what those need in turn, apt installs with them (libvips
# alone brings some sixty libraries).
needed=$(readelf -d "$blotter" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
check "readelf lists the libraries blotter links" test -n "$needed"
for name in $needed; do
  library=$(awk -v n="$name" '$1 == n && $3 ~ /^\// {print $3}' "$work/ldd")
  [ -n "$library" ] || continue  # the loader itself (ld-linux), or linux-vdso
  # dpkg knows a file by the path its package gave, under /lib or /usr/lib.
  real=$(readlink -f "$library")
  package=$( (dpkg -S "$real" || dpkg -S "$library" || dpkg -S "${real#/usr}") 2>/dev/null | head -1 | cut -d: -f1)
  check "$(basename "$library") belongs to a Debian package" test -n "$package"
  [ -n "$package" ] && check "README names $package (for $(basename "$library"))" grep -qwF -- "$package" "$repo/README.md"
done

# The bare environment: the prefix's bin and the system's, no swift among them.
bare_env=(env -i HOME="$work/home" LANG=C.UTF-8 PATH="$prefix/bin:/usr/bin:/bin")
bare() { "${bare_env[@]}" "$@"; }
mkdir -p "$work/home"
check "no swift on the bare PATH" test "$(bare sh -c 'command -v swift || echo none')" = none
check "the bare PATH finds the installed blotter" test "$(bare sh -c 'command -v blotter')" = "$blotter"

expect "--version" blotter --version
check "--version prints a version number" grep -qxE '[0-9]+\.[0-9]+\.[0-9]+' "$work/out"
expect "--help" blotter --help
# jemalloc is the allocator (its statistics, printed at exit when asked for).
expect "jemalloc" env MALLOC_CONF=stats_print:true blotter --version
contains "jemalloc is the allocator" "Begin jemalloc statistics"

# A new site, built and previewed, with no Templates/ folder of its own (the theme is in
# the binary).
cd "$work"
expect "init" blotter init mysite --title "Install Test Desk"
check "init made site.yml" test -f "$work/mysite/site.yml"
check "the new site has no Templates/ folder" test ! -e "$work/mysite/Templates"
cd "$work/mysite"
expect "build" blotter build
contains "build summary" "Built "
check "build wrote the index page" grep -q 'Install Test Desk' "$work/mysite/Public/index.html"

# serve_and_fetch PATH TEXT: starts `blotter serve` in the current site, fetches PATH and
# checks it holds TEXT, then stops serve with SIGINT.
serve_and_fetch() {
  # Started as a plain command (env execs blotter), so that $! is blotter itself.
  "${bare_env[@]}" blotter serve --port 0 </dev/null >"$work/serve.out" 2>&1 &
  serve_pid=$!
  url=
  for _ in $(seq 1 100); do
    url=$(grep -o 'http://[^ ]*/' "$work/serve.out" | head -1)
    [ -n "$url" ] && break
    sleep 0.1
  done
  check "serve prints its URL" test -n "$url"
  if [ -n "$url" ]; then
    code=$(curl -s -o "$work/page" -w '%{http_code}' "$url${1#/}")
    check "serve answers $1 with 200 (got $code)" test "$code" = 200
    check "serve sends $1 with $2" grep -q "$2" "$work/page"
  fi
  kill -INT "$serve_pid"
  for _ in $(seq 1 50); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$serve_pid" 2>/dev/null; then
    kill -9 "$serve_pid"; fail "serve still running 5 s after SIGINT"
  else
    wait "$serve_pid"; code=$?
    check "serve exits 0 after SIGINT (got $code)" test "$code" -eq 0
  fi
  serve_pid=
}
serve_and_fetch / 'Install Test Desk'

# One template of the site's own: its incident.mustache is used, every other file is the theme's.
expect "theme copy" blotter theme copy incident
sed -i 's|<h1>{{title}}</h1>|<h1 class="own-headline">{{title}}</h1>|' Templates/incident.mustache
expect "build with one template of its own" blotter build
incident=$(cd Public && ls -d incidents/*/ | head -1)
check "the incident page uses the site's template" grep -q 'class="own-headline"' "Public/${incident}index.html"
check "the home page still uses the theme's card" grep -q 'class="card-title"' Public/index.html
expect "theme list" blotter theme list
contains "theme list names the site's template" "Templates/incident.mustache  (replaces the theme's)"
serve_and_fetch "/$incident" 'class="own-headline"'
cd "$repo"

# Uninstall removes what install put there, and nothing else.
touch "$prefix/bin/other-tool"
make -C "$repo" --no-print-directory uninstall PREFIX="$prefix" >"$work/out" 2>&1 || fail "make uninstall"
check "uninstall removed the binary" test ! -e "$blotter"
for file in "${files[@]}"; do check "uninstall removed $file" test ! -e "$prefix/$file"; done
check "uninstall left other files" test -e "$prefix/bin/other-tool"

# DESTDIR: a staged install for a package, the files under DESTDIR/PREFIX. The release
# build is the one above: this only copies.
make -C "$repo" --no-print-directory install DESTDIR="$work/stage" PREFIX=/usr >"$work/out" 2>&1 || fail "make install DESTDIR"
check "DESTDIR binary" test -x "$work/stage/usr/bin/blotter"
for file in "${files[@]}"; do check "DESTDIR $file" test -s "$work/stage/usr/$file"; done

echo "install-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
