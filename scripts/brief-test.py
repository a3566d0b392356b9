#!/usr/bin/env python3
"""The printed briefing as an editor gets it: `blotter brief --pdf` on a site, read back with
poppler's pdftotext and pdfinfo.

usage: brief-test.py BLOTTER SITE_DIR
Checks that the PDF holds every headline, every timeline entry, every statement's speaker and the
page numbers, and that each incident starts a page. Ends with `brief-test: N passed, M failed`.
"""
import json, os, re, subprocess, sys, tempfile

from checks import Checks

check = Checks("brief-test")

def words(text):
    """Text as a sequence of words, markup and line breaks ignored (PDF text wraps anywhere)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_~`]", "", text)
    return " ".join(re.findall(r"[\w'’.,:;()£%-]+", text))

def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    blotter, site = sys.argv[1:]
    work = tempfile.mkdtemp()
    pdf = os.path.join(work, "briefing.pdf")
    result = subprocess.run([blotter, "brief", "--site", site, "--since", "2000-01-01", "--pdf", "--output", pdf,
                             "--title", "Council briefing", "--clock", "2026-11-27T09:00:00Z"], capture_output=True, text=True)
    check(result.returncode == 0 and os.path.exists(pdf), f"brief --pdf succeeds: {result.stderr.strip()}")
    if not os.path.exists(pdf):
        check.finish()
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    text = [subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True,
                           text=True).stdout for p in range(1, pages + 1)]
    everything = words(" ".join(text))
    out = tempfile.mkdtemp()
    subprocess.run([blotter, "build", "--site", site, "--output", out, "--quiet", "--clock", "2026-11-27T09:00:00Z"], check=True)
    incidents = json.load(open(os.path.join(out, "incidents.json"), encoding="utf-8"))
    check(pages >= len(incidents) + 2, f"{pages} pages for a cover, contents and {len(incidents)} incidents")
    for item in incidents:
        check(words(item["title"]) in everything, f"headline {item['title']!r} in the PDF")
        for entry in item["timeline"]:
            check(words(entry["text"]) in everything, f"timeline entry {entry['text'][:40]!r}... in the PDF")
        for statement in item["statements"]:
            check(statement["speaker"] in everything, f"speaker {statement['speaker']!r} in the PDF")
    for p, page in enumerate(text, start=1):
        check(f"Page {p} of {pages}" in page, f"page number on page {p}")
    # Each incident starts a page: its kicker ("N OF M") is the first line under the page header.
    starts = {}
    for p, page in enumerate(text, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("Council briefing") and not re.match(r"Page \d+ of", line)]
        if body and (m := re.match(r"(\d+) OF (\d+)", body[0])):
            starts[int(m.group(1))] = p
    check(sorted(starts) == list(range(1, len(incidents) + 1)), f"each incident starts a page (starts: {starts})")
    check.finish()

main()
