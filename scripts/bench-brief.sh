#!/usr/bin/env bash
# Briefing benchmark: a briefing of about 200 incidents from a generated 1,000-incident site,
# made as HTML and printed to PDF with headless Chromium; wall time of each (three runs),
# pages and size of the PDF.
#   scripts/bench-brief.sh
# Environment: BENCH_DIR as for bench.sh.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
command -v chromium >/dev/null || { echo "bench-brief: chromium is not installed (apt-get install chromium)"; exit 2; }
corpus=$(corpus 1000)
# The generated site's incidents run from 2016 to 2024; these two years hold about 200.
select=(--since 2023-02-01 --until 2024-12-31 --clock 2025-01-01T00:00:00Z --site "$corpus" --quiet)
out="$dir/briefing"
for run in 1 2 3; do
  for kind in html pdf; do
    flag=(); [ "$kind" = pdf ] && flag=(--pdf)
    /usr/bin/time -f '%e' -o "$dir/time.txt" "$blotter" brief "${select[@]}" "${flag[@]}" --output "$out.$kind" \
      2>"$dir/stderr.txt" || { cat "$dir/stderr.txt"; exit 1; }
    printf 'run %s  %-4s %6s s\n' "$run" "$kind" "$(cat "$dir/time.txt")"
  done
done
incidents=$(grep -c '<article class="incident"' "$out.html" || true)
pages=$(pdfinfo "$out.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
echo "incidents: $incidents  PDF pages: ${pages:-?}  PDF size: $(du -h "$out.pdf" | cut -f1)"
