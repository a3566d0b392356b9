#!/usr/bin/env bash
# Incremental build benchmark: a generated corpus of N incidents (copied, so that it can be
# edited), built with the release binary again and again as a newsroom's CI does: a new
# output, the same site again, then one incident's body edited (three times: the first has no
# kept previous build to write over yet), nothing changed, and the incident template edited.
# Prints wall time, peak memory (RSS) and what the build said for each, then the size of the
# build's memory (.out-N.memory).
#   scripts/bench-incremental.sh [COUNTS...]      default: 10000 50000
# Environment: BENCH_DIR (default /tmp/blotter-bench) holds the corpora, copies and outputs;
# BENCH_OUT is the folder the outputs go in (default BENCH_DIR, on disk; /dev/shm for tmpfs);
# BLOTTER is the binary (default: this repository's release build).
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10000 50000)
outdir=${BENCH_OUT:-$dir}
mkdir -p "$outdir"
trash="$dir/trash-$$"
mkdir -p "$trash"
trap 'rm -rf "$trash"' EXIT

printf '%-9s %-34s %8s %9s  %s\n' incidents build wall_s peak_MiB said
for n in "${counts[@]}"; do
  corpus=$(corpus "$n")
  site="$dir/site-$n"
  out="$outdir/out-$n"
  for old in "$site" "$out" "$outdir/.out-$n.previous" "$outdir/.out-$n.memory"; do
    [ -e "$old" ] && mv "$old" "$trash/$n-$(basename "$old")"
  done
  cp -r "$corpus" "$site"
  edited=$(find "$site/Content/incidents" -name '*.md' | sort | sed -n '1p')
  run() {
    /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$blotter" build --site "$site" --output "$out" \
      --clock 2026-01-01T00:00:00Z >"$dir/out.txt" 2>"$dir/stderr.txt" || { cat "$dir/stderr.txt"; exit 1; }
    read -r wall rss <"$dir/time.txt"
    said=$(grep -v '^Built' "$dir/out.txt" | grep -v 'warning' | head -1 || true)
    built=$(grep '^Built' "$dir/out.txt" | sed 's/^Built [0-9,]* pages from [0-9,]* incidents//; s/ in [0-9.]* s$//')
    printf '%-9s %-34s %8s %9s  %s\n' "$n" "$1" "$wall" "$((rss / 1024))" "${said:-(incremental)}$built"
  }
  run "new output"
  run "nothing changed"
  for k in 1 2 3; do
    printf '\nEdited for the benchmark, %s.\n' "$k" >>"$edited"
    run "one incident's body edited ($k)"
  done
  run "nothing changed"
  (cd "$site" && "$blotter" theme copy incident --site . >/dev/null)
  sed -i 's|</article>|</article><!-- edited -->|' "$site/Templates/incident.mustache"
  run "incident template edited"
  memory="$outdir/.out-$n.memory"
  [ -f "$memory" ] && printf '%-9s memory on disk: %s bytes\n' "$n" "$(stat -c %s "$memory")"
done
