#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS]: fuzzes the front-matter reader and the Markdown layer with
# libFuzzer for SECONDS (default 60). Each input goes through every fast path and its
# reference (Sources/BlotterCore/Fuzzing/DifferentialCheck.swift); a disagreement, a crash or
# a memory error (AddressSanitizer) stops it, with the input saved as .build-fuzz/crash-* (replay it with
# `swift run BlotterFuzz FILE`). It starts from Tests/Fuzz/Seeds/ (the example site's files
# and generated incidents) and keeps what it learns in .build-fuzz/corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
# libFuzzer's coverage and its driver without its main (SwiftPM gives the executable its own,
# which calls LLVMFuzzerRunDriver): -sanitize=fuzzer would link libFuzzer's main as well.
runtime=$(dirname "$(readlink -f "$(command -v swiftc)")")/../lib/clang
runtime=$(ls "$runtime"/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a | head -1)
swift build -c release --scratch-path .build-fuzz --product BlotterFuzz -Xswiftc -DFUZZING \
  -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
  -Xlinker "$runtime" -Xlinker -lstdc++ >/dev/null
corpus=.build-fuzz/corpus
mkdir -p "$corpus"
cp Tests/Fuzz/Seeds/* "$corpus"/
echo "fuzz: $(ls "$corpus" | wc -l) inputs to start from; running for $seconds s"
log=.build-fuzz/fuzz.log
status=0
.build-fuzz/release/BlotterFuzz "$corpus" -max_total_time="$seconds" -max_len=16384 -timeout=20 \
  -rss_limit_mb=4096 -artifact_prefix=.build-fuzz/ -print_final_stats=1 >"$log" 2>&1 || status=$?
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
if [ "$status" -ne 0 ]; then
  tail -n 40 "$log" >&2
  echo "fuzz: found a problem (exit $status); the input is in .build-fuzz/ (see $log)" >&2
  exit 1
fi
echo "fuzz: no disagreement and no crash in $seconds s ($(ls "$corpus" | wc -l) inputs in the corpus now)"
