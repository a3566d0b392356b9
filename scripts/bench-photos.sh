#!/usr/bin/env bash
# Photo processing at scale: a generated site of N incidents (default 10,000) whose images
# name P distinct photos (default 1,000, 2000 x 1333 JPEGs from gen-corpus.py --photos),
# built with the release binary:
#   cold    no photo cache (.blotter-cache/photos removed) and no earlier build: every photo file made;
#   warm    the cache kept, the output and its memory removed: every photo file read back, none made;
#   again   the same build again over the last: nothing changed;
#   none    the same site without its photos (Static/images emptied of them): the build's own time,
#           to see what photos add.
# Each line gives the wall time, the peak memory (max RSS) and what the build said about photos; then
# the bytes of the photos' sources against what is published and what a phone and a laptop download.
# Writes to BENCH_DIR (default /dev/shm/blotter-bench-photos: tmpfs; see the README's Development).
# usage: scripts/bench-photos.sh [N] [P]   (installs Pillow, which draws the photos, into .venv/ when missing)
set -euo pipefail
n=${1:-10000}
p=${2:-1000}
BENCH_DIR=${BENCH_DIR:-/dev/shm/blotter-bench-photos}
source "$(dirname "$0")/bench-lib.sh"
python=$repo/.venv/bin/python
[ -x "$python" ] || bash "$repo/scripts/setup.sh"
"$python" -c 'import PIL' 2>/dev/null || "$python" -m pip install --quiet --disable-pip-version-check 'Pillow==13.0.0'
site="$dir/photos-$n-$p"
if [ ! -d "$site/Content" ]; then
  rm -rf "$site"
  echo "bench-photos: generating $n incidents and $p photos in $site"
  "$python" "$gen" --count "$n" --out "$site" --photos "$p" >/dev/null
fi
out="$dir/out-$n-$p"

measure() {  # label: one build, its wall time, peak memory and what it said of photos (or its first line)
  /usr/bin/time -f "%e %M" -o "$dir/time" "$blotter" build --site "$site" --output "$out/Public" >"$dir/said" 2>&1 \
    || { cat "$dir/said"; exit 1; }
  read -r seconds kb <"$dir/time"
  local said
  said=$(grep -h '^Photos' "$dir/said" || head -1 "$dir/said")
  printf '%-6s %7.2f s  %5d MB peak   %s\n' "$1" "$seconds" $((kb / 1024)) "$said"
}

rm -rf "$site/.blotter-cache" "$out"
measure cold
rm -rf "$out"
measure warm
measure again

sources=$(du -cb "$site"/Static/images/photo-*.jpg | tail -1 | cut -f1)
published=$(find "$out/Public/images" -name 'photo-*' -type f \( -name '*.jpg' -o -name '*.webp' \) -printf '%s\n' | awk '{s += $1} END {print s}')
phone=$(find "$out/Public/images" -name 'photo-*-800w.webp' -printf '%s\n' | awk '{s += $1; n++} END {printf "%d %d", s / n, n}')
laptop=$(find "$out/Public/images" -name 'photo-*-1600w.webp' -printf '%s\n' | awk '{s += $1; n++} END {printf "%d", s / n}')
original=$((sources / p))
read -r phone_bytes _ <<<"$phone"
echo "sources: $p photos, $((sources / 1000000)) MB ($((original / 1000)) KB each); published: $((published / 1000000)) MB in $(find "$out/Public/images" -name 'photo-*' -type f | grep -cv '\.\(gz\|br\)$') files"
echo "a reader downloads: $((phone_bytes / 1000)) KB on a phone (800w WebP), $((laptop / 1000)) KB on a 2x laptop (1600w WebP), against $((original / 1000)) KB for the original: $((100 - 100 * phone_bytes / original))% and $((100 - 100 * laptop / original))% saved"

mkdir -p "$dir/aside"
mv "$site"/Static/images/photo-*.jpg "$dir/aside/"
rm -rf "$out"
measure none
mv "$dir/aside/"photo-*.jpg "$site/Static/images/"
