#!/usr/bin/env bash
# Preview benchmark: `blotter serve` (release build) on a generated corpus.
#   scripts/bench-serve.sh [COUNT]       default: 10000
# Reports the time from saving one incident file to the reload event (median and p95
# over 20 edits), the serving process's memory, and `wrk -c 50 -d 10s` against an
# incident page. Environment: BENCH_DIR (default /tmp/blotter-bench) holds the corpus;
# BENCH_OUT is the preview folder (default: inside BENCH_DIR); BENCH_EDIT=title edits headlines.
set -euo pipefail
command -v wrk >/dev/null || { echo "bench-serve: wrk not found; install it with: apt-get install wrk"; exit 2; }
source "$(dirname "$0")/bench-lib.sh"
n=${1:-10000}
corpus=$(corpus "$n")
out=${BENCH_OUT:-$dir/preview-$n}
python3 "$repo/scripts/bench-serve.py" "$blotter" "$corpus" "$out"
