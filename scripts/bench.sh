#!/usr/bin/env bash
# Build-time benchmark: a generated corpus of 1,000, 10,000 and 50,000 incidents,
# built with the release binary; wall time and peak memory (RSS) of each build: into a new
# output folder, replacing that output (the replaced site is kept as .out-N.previous), and
# again (written over the kept site: only changed files are rewritten).
#   scripts/bench.sh [COUNTS...]      default: 1000 10000 50000
# Environment: BENCH_DIR (default /tmp/blotter-bench) holds the corpora and outputs;
# BENCH_OUT is the folder the site is written to (default: inside BENCH_DIR, on disk;
# set it to a tmpfs folder such as /dev/shm/blotter-out to leave the disk out).
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000 50000)

printf '%-10s %-10s %-12s %-10s %s\n' incidents pages wall_s peak_MiB cpu
# Old outputs are moved aside and deleted at the end, not deleted just before a build: ext4
# skips inodes freed in the last 30 seconds when it allocates new ones, so a build right
# after `rm -rf` of a big site spends most of its time in the kernel (up to 30 s here).
trash="$dir/trash-$$"
mkdir -p "$trash"
trap 'rm -rf "$trash"' EXIT
for n in "${counts[@]}"; do
  corpus=$(corpus "$n")
  out=${BENCH_OUT:-$dir/out-$n}
  spare="$(dirname "$out")/.$(basename "$out").previous"
  for run in new replaced "written over"; do
    if [ "$run" = new ]; then
      for old in "$out" "$spare"; do [ -e "$old" ] && mv "$old" "$trash/$n-$(basename "$old")"; done
    fi
    /usr/bin/time -f '%e %M %P' -o "$dir/time.txt" "$blotter" build --site "$corpus" --output "$out" --quiet \
      --clock 2026-01-01T00:00:00Z 2>"$dir/stderr.txt" || { cat "$dir/stderr.txt"; exit 1; }
    read -r wall rss cpu <"$dir/time.txt"
    pages=$(find "$out" -name '*.html' | wc -l)
    printf '%-10s %-10s %-12s %-10s %s (output %s)\n' "$n" "$pages" "$wall" "$((rss / 1024))" "$cpu" "$run"
  done
done
