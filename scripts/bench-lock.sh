#!/usr/bin/env bash
# What the published record (published.lock) costs: a generated site of N incidents, built once
# with `--lock`, then `check` and `build` timed RUNS times each with published.lock and without
# it, alternately. Each build follows a touch of one incident file, so that it reads, parses and
# assembles the whole site and checks it against the lock, as a newsroom's CI build does after
# an edit (a build with nothing changed does nothing at all). Prints the median wall time of
# each, and the median of the check's own time (the `published record: check` lap that
# BLOTTER_TIMING prints), then the size of published.lock.
#   scripts/bench-lock.sh [N] [RUNS]        default: 10000 5
# Environment: BENCH_DIR (default /dev/shm/blotter-bench-lock) holds the site and its output and
# is removed at the end (KEEP=1 keeps it); BLOTTER is the binary (default: the release build in
# .build-rel/, made if missing).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
blotter=${BLOTTER:-$repo/.build-rel/release/blotter}
[ -x "$blotter" ] || (cd "$repo" && swift build -c release --product blotter --scratch-path .build-rel)
n=${1:-10000}
runs=${2:-5}
dir=${BENCH_DIR:-/dev/shm/blotter-bench-lock}
rm -rf "$dir"
mkdir -p "$dir"
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$dir"' EXIT
site="$dir/site"
out="$dir/Public"
clock=2026-01-01T00:00:00Z
python3 "$repo/scripts/gen-corpus.py" --count "$n" --out "$site" >/dev/null
rm -rf "$site/Templates"  # the theme compiled into Blotter, as a new site has
touched=$(find "$site/Content/incidents" -name '*.md' | sort | sed -n 1p)

# run NAME COMMAND...: runs COMMAND with BLOTTER_TIMING set; appends its wall time to
# $dir/NAME.wall and its lock check's time (if any) to $dir/NAME.check.
run() {
  local name=$1 start end
  shift
  start=$(date +%s.%N)
  BLOTTER_TIMING=1 "$@" >"$dir/stdout" 2>"$dir/stderr" || { cat "$dir/stdout" "$dir/stderr"; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc >>"$dir/$name.wall"
  grep -o 'published record: check [0-9.]* s, [0-9.]*' "$dir/stderr" | awk '{print $4}' >>"$dir/$name.check" || true
  grep -o 'published record: check [0-9.]* s, [0-9.]*' "$dir/stderr" | awk '{print $6}' >>"$dir/$name.cpu" || true
}
median() {
  [ -s "$1" ] || { echo "-"; return; }
  sort -g "$1" | awk '{v[NR] = $1} END {printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

run lock "$blotter" build --site "$site" --output "$out" --clock "$clock" --lock --quiet
grep -o 'published record: written [0-9.]* s, [0-9.]*' "$dir/stderr" | awk '{print $4}' >"$dir/written"
grep -o 'published record: written [0-9.]* s, [0-9.]*' "$dir/stderr" | awk '{print $6}' >"$dir/written.cpu"
for i in $(seq 1 "$runs"); do
  for with in yes no; do
    [ "$with" = yes ] || mv "$site/published.lock" "$dir/published.lock.aside"
    run "check-$with" "$blotter" check --site "$site" --clock "$clock" --quiet
    touch "$touched"
    run "build-$with" "$blotter" build --site "$site" --output "$out" --clock "$clock" --quiet
    [ "$with" = yes ] || mv "$dir/published.lock.aside" "$site/published.lock"
  done
done

printf '%s incidents, %s runs each (median wall seconds; in brackets the lock alone, wall and CPU seconds)\n' "$n" "$runs"
printf '  build --lock (first)        %s  [written in %s, %s CPU-s]\n' "$(median "$dir/lock.wall")" \
  "$(median "$dir/written")" "$(median "$dir/written.cpu")"
for command in check build; do
  printf '  %-6s with published.lock   %s  [check %s, %s CPU-s]\n' "$command" "$(median "$dir/$command-yes.wall")" \
    "$(median "$dir/$command-yes.check")" "$(median "$dir/$command-yes.cpu")"
  printf '  %-6s without               %s\n' "$command" "$(median "$dir/$command-no.wall")"
done
printf '  published.lock: %s bytes, %s lines\n' "$(stat -c %s "$site/published.lock")" "$(wc -l <"$site/published.lock")"
