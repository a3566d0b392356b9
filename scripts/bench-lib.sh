# Shared by the benchmark scripts (sourced): the release binary and the generated corpora.
# Sets $repo, $blotter (BLOTTER, default the release build, made if missing) and $dir
# (BENCH_DIR, default /tmp/blotter-bench); `corpus N` prints
# the folder of a generated site of N incidents (made once; built with the theme compiled into Blotter).
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
blotter=${BLOTTER:-$repo/.build/release/blotter}
[ -x "$blotter" ] || (cd "$repo" && swift build -c release --product blotter)
gen="$repo/scripts/gen-corpus.py"
dir=${BENCH_DIR:-/tmp/blotter-bench}
mkdir -p "$dir"

corpus() {
  local folder="$dir/corpus-$1"
  if [ ! -d "$folder/Content" ]; then
    rm -rf "$folder"
    python3 "$gen" --count "$1" --out "$folder" >/dev/null
  fi
  # The corpus is built with the theme compiled into Blotter, as a new site is.
  rm -rf "$folder/Templates"
  echo "$folder"
}
