#!/usr/bin/env python3
"""The printed briefing as an editor gets it: `blotter brief --pdf` on a site, read back with
poppler's pdftotext and pdfinfo.

usage: brief-test.py BLOTTER SITE_DIR
Checks that the PDF holds every headline, every timeline entry, every statement's speaker and the
page numbers, and that each incident starts a page. Then prints the same briefing in three parts
(as a long briefing is, on several cores) and checks that it is the whole print's document: the
same text on every page, the same link destinations, the same structure tree (tagged PDF).
Ends with `brief-test: N passed, M failed`.
"""
import json, os, re, subprocess, sys, tempfile

from checks import Checks

check = Checks("brief-test")

def words(text):
    """Text as a sequence of words, markup and line breaks ignored (PDF text wraps anywhere)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_~`]", "", text)
    return " ".join(re.findall(r"[\w'’.,:;()£%-]+", text))

def run(*command):
    return subprocess.run(command, capture_output=True, text=True).stdout

def brief(blotter, site, pdf, parts):
    """`blotter brief --pdf` in `parts` parts (BLOTTER_PRINT_PARTS); True when it made the PDF."""
    environment = dict(os.environ, BLOTTER_PRINT_PARTS=str(parts))
    result = subprocess.run([blotter, "brief", "--site", site, "--since", "2000-01-01", "--pdf", "--output", pdf,
                             "--title", "Council briefing", "--clock", "2026-11-27T09:00:00Z"], capture_output=True,
                            text=True, env=environment)
    check(result.returncode == 0 and os.path.exists(pdf) and "warning" not in result.stderr,
          f"brief --pdf in {parts} part(s) succeeds without a warning: {result.stderr.strip()}")
    return os.path.exists(pdf)

def page_texts(pdf, layout=True):
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf)).group(1))
    flags = ["-layout"] if layout else []
    return [run("pdftotext", *flags, "-f", str(p), "-l", str(p), pdf, "-") for p in range(1, pages + 1)]

def page_images(pdf, folder):
    """Every page drawn at 30 dpi (pdftoppm), as the bytes of its PPM image."""
    os.makedirs(folder)
    subprocess.run(["pdftoppm", "-r", "30", pdf, os.path.join(folder, "page")], check=True)
    return [open(os.path.join(folder, name), "rb").read() for name in sorted(os.listdir(folder))]

def same_image(a, b):
    """Equal sizes, and no colour value apart by more than 8 of 255 (anti-aliasing)."""
    return len(a) == len(b) and all(abs(x - y) <= 8 for x, y in zip(a, b))

def structure(pdf):
    """The structure tree as poppler prints it, without what differs between equal documents:
    element ids (numbered by Chromium per print), object numbers, and NonStruct elements
    (grouping without meaning; each part has its own top one)."""
    lines = []
    for line in run("pdfinfo", "-struct-text", pdf).splitlines():
        line = re.sub(r"part\d+-", "", line)
        line = re.sub(r"node\d+", "node", line)
        line = re.sub(r"Object \d+ \d+", "Object", line)
        if line.strip() != "NonStruct":
            lines.append(line)
    return lines

def compare_parts(blotter, site, work, whole):
    """The briefing printed in three parts and merged is the briefing printed whole."""
    parts = os.path.join(work, "parts.pdf")
    if not brief(blotter, site, parts, 3):
        return
    words_of = lambda pdf: [" ".join(page.split()) for page in page_texts(pdf, layout=False)]
    check(words_of(parts) == words_of(whole), "in parts: the same text on every page as printed whole")
    images = zip(page_images(parts, os.path.join(work, "parts")), page_images(whole, os.path.join(work, "whole")))
    different = [number for number, (a, b) in enumerate(images, start=1) if not same_image(a, b)]
    check(not different, f"in parts: every page looks as printed whole (not pages {different})")
    dests = run("pdfinfo", "-dests", parts)
    check(dests == run("pdfinfo", "-dests", whole) and dests.count("incident-") >= 6,
          "in parts: the same link destinations, on the same pages")
    check(structure(parts) == structure(whole), "in parts: the same structure tree")
    check("Tagged:          yes" in run("pdfinfo", parts), "in parts: a tagged PDF")

def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    blotter, site = sys.argv[1:]
    work = tempfile.mkdtemp()
    pdf = os.path.join(work, "briefing.pdf")
    if not brief(blotter, site, pdf, 1):
        check.finish()
    text = page_texts(pdf)
    pages = len(text)
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
    compare_parts(blotter, site, work, pdf)
    check.finish()

main()
