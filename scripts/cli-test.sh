#!/usr/bin/env bash
# The blotter command as a user runs it: exit codes, messages, files.
# usage: scripts/cli-test.sh PATH/TO/blotter
set -uo pipefail
blotter=$(realpath "${1:?usage: cli-test.sh PATH/TO/blotter}")
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0

# expect NAME CODE COMMAND... : runs COMMAND, keeps stdout+stderr in $work/out, checks the exit code.
expect() {
  local name=$1 code=$2; shift 2
  "$@" >"$work/out" 2>&1
  local got=$?
  if [ "$got" -eq "$code" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $name: exit $got, expected $code"; sed 's/^/  | /' "$work/out"
  fi
}
# contains NAME TEXT : the last output contains TEXT.
contains() {
  if grep -qF -- "$2" "$work/out"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: output lacks: $2"; sed 's/^/  | /' "$work/out"
  fi
}
# lacks NAME TEXT : the last output does not contain TEXT.
lacks() {
  if ! grep -qF -- "$2" "$work/out"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $1: output has: $2"; sed 's/^/  | /' "$work/out"
  fi
}

site="$work/site"
mkdir -p "$site/Content/incidents"
printf 'title: CLI Desk\nbase_url: https://example.org/\ntimezone: Europe/London\nsearch: true\n' >"$site/site.yml"
cat >"$site/Content/incidents/fire.md" <<'MD'
---
title: Fire in Barking
date: 2024-03-01T10:00:00Z
location: Ripple Road, Barking
status: developing
summary: A fire broke out.
---
Body.
MD

expect "build succeeds" 0 "$blotter" build --site "$site"
contains "build summary" "Built 12 pages from 1 incident in"
[ -f "$site/Public/incidents/fire-in-barking/index.html" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL incident page written"; }

expect "quiet build prints nothing" 0 "$blotter" build --site "$site" --quiet
[ ! -s "$work/out" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL quiet build printed output"; }

expect "check passes" 0 "$blotter" check --site "$site"
contains "check summary" "No errors (0 warnings): checked 1 incident file, 12 pages would be built"

sed -i 's/status: developing/status: open/' "$site/Content/incidents/fire.md"
expect "check fails on a bad status" 1 "$blotter" check --site "$site"
contains "exact diagnostic line" 'Content/incidents/fire.md:5:9: error: status: expected one of developing, under-investigation, charges-brought, closed, found "open"'
expect "check --format json" 1 "$blotter" check --site "$site" --format json
contains "json diagnostic" '{"severity": "error", "file": "Content/incidents/fire.md", "line": 5, "column": 9, "field": "status"'
touch "$site/Public/sentinel"
expect "build fails with content errors" 1 "$blotter" build --site "$site"
contains "build failure names the folder" "was not changed"
[ -f "$site/Public/sentinel" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL Public/ was changed by a failed build"; }
sed -i 's/status: open/status: developing/' "$site/Content/incidents/fire.md"

# A file named with a terminal escape sequence and a line break: written out, on one line.
bad_name=$(printf 'Content/incidents/\033[31mred\nline.md')
printf -- '---\ntitle: [\n---\n' >"$site/$bad_name"
expect "check names a hostile file" 1 "$blotter" check --site "$site"
contains "its name written out" 'Content/incidents/\u{1B}[31mred\u{A}line.md:3:1: error: front matter: invalid YAML'
lacks "no escape byte" "$(printf '\033')"
rm "$site/$bad_name"

expect "unknown option is a usage error" 2 "$blotter" build --site "$site" --frobnicate
expect "bad --clock is a usage error" 2 "$blotter" build --site "$site" --clock yesterday
contains "clock message" "--clock: expected an ISO 8601 date-time"
expect "missing site folder" 2 "$blotter" build --site "$work/nope"
contains "missing folder message" "no such file or folder"
expect "refuses to replace a folder it did not make" 2 "$blotter" build --site "$site" --output "$site"
contains "not-made-by-blotter message" "this folder was not made by blotter"
[ -f "$site/Content/incidents/fire.md" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL the site folder was replaced"; }
printf 'x' >"$work/file"
expect "output under a file" 2 "$blotter" build --site "$site" --output "$work/file/Public"
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$work/ro" && chmod a-w "$work/ro"
  expect "unwritable output folder" 2 "$blotter" build --site "$site" --output "$work/ro/Public"
fi

expect "new writes a skeleton" 0 "$blotter" new "Café fire in Łódź" --date 2024-05-06T07:30 --location "High Road" --area Redbridge --site "$site"
contains "new names the file" "Created Content/incidents/2024/05/cafe-fire-in-lodz.md"
expect "new skeleton is valid" 0 "$blotter" check --site "$site"
expect "new refuses to overwrite" 2 "$blotter" new "Café fire in Łódź" --date 2024-05-06 --site "$site"
contains "overwrite message" "already exists; not overwriting it"
expect "new with a bad date" 2 "$blotter" new "X" --date "next tuesday" --site "$site"

# Guardrails: a rule's error fails check; an editorial override silences it and is listed, as a
# note in the text and in JSON, without failing.
charged() {
  printf -- '---\ntitle: Man charged after Barking fire\ndate: 2024-03-02T10:00:00Z\nlocation: Ripple Road\n' >"$site/Content/incidents/charged.md"
  printf -- 'status: charges-brought\nsummary: The alleged killer appeared in court.\n%s---\nBody.\n' "$1" >>"$site/Content/incidents/charged.md"
}
charged ""
expect "a guardrail error fails check" 1 "$blotter" check --site "$site"
contains "guardrail line" 'Content/incidents/charged.md:6:22: error: summary: "killer" presumes the guilt of someone charged and awaiting trial; report the charge, not a verdict, until the case ends (Contempt of Court Act 1981; rule presumption-of-guilt)'
charged $'editorial_override:\n  - {rule: presumption-of-guilt, reason: "the court\'s words", by: Jane Smith (Editor)}\n'
expect "an override passes check" 0 "$blotter" check --site "$site"
contains "override listed" "Content/incidents/charged.md:8:5: note: editorial_override[1]: presumption-of-guilt overridden by Jane Smith (Editor): the court's words"
contains "override summary" "No errors (0 warnings, 1 editorial override): checked 3 incident files"
expect "an override in JSON" 0 "$blotter" check --site "$site" --format json
contains "override note" '{"severity": "note", "file": "Content/incidents/charged.md", "line": 8, "column": 5, "field": "editorial_override[1]", "message": "presumption-of-guilt overridden by Jane Smith (Editor): the court'"'"'s words"}'
charged $'editorial_override:\n  - {rule: presumtion-of-guilt, reason: x, by: y}\n'
expect "an override of an unknown rule" 1 "$blotter" check --site "$site" --format json
contains "unknown rule" '"field": "editorial_override[1].rule", "message": "unknown rule \"presumtion-of-guilt\" (did you mean \"presumption-of-guilt\"?)'
rm "$site/Content/incidents/charged.md"

# Bylines and threads: an unknown author is an error at its place with the known keys; a follow-up
# makes a thread, which `brief --thread` prints in story order.
mkdir -p "$site/Content/authors"
printf -- '---\nname: Jane Doe\n---\n' >"$site/Content/authors/jane-doe.md"
printf -- '---\ntitle: Inquest opens\ndate: 2024-04-01T10:00:00Z\nlocation: Ripple Road\nstatus: closed\n' >"$site/Content/incidents/inquest.md"
printf -- 'summary: An inquest opened.\nauthors: [jane-do]\nfollows: fire-in-barking\n---\nBody.\n' >>"$site/Content/incidents/inquest.md"
expect "an unknown author fails check" 1 "$blotter" check --site "$site"
contains "unknown author line" 'Content/incidents/inquest.md:7:11: error: authors[1]: unknown author "jane-do"; known authors, closest first: jane-doe (Content/authors/)'
sed -i 's/jane-do]/jane-doe]/' "$site/Content/incidents/inquest.md"
expect "a thread briefing" 0 "$blotter" brief --thread inquest-opens --site "$site" --output "$work/thread.html"
contains "thread briefing count" "thread.html: 2 incidents"
if grep -o 'id="incident-[a-z-]*-title"' "$work/thread.html" | tr '\n' ' ' | grep -qF 'id="incident-fire-in-barking-title" id="incident-inquest-opens-title"'; then
  passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL thread briefing is in story order"; fi
expect "a briefing of no thread is a usage error" 2 "$blotter" brief --thread nothing-here --site "$site" --output "$work/none.html"
contains "no thread" 'no published incident has the slug "nothing-here"'
rm -r "$site/Content/incidents/inquest.md" "$site/Content/authors"

expect "search without Pagefind" 2 env PATH=/nonexistent BLOTTER_PAGEFIND= "$blotter" build --site "$site"
contains "install hint" "pip install 'pagefind[bin]'"

# Pagefind crashing (a stand-in printing a Rust panic): its message without the backtrace.
cat >"$work/crashing-pagefind" <<'SH'
#!/bin/sh
printf "thread 'main' (7) panicked at pagefind/src/index/mod.rs:530:32:\nbyte index 55 is out of bounds\nstack backtrace:\n   0: rust_begin_unwind\n             at ./src/panicking.rs:1\nnote: Some details are omitted, run with \`RUST_BACKTRACE=full\` for a verbose backtrace.\n" >&2
exit 101
SH
chmod +x "$work/crashing-pagefind"
expect "Pagefind crashes" 2 env BLOTTER_PAGEFIND="$work/crashing-pagefind" "$blotter" build --site "$site"
contains "its message, one line" "error: $work/crashing-pagefind: Pagefind failed (exit 101): thread 'main' (7) panicked at pagefind/src/index/mod.rs:530:32: byte index 55 is out of bounds"
lacks "no backtrace" "backtrace"

# A build stopped by a signal while it waits for Pagefind (here a stand-in that never
# ends) stops it, removes its staging folder and leaves Public/ as it was.
"$blotter" build --site "$site" --quiet >/dev/null 2>&1
touch "$site/Public/sentinel"
printf '#!/bin/sh\necho $$ >"%s/pagefind.started"\nexec sleep 60\n' "$work" >"$work/slow-pagefind"
chmod +x "$work/slow-pagefind"
BLOTTER_PAGEFIND="$work/slow-pagefind" "$blotter" build --full --site "$site" >"$work/out" 2>&1 &
build_pid=$!
for _ in $(seq 1 100); do [ -f "$work/pagefind.started" ] && break; sleep 0.1; done
kill -TERM "$build_pid"
wait "$build_pid"
code=$?
[ "$code" -eq 143 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL stopped build: exit $code, expected 143"; }
contains "stopped build says so" "blotter: stopped by SIGTERM; $site/Public was not changed"
sleep 0.5
stand_in=$(cat "$work/pagefind.started" 2>/dev/null)
state=$(ps -o stat= -p "${stand_in:-0}" 2>/dev/null | tr -d ' ')
[ -n "$stand_in" ] && { [ -z "$state" ] || [ "${state#Z}" != "$state" ]; } && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL Pagefind stand-in ${stand_in:-?} still running ($state)"; kill "$stand_in" 2>/dev/null; }
leftovers=$(find "$site" -maxdepth 1 -name '.Public.*' ! -name '.Public.previous' ! -name '.Public.memory*' | wc -l)
[ "$leftovers" -eq 0 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL stopped build left:"; ls -a "$site"; }
[ -f "$site/Public/sentinel" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL Public/ changed by a stopped build"; }
rm -f "$site/Public/sentinel"

# A build killed with SIGKILL (here while it waits for Pagefind) leaves its staging folder, a
# whole copy of the site. A build running beside it leaves the folder alone (it is locked);
# the next build after the kill removes it, whatever the process id in its name.
rm -f "$work/pagefind.started"
BLOTTER_PAGEFIND="$work/slow-pagefind" "$blotter" build --full --site "$site" >/dev/null 2>&1 &
build_pid=$!
for _ in $(seq 1 100); do [ -f "$work/pagefind.started" ] && break; sleep 0.1; done
expect "a build beside a running one" 0 "$blotter" build --full --site "$site" --quiet
[ -f "$site/.Public.staging-$build_pid/index.html" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL a running build's staging folder was removed"; ls -a "$site"; }
kill -KILL "$build_pid"; wait "$build_pid" 2>/dev/null
kill "$(cat "$work/pagefind.started")" 2>/dev/null
[ -d "$site/.Public.staging-$build_pid" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL no staging folder after SIGKILL"; }
expect "build after a killed one" 0 "$blotter" build --full --site "$site" --quiet
leftovers=$(find "$site" -maxdepth 1 -name '.Public.*' ! -name '.Public.previous' ! -name '.Public.memory*' | wc -l)
[ "$leftovers" -eq 0 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL a killed build's folder is left:"; ls -a "$site"; }

# The staged site is flushed to the disk (one syncfs) before it is swapped in, and the
# folder holding Public/ (fsync) after: these three calls in a row (the build's memory is
# flushed before and after them).
if strace -o /dev/null true 2>/dev/null; then
  strace -f -qq -e trace=syncfs,fsync,rename,renameat2 -o "$work/strace" "$blotter" build --full --site "$site" --quiet >/dev/null 2>&1
  calls=$(awk '/syncfs\(/ { printf "S" }
               /rename/ && /\.Public\.staging-[0-9]+", AT_FDCWD, "[^"]*\/Public"/ { printf "X" }
               /[^a-z]fsync\(/ { printf "F" }' "$work/strace")
  [[ "$calls" == *SXF* ]] && passed=$((passed + 1)) \
    || { failed=$((failed + 1)); echo "FAIL flush, swap, flush: calls were '$calls' (S syncfs, X swap, F fsync)"; }
else
  echo "cli-test: strace unavailable, the flush order is not checked"
fi

# A web root that `rsync -a Public/ /var/www/html/` gave a copy of the marker, beside its own
# files: a build with --output there is refused, and every file stays. Copied as rsync -a
# copies (no extended attributes: the marker names no folder) and with cp -a (its
# attribute names the folder it was copied from).
for copy in "cp -r --preserve=mode,timestamps" "cp -a"; do
  rm -rf "$work/www" && mkdir -p "$work/www/html/other-app"
  printf '<?php echo "another app";' >"$work/www/html/other-app/index.php"
  printf 'example.com, pub-0000, DIRECT\n' >"$work/www/html/ads.txt"
  $copy "$site/Public/." "$work/www/html/"
  (cd "$work/www/html" && find . -type f -exec sha256sum {} + | sort) >"$work/www.before"
  expect "refuses a web root with a marker copied by $copy" 2 "$blotter" build --site "$site" --output "$work/www/html"
  contains "copied marker message ($copy)" "this folder's .blotter-output was not written for it"
  (cd "$work/www/html" && find . -type f -exec sha256sum {} + | sort) >"$work/www.after"
  cmp -s "$work/www.before" "$work/www.after" && [ "$(ls -A "$work/www")" = html ] && passed=$((passed + 1)) \
    || { failed=$((failed + 1)); echo "FAIL the web root changed ($copy):"; diff "$work/www.before" "$work/www.after"; ls -a "$work/www"; }
done

# An output that is a symbolic link to a folder: that folder is built, the link stays.
mkdir -p "$work/www/site"
ln -s "$work/www/site" "$work/linked"
expect "build through a symbolic link" 0 "$blotter" build --site "$site" --output "$work/linked" --quiet
[ -L "$work/linked" ] && [ -f "$work/www/site/incidents/fire-in-barking/index.html" ] && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL the link was replaced, or its folder not built"; ls -la "$work" "$work/www"; }

# serve: a real server in the background, stopped by signals.
# start_serve ARGS... : starts `blotter serve --port 0 ARGS`, waits for its URL in $url.
start_serve() {
  "$blotter" serve --site "$site" --port 0 "$@" >"$work/serve.out" 2>&1 &
  serve_pid=$!
  url=""
  for _ in $(seq 1 100); do
    url=$(grep -o 'http://[^ ]*/' "$work/serve.out" | head -1)
    [ -n "$url" ] && break
    sleep 0.1
  done
}
# stop_serve NAME SIGNAL : sends SIGNAL, expects exit code 0 within 5 s.
stop_serve() {
  kill -"$2" "$serve_pid"
  for _ in $(seq 1 50); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$serve_pid" 2>/dev/null; then
    kill -9 "$serve_pid"; failed=$((failed + 1)); echo "FAIL $1: still running 5 s after SIG$2"
  else
    wait "$serve_pid"; local code=$?
    [ "$code" -eq 0 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL $1: exit $code after SIG$2"; cat "$work/serve.out"; }
  fi
}
rm -rf "$site/Content/incidents/2024"  # the skeleton from `new` is a draft with placeholders
sed -i 's/^search: true$/search: false/' "$site/site.yml"
start_serve --output "$work/preview"
cp "$work/serve.out" "$work/out"
contains "serve prints its URL" "Serving at http://127.0.0.1:"
contains "serve prints the first build" "Built 11 pages from 1 incident in"
curl -s -o /dev/null -w '%{http_code}' "${url}incidents/fire-in-barking/" >"$work/out"
contains "serve serves the incident page" "200"
curl -sN "${url}__blotter/events" >"$work/events" &
curl_pid=$!
sleep 0.5
stop_serve "Ctrl-C with an open event stream" INT
sleep 0.3
kill -0 "$curl_pid" 2>/dev/null && { kill "$curl_pid"; failed=$((failed + 1)); echo "FAIL the event stream stayed open after Ctrl-C"; } || passed=$((passed + 1))
grep -rq "__blotter" "$work/preview" && { failed=$((failed + 1)); echo "FAIL the reload script was written to disk"; } \
  || passed=$((passed + 1))
start_serve --output "$work/preview"
stop_serve "SIGTERM" TERM
start_serve --output "$work/preview" --host 0.0.0.0
cp "$work/serve.out" "$work/out"
contains "non-loopback warning" "warning: serving on 0.0.0.0: other machines on the network can open this preview, drafts included"
stop_serve "SIGTERM on 0.0.0.0" TERM
python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(30)' >"$work/port" &
holder=$!
sleep 0.5
expect "port in use" 2 "$blotter" serve --site "$site" --port "$(cat "$work/port")" --output "$work/preview"
contains "port in use message" "error: cannot serve on 127.0.0.1:$(cat "$work/port"): the address is in use"
kill "$holder"
touch "$site/Public/sentinel"
printf -- '---\ntitle: Draft fire\ndate: 2024-03-02T10:00:00Z\nlocation: Ripple Road\nstatus: developing\nsummary: Not yet.\ndraft: true\n---\nDraft.\n' \
  >"$site/Content/incidents/draft.md"
start_serve --drafts
cp "$work/serve.out" "$work/out"
contains "serve writes to a private folder" "(preview files in $(dirname "$(mktemp -u)")/blotter-preview-"
preview=$(grep -o 'preview files in [^)]*' "$work/serve.out" | cut -d' ' -f4)
[ -f "$preview/incidents/draft-fire/index.html" ] && [ ! -e "$site/Public/incidents/draft-fire" ] && [ -f "$site/Public/sentinel" ] \
  && [ "$(stat -c %a "$(dirname "$preview")")" = 700 ] \
  && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL the previewed draft is in $preview only (a 0700 folder), Public/ untouched"; }
stop_serve "serve with the default folder" TERM
[ ! -e "$(dirname "$preview")" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL the preview folder is removed when serve stops"; }
rm -rf "$site/Content/incidents/draft.md"
cp -r "$site" "$work/broken" && sed -i 's/^date: .*/date: soon/' "$work/broken/Content/incidents/fire.md"
site="$work/broken" start_serve --output "$work/broken-preview"
stop_serve "serve a broken site" TERM
cp "$work/serve.out" "$work/out"
contains "serve names the broken field" 'Content/incidents/fire.md:3:7: error: date: expected an ISO 8601 date'
contains "serve says what to do" "error: build failed: 1 error in 1 file; pages show the errors until you fix them and save"
expect "bad port" 2 "$blotter" serve --site "$site" --port 70000
contains "bad port message" "--port: expected 0 to 65535, found 70000"
expect "serve refuses a folder it did not make" 2 "$blotter" serve --site "$site" --port 0 --output "$site"
contains "serve refusal message" "this folder was not made by blotter"

# The theme built in: a site without Templates/ lists it, copies one file, and keeps its own.
themed="$work/themed"
mkdir -p "$themed" && cp "$site/site.yml" "$themed/"
expect "theme list" 0 "$blotter" theme list --site "$themed"
contains "theme list names the theme's file" "layout.mustache               (theme)/layout.mustache"
expect "theme copy" 0 "$blotter" theme copy incident --site "$themed"
contains "theme copy says what it wrote" "Wrote Templates/incident.mustache"
cmp -s "$themed/Templates/incident.mustache" "$repo/Templates/incident.mustache" && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL theme copy writes the theme's incident.mustache"; }
echo "mine" >"$themed/Templates/incident.mustache"
expect "theme copy keeps the site's file" 0 "$blotter" theme copy incident --site "$themed"
contains "theme copy warns" "warning: Templates/incident.mustache exists: left as it is"
[ "$(cat "$themed/Templates/incident.mustache")" = mine ] && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL theme copy overwrote the site's file"; }
expect "theme list shows the site's file" 0 "$blotter" theme list --site "$themed"
contains "theme list marks it" "incident.mustache             Templates/incident.mustache  (replaces the theme's)"
expect "theme copy of an unknown file" 2 "$blotter" theme copy incidnt --site "$themed"
contains "theme copy suggests" 'error: theme copy: no file "incidnt" in the theme; did you mean "incident"? `blotter theme list` shows them all'
expect "a usage error" 2 "$blotter" --nope
contains "usage error message" "error: Unknown option '--nope'"
contains "usage line on its own line" "Usage: blotter <subcommand>"
lacks "no escaped line break" '\u{A}'

# A flood of warnings does not bury the errors: build prints the first 20 warnings of each kind
# and one line for the rest, and every error; check lists everything (text and JSON).
flood="$work/flood"
python3 "$repo/scripts/gen-corpus.py" --count 600 --out "$flood" >/dev/null
for n in $(seq 1 25); do
  printf -- '---\ntitle: Broken %s\ndate: 2024-03-01T10:00:00Z\nlocation: Somewhere\nstatus: open\nsummary: Bad.\n---\nB.\n' \
    "$n" >"$flood/Content/incidents/broken-$n.md"
done
for n in 1 2; do
  printf -- '---\ntitle: Moody %s\ndate: 2024-03-01T10:00:00Z\nlocation: Somewhere\nstatus: closed\nsummary: S.\nmood: grim\n---\nB.\n' \
    "$n" >"$flood/Content/incidents/moody-$n.md"
done
expect "check of a flood lists everything" 1 "$blotter" check --site "$flood"
slugs=$(grep -c ': warning: slug: ' "$work/out")
[ "$slugs" -gt 100 ] && [ "$(grep -c ': error: status: ' "$work/out")" -eq 25 ] && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL check lists every warning and error: $slugs slug warnings"; }
lacks "check cuts nothing" "more slug warnings"
expect "check --format json of a flood" 1 "$blotter" check --site "$flood" --format json
[ "$(grep -c '"severity": "warning"' "$work/out")" -eq $((slugs + 2)) ] && [ "$(grep -c '"severity": "error"' "$work/out")" -eq 25 ] \
  && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL check --format json lists every diagnostic"; }
expect "build of a flood with errors" 1 "$blotter" build --site "$flood"
[ "$(grep -c ': warning: slug: ' "$work/out")" -eq 20 ] && [ "$(grep -c ': error: status: ' "$work/out")" -eq 25 ] \
  && [ "$(grep -c ': warning: mood: ' "$work/out")" -eq 2 ] && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL build prints 20 slug warnings, both unknown fields and all 25 errors:"; head -5 "$work/out"; }
contains "the rest summed up" "… and $((slugs - 20)) more slug warnings: \`blotter check\` lists them all"
lacks "a kind under the limit is not summed up" "more unknown field warning"
contains "the failure summary counts them all" "25 errors in 25 files, $((slugs + 2)) warnings"
rm "$flood"/Content/incidents/broken-*.md
expect "build of a flood" 0 "$blotter" build --site "$flood" --output "$work/flood-out"
[ "$(grep -c 'warning: ' "$work/out")" -eq 22 ] && [ "$(wc -l <"$work/out")" -eq 25 ] && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL a good build prints 22 warnings, the rest line, why it is a full build and its summary:"; cat "$work/out"; }
contains "a first build says why it writes everything" "Full build: nothing remembered of an earlier build"
expect "the same build again" 0 "$blotter" build --site "$flood" --output "$work/flood-out"
[ "$(grep -c 'warning: ' "$work/out")" -eq 22 ] && [ "$(wc -l <"$work/out")" -eq 25 ] && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL a build with nothing changed prints the same warnings:"; cat "$work/out"; }
contains "and says it did nothing" "Nothing changed since the last build"

# schedule: when the output next changes by itself, and the timers that rebuild the site then.
sched="$work/sched"
mkdir -p "$sched/Content/incidents"
printf 'title: Schedule Desk\nbase_url: https://example.org/\ntimezone: Europe/London\n' >"$sched/site.yml"
printf -- '---\ntitle: Embargoed report\ndate: 2026-12-04T20:00:00Z\npublished: 2026-12-05T07:00:00Z\nlocation: Somewhere\nstatus: developing\nsummary: S.\n---\nB.\n' \
  >"$sched/Content/incidents/embargo.md"
expect "schedule" 0 "$blotter" schedule --site "$sched" --clock 2026-12-04T21:00:00Z
contains "schedule says when and why" 'Next build at 2026-12-05T07:00:00Z (Saturday 5 December 2026, 07:00 GMT): publishes "Embargoed report" (Content/incidents/embargo.md)'
expect "schedule --format json" 0 "$blotter" schedule --site "$sched" --clock 2026-12-04T21:00:00Z --format json
contains "schedule json" '"next_build_at": "2026-12-05T07:00:00Z",'
expect "build a second before" 0 "$blotter" build --site "$sched" --clock 2026-12-05T06:59:59Z
contains "build names the next change" 'Next scheduled change: 2026-12-05T07:00:00Z (Saturday 5 December 2026, 07:00 GMT): publishes "Embargoed report"'
[ ! -e "$sched/Public/incidents/embargoed-report" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL published a second early"; }
expect "build at next_build_at" 0 "$blotter" build --site "$sched" --clock 2026-12-05T07:00:00Z
[ -f "$sched/Public/incidents/embargoed-report/index.html" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL not published at next_build_at"; }
expect "schedule after the last change" 0 "$blotter" schedule --site "$sched" --clock 2026-12-07T07:00:00Z
contains "nothing scheduled" "Nothing is scheduled: the output changes only when its files do."
expect "schedule --systemd" 0 "$blotter" schedule --site "$sched" --clock 2026-12-04T21:00:00Z --systemd --unit-folder "$work/units"
cp "$work/out" "$work/printed-units"
expect "schedule --systemd --write" 0 "$blotter" schedule --site "$sched" --clock 2026-12-04T21:00:00Z --systemd --unit-folder "$work/units" --write
contains "write names the units" "Wrote blotter-sched.service and blotter-sched.timer in $work/units"
{ echo "# File: $work/units/blotter-sched.service"; cat "$work/units/blotter-sched.service"; echo
  echo "# File: $work/units/blotter-sched.timer"; cat "$work/units/blotter-sched.timer"; } | cmp -s - "$work/printed-units" \
  && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL --write writes what --systemd prints"; cat "$work/printed-units"; }
grep -qx 'OnCalendar=2026-12-05 07:00:00 UTC' "$work/units/blotter-sched.timer" && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL the timer fires at the next change"; cat "$work/units/blotter-sched.timer"; }
if command -v systemd-analyze >/dev/null; then
  expect "systemd-analyze verify" 0 systemd-analyze verify "$work/units/blotter-sched.service" "$work/units/blotter-sched.timer"
  [ ! -s "$work/out" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL systemd-analyze verify complains:"; cat "$work/out"; }
else
  echo "cli-test: systemd-analyze unavailable, the units are not verified"
fi
# The crontab lines, run as cron would: the command builds the site, then replaces this site's
# lines in the crontab (a stand-in crontab keeping it in a file) and leaves the others.
mkdir -p "$work/bin"
printf '#!/bin/sh\nif [ "$1" = -l ]; then cat "%s/crontab.txt"; else cat >"%s/crontab.new" && mv "%s/crontab.new" "%s/crontab.txt"; fi\n' \
  "$work" "$work" "$work" "$work" >"$work/bin/crontab"
chmod +x "$work/bin/crontab"
printf '30 2 * * * /usr/bin/backup\n' >"$work/crontab.txt"
expect "schedule --cron" 0 env TZ=Europe/Paris "$blotter" schedule --site "$sched" --clock 2026-12-04T21:00:00Z --cron
contains "cron line at the next change, in local time" "0 8 5 12 * $blotter build --site $sched --quiet; "
cron_command=$(grep '^@hourly ' "$work/out" | cut -d' ' -f2-)
for run in 1 2; do
  env PATH="$work/bin:$PATH" sh -c "$cron_command" >/dev/null 2>&1
done
[ "$(grep -c 'blotter-schedule\[' "$work/crontab.txt")" -ge 2 ] && [ "$(grep -c '^@hourly ' "$work/crontab.txt")" -eq 1 ] \
  && grep -qx '30 2 \* \* \* /usr/bin/backup' "$work/crontab.txt" && [ -f "$sched/Public/index.html" ] \
  && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL the cron command rebuilds and sets its lines once:"; cat "$work/crontab.txt"; }
expect "schedule --systemd --cron" 2 "$blotter" schedule --site "$sched" --systemd --cron
expect "schedule --write alone" 2 "$blotter" schedule --site "$sched" --write
contains "--write message" "--write: only with --systemd"

# init: a new site with the built-in theme that checks clean and builds at once; a folder in
# use is refused; a bad option writes nothing; on a terminal it asks (init-prompt-test.py).
newsite="$work/new site"
expect "init makes a site" 0 env TZ=UTC "$blotter" init "$newsite" --title "Riverside Desk"
contains "init says which defaults it used" "Using the defaults: base_url /, language en, timezone UTC. Change them in $newsite/site.yml"
contains "init says what to do next" "  cd '$newsite'"
expect "a new site checks clean" 0 "$blotter" check --site "$newsite" --quiet
[ ! -s "$work/out" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL check of a new site printed:"; cat "$work/out"; }
expect "a new site builds" 0 "$blotter" build --site "$newsite" --quiet
[ -f "$newsite/Public/incidents/example-warehouse-fire/index.html" ] && [ -f "$newsite/Public/corrections-policy/index.html" ] \
  && [ -f "$newsite/Public/assets/images/example-mill-road.svg" ] && [ ! -e "$newsite/Templates" ] && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL a new site's pages"; find "$newsite" | sort; }
(cd "$newsite" && find . | sort) >"$work/newsite.before"
expect "init refuses a folder in use" 2 "$blotter" init "$newsite"
contains "refusal message" "error: $newsite: the folder is not empty (it holds \".Public.memory\", \".gitignore\", \"Content\" and 4 more); \`blotter init\` makes a site only in a new or empty folder, and wrote nothing"
(cd "$newsite" && find . | sort) | cmp -s - "$work/newsite.before" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL init changed a folder in use"; }
expect "init with a bad timezone" 2 "$blotter" init "$work/other" --timezone Mars/Olympus
contains "bad timezone message" 'error: --timezone: unknown timezone "Mars/Olympus"; use a name like Europe/London or America/Chicago'
[ ! -e "$work/other" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL init with a bad option wrote $work/other"; }
expect "init on a terminal" 0 python3 "$repo/scripts/init-prompt-test.py" "$blotter" "$work"
contains "init on a terminal: every check" "0 failed"

# The published record: `build --lock` writes published.lock; a published title changed
# without a correction then fails the build and check, at the title's line; with one, the
# address it changed must be kept with `aliases`; --lock is refused with --drafts.
locked="$work/locked"
mkdir -p "$locked/Content/incidents"
printf 'title: Lock Desk\nbase_url: https://example.org/\ntimezone: Europe/London\n' >"$locked/site.yml"
cp "$site/Content/incidents/fire.md" "$locked/Content/incidents/fire.md"
expect "build --lock" 0 "$blotter" build --site "$locked" --lock --clock 2025-06-01T10:00:00Z
grep -qxF '[Content/incidents/fire.md]' "$locked/published.lock" && grep -qxF 'locked = 2025-06-01T10:00:00Z' "$locked/published.lock" \
  && grep -qxF 'url = /incidents/fire-in-barking/' "$locked/published.lock" && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL build --lock wrote:"; cat "$locked/published.lock"; }
cp "$locked/published.lock" "$work/lock.before"
expect "build --lock again" 0 "$blotter" build --site "$locked" --lock --clock 2025-07-01T10:00:00Z
cmp -s "$locked/published.lock" "$work/lock.before" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL published.lock changed with no fact changed"; }
sed -i 's/^title: Fire in Barking$/title: Blaze in Barking/' "$locked/Content/incidents/fire.md"
title_changed='Content/incidents/fire.md:2:8: error: title: changed since it was published (locked 2025-06-01 10:00 UTC); say so in an `updates` entry with `kind: correction` (or `update`) dated after that, or put the published text back'
expect "changed title fails the build" 1 "$blotter" build --site "$locked" --clock 2025-08-01T10:00:00Z
contains "exact lock diagnostic" "$title_changed"
contains "build names the folder" "build failed: 2 errors in 1 file"
expect "changed title fails check" 1 "$blotter" check --site "$locked" --clock 2025-08-01T10:00:00Z
contains "check says it too" "$title_changed"
printf 'updates:\n  - date: 2025-08-01T09:00:00Z\n    kind: correction\n    text: The headline said fire.\n' >"$work/correction"
sed -i "/^status: developing$/r $work/correction" "$locked/Content/incidents/fire.md"
# The new headline is a new slug: the published address must keep working, through `aliases`.
address_gone='Content/incidents/fire.md:2:8: error: aliases: published at /incidents/fire-in-barking/ (locked 2025-06-01 10:00 UTC), now at /incidents/blaze-in-barking/; a published address must keep working: add `aliases: [/incidents/fire-in-barking/]` (the old address then redirects here)'
expect "a correction alone loses the published address" 1 "$blotter" build --site "$locked" --lock --clock 2025-08-01T10:00:00Z
contains "exact lost-address diagnostic" "$address_gone"
sed -i '/^title: Blaze in Barking$/a aliases: [/incidents/fire-in-barking/]' "$locked/Content/incidents/fire.md"
expect "a correction after the lock passes" 0 "$blotter" build --site "$locked" --lock --clock 2025-08-01T10:00:00Z
grep -qF '<meta http-equiv="refresh" content="0; url=/incidents/blaze-in-barking/">' \
  "$locked/Public/incidents/fire-in-barking/index.html" && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL the old address has a redirect page"; }
grep -qxF '/incidents/fire-in-barking/  /incidents/blaze-in-barking/  301' "$locked/Public/_redirects" && passed=$((passed + 1)) \
  || { failed=$((failed + 1)); echo "FAIL _redirects lacks the old address"; }
grep -qxF 'locked = 2025-08-01T10:00:00Z' "$locked/published.lock" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL the corrected entry keeps its old time"; }
expect "--lock with --drafts" 2 "$blotter" build --site "$locked" --lock --drafts
contains "lock drafts message" "error: --lock records what the site publishes: not with --drafts or --future"
expect "build help" 0 "$blotter" build --help
contains "build help lists --lock" "--lock"

expect "help" 0 "$blotter" --help
contains "help lists build" "build"
contains "help lists serve" "serve"
expect "build help" 0 "$blotter" build --help
contains "build help lists --drafts" "--drafts"

echo "cli-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
