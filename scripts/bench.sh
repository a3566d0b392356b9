#!/usr/bin/env bash
# Build-time benchmark: a generated corpus of 1,000, 10,000 and 50,000 incidents,
# built with the release binary; wall time and peak memory (RSS) of each build.
#   scripts/bench.sh [COUNTS...]      default: 1000 10000 50000
# Environment: BENCH_DIR (default /tmp/blotter-bench) holds the corpora and outputs;
# BENCH_OUT is the folder the site is written to (default: inside BENCH_DIR, on disk;
# set it to a tmpfs folder such as /dev/shm/blotter-out to leave the disk out).
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000 50000)

printf '%-10s %-10s %-12s %-10s %s\n' incidents pages wall_s peak_MiB cpu
for n in "${counts[@]}"; do
  corpus=$(corpus "$n")
  out=${BENCH_OUT:-$dir/out-$n}
  for run in cold warm; do
    [ "$run" = cold ] && rm -rf "$out"
    /usr/bin/time -f '%e %M %P' -o "$dir/time.txt" "$blotter" build --site "$corpus" --output "$out" --quiet \
      --clock 2026-01-01T00:00:00Z 2>"$dir/stderr.txt" || { cat "$dir/stderr.txt"; exit 1; }
    read -r wall rss cpu <"$dir/time.txt"
    pages=$(find "$out" -name '*.html' | wc -l)
    printf '%-10s %-10s %-12s %-10s %s (%s: output %s)\n' "$n" "$pages" "$wall" "$((rss / 1024))" "$cpu" "$run" \
      "$([ "$run" = cold ] && echo new || echo replaced)"
  done
done
