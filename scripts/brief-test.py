#!/usr/bin/env python3
"""The printed briefing as an editor gets it: `blotter brief --pdf` on a site, read back with
poppler's pdftotext and pdfinfo.

usage: brief-test.py BLOTTER SITE_DIR
Checks that the PDF holds every headline, every timeline entry, every statement's speaker and the
page numbers, and that each incident starts a page. Then prints the same briefing in three parts
(as a long briefing is, on several cores) and checks that it is the whole print's document: the
same text on every page, the same link destinations, the same structure tree (tagged PDF).
Then what the printer may load: a briefing whose images are outside the site (a relative path, an
absolute image.src, a local web server) prints without them, with a warning for each, and a
Chromium that never answers fails `brief --pdf` in bounded time and is killed.
Ends with `brief-test: N passed, M failed`.
"""
import json, os, re, shutil, signal, socket, struct, subprocess, sys, tempfile, threading, time

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

def bitmap(width, height):
    """A 24-bit BMP of that size (a format Chromium reads), so that the PDF's images can be told
    apart by size."""
    row = (width * 3 + 3) // 4 * 4
    rows = b"".join(b"".join(bytes((x * 5 % 256, y * 7 % 256, 200)) for x in range(width)) + b"\0" * (row - width * 3)
                    for y in range(height))
    header = b"BM" + struct.pack("<IHHI", 54 + len(rows), 0, 0, 54)
    return header + struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(rows), 2835, 2835, 0, 0) + rows

def image_sizes(pdf):
    """(width, height) of every image pdfimages lists."""
    lines = run("pdfimages", "-list", pdf).splitlines()[2:]
    return [(int(f[3]), int(f[4])) for f in (line.split() for line in lines) if len(f) > 4 and f[2] == "image"]

def listener():
    """A TCP listener on 127.0.0.1 (a free port) that counts the connections made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    counted = []
    def serve():
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            counted.append(1)
            client.close()
    threading.Thread(target=serve, daemon=True).start()
    return server, counted

def hostile_site(repository, work, port):
    """A site (base_url /) whose briefing asks for two images outside it and one on a web
    server, and shows one of its own; returns the site folder and the three outside addresses."""
    site, outside = os.path.join(work, "hostile"), os.path.join(work, "outside")
    os.makedirs(outside)
    shutil.copytree(os.path.join(repository, "Templates"), os.path.join(site, "Templates"))
    for name, size in (("passport.bmp", (37, 23)), ("scan.bmp", (41, 29))):
        open(os.path.join(outside, name), "wb").write(bitmap(*size))
    open(os.path.join(site, "Templates", "assets", "ours.bmp"), "wb").write(bitmap(11, 13))
    open(os.path.join(site, "site.yml"), "w").write("title: Desk\nbase_url: /\nlanguage: en-GB\ntimezone: Europe/London\n")
    passport, scan = os.path.join(outside, "passport.bmp"), os.path.join(outside, "scan.bmp")
    web = f"http://127.0.0.1:{port}/a.bmp"
    climb = "../" * 12 + passport.lstrip("/")
    incident = """---
title: {title}
date: 2026-11-26T10:00:00Z
location: {{name: Ripple Road, area: Barking and Dagenham}}
status: developing
summary: A fire broke out.
image: {{src: {src}, alt: A picture}}
---
{body}
"""
    os.makedirs(os.path.join(site, "Content", "incidents"))
    open(os.path.join(site, "Content", "incidents", "a.md"), "w").write(
        incident.format(title="Alpha", src=scan, body=f"![x]({climb})\n\n![y]({web})"))
    open(os.path.join(site, "Content", "incidents", "b.md"), "w").write(
        incident.format(title="Bravo", src="/assets/ours.bmp", body="Body."))
    return site, ["file://" + passport, "file://" + scan, web]

def only_the_sites_files(blotter, repository, work):
    """Images outside the site are neither fetched nor printed, and each is named once in a warning."""
    server, counted = listener()
    site, addresses = hostile_site(repository, work, server.getsockname()[1])
    pdf = os.path.join(work, "hostile.pdf")
    result = subprocess.run([blotter, "brief", "--site", site, "--since", "2000-01-01", "--pdf", "--output", pdf,
                             "--clock", "2026-11-27T09:00:00Z"], capture_output=True, text=True)
    server.close()
    check(result.returncode == 0 and os.path.exists(pdf), f"a briefing with outside images prints: {result.stderr.strip()}")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: refused to load ")]
    for address in addresses:
        named = [line for line in warnings if line.startswith(f"warning: refused to load {address}: outside the site")]
        check(len(named) == 1, f"one warning names {address} ({warnings})")
    check(len(warnings) == 3, f"nothing else refused ({warnings})")
    check(not counted, "the web server was not asked for anything")
    sizes = image_sizes(pdf) if os.path.exists(pdf) else []
    check((37, 23) not in sizes and (41, 29) not in sizes, f"no outside image in the PDF (images: {sizes})")
    check((11, 13) in sizes, f"the site's own image in the PDF (images: {sizes})")
    return site

def silent_chromium(blotter, site, work):
    """A Chromium that never answers and ignores SIGTERM fails `brief --pdf` within
    BLOTTER_DEVTOOLS_TIMEOUT and a few seconds, with a message naming it and the command, and is killed."""
    fake, pid_file = os.path.join(work, "fake-chromium"), os.path.join(work, "fake.pid")
    open(fake, "w").write(f"#!/bin/sh\necho $$ > '{pid_file}'\ntrap '' TERM\nexec sleep 300\n")
    os.chmod(fake, 0o755)
    started = time.monotonic()
    try:
        result = subprocess.run([blotter, "brief", "--site", site, "--since", "2000-01-01", "--pdf", "--chromium", fake,
                                 "--output", os.path.join(work, "silent.pdf"), "--clock", "2026-11-27T09:00:00Z"],
                                capture_output=True, text=True, env=dict(os.environ, BLOTTER_DEVTOOLS_TIMEOUT="2"), timeout=60)
    except subprocess.TimeoutExpired:
        check(False, "brief --pdf with a silent Chromium ends")
        return
    elapsed = time.monotonic() - started
    check(result.returncode == 2 and fake in result.stderr and "Target.createTarget" in result.stderr,
          f"a silent Chromium: exit 2 (a tool failed), naming it and the command ({result.returncode}: {result.stderr.strip()})")
    check(elapsed < 15, f"a silent Chromium fails the briefing in bounded time ({elapsed:.1f} s)")
    pid = int(open(pid_file).read())
    try:
        os.kill(pid, 0)
        check(False, f"the silent Chromium (pid {pid}) is gone")
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        check(True, "the silent Chromium is gone")

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
    hostile = only_the_sites_files(blotter, site, work)
    silent_chromium(blotter, hostile, work)
    check.finish()

main()
