#!/usr/bin/env bash
# Preview benchmark: `blotter serve` (release build) on a generated corpus.
#   scripts/bench-serve.sh [COUNT]       default: 10000
# Reports the time from saving one incident file to the reload event (median and p95
# over 20 edits), the serving process's memory, and `wrk -c 50 -d 10s` against an
# incident page. Environment: BENCH_DIR (default /tmp/blotter-bench) holds the corpus;
# BENCH_OUT is the preview folder (default: inside BENCH_DIR).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
blotter="$repo/.build/release/blotter"
[ -x "$blotter" ] || (cd "$repo" && swift build -c release --product blotter)
gen="$repo/../shared/bench/gen-corpus.py"
[ -f "$gen" ] || { echo "bench-serve: $gen not found (the shared/ folder beside the repository)"; exit 2; }
command -v wrk >/dev/null || { echo "bench-serve: wrk not found; install it with: apt-get install wrk"; exit 2; }
n=${1:-10000}
dir=${BENCH_DIR:-/tmp/blotter-bench}
corpus="$dir/corpus-$n"
mkdir -p "$dir"
if [ ! -d "$corpus/Content" ]; then
  rm -rf "$corpus"
  python3 "$gen" --count "$n" --out "$corpus" >/dev/null
fi
rm -rf "$corpus/Templates" && cp -r "$repo/Templates" "$corpus/Templates"
out=${BENCH_OUT:-$dir/preview-$n}
python3 "$repo/scripts/bench-serve.py" "$blotter" "$corpus" "$out"
