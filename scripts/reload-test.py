#!/usr/bin/env python3
"""Live reload as a reporter sees it: `blotter serve` previews a copy of the example site,
headless Chromium opens the Dagenham incident page, and the test edits files while the
browser is left alone. The page must show the new title without being reloaded by the
test; a broken file must show the error overlay, its fix must clear it; a stylesheet edit
must be swapped in without a reload; SIGTERM must stop the server with exit code 0.

usage: reload-test.py BLOTTER SITE_DIR
Ends with `reload-test: N passed, M failed`.
"""
import os, re, shutil, signal, subprocess, sys, tempfile, time
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from checks import Checks, headless_chromium, patient_wait

INCIDENT = "Content/incidents/2023/11/2023-11-23-dagenham-police-shooting.md"
PAGE = "/incidents/dagenham-police-shooting/"


def start_server(blotter, site, output, port=0):
    process = subprocess.Popen([blotter, "serve", "--site", site, "--port", str(port), "--output", output],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(r"Serving at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            return process, match.group(1)
    process.kill()
    sys.exit(f"reload-test: the server did not start: {process.stdout.read()}")


def headline(driver):
    """The page's h1 as shown, read in one step, or None while the page is being reloaded:
    the preview reloads the page by itself, so an element found a moment earlier may already
    be gone when it is read."""
    try:
        return driver.execute_script("const h = document.querySelector('h1'); return h ? h.innerText : null")
    except WebDriverException:
        return None


def edit(path, pattern, replacement):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, f"{pattern!r} not found in {path}"
    with open(path, "w", encoding="utf-8") as f:
        f.write(changed)
    return text


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    blotter, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    work = tempfile.mkdtemp(prefix="blotter-reload-")
    site = os.path.join(work, "site")
    os.makedirs(site)
    for name in ("site.yml", "Content", "Templates"):
        copy = shutil.copytree if os.path.isdir(os.path.join(source, name)) else shutil.copy
        copy(os.path.join(source, name), os.path.join(site, name))
    server, url = start_server(blotter, site, os.path.join(work, "preview"))
    driver = headless_chromium()
    check = Checks("reload-test")
    incident = os.path.join(site, INCIDENT)
    wait = patient_wait(driver, 15)
    try:
        driver.set_page_load_timeout(30)
        driver.get(url + PAGE.lstrip("/"))
        title = headline(driver)
        check(title == "Man dies after police shooting in Dagenham", f"the incident page's headline: {title!r}")
        # Wait for the event stream, then mark this page: a reload forgets the mark.
        wait.until(lambda d: d.execute_script("return !!(window.blotterPreview && window.blotterPreview.connected)"))
        time.sleep(0.3)
        driver.execute_script("window.blotterMark = 'before';")

        new_title = "Man dies after police shooting in Dagenham: guns sent for testing"
        edit(incident, r"^title: .*$", f'title: "{new_title}"')
        try:
            wait.until(lambda d: headline(d) == new_title)
            check(True, "")
        except Exception:
            check(False, f"the page did not show the new title; it shows {headline(driver)!r}")
        check(driver.execute_script("return window.blotterMark") is None, "the page kept its mark: the preview did not reload it")

        # A broken file: the overlay, with the file and line; the fix clears it.
        edit(incident, r"^date: .*$", "date: next Tuesday")
        try:
            text = wait.until(lambda d: d.execute_script(
                "const o = document.getElementById('blotter-overlay'); return o ? o.innerText : null"))
            check(re.search(r"2023-11-23-dagenham-police-shooting\.md:\d+:\d+: error: date:", text) is not None,
                  f"the overlay names the file, line and field: {text!r}")
        except Exception:
            check(False, "no error overlay after a bad edit")
        check(headline(driver) == new_title, "the last good page stays under the overlay")
        edit(incident, r"^date: next Tuesday$", "date: 2023-11-23T21:05:00+00:00")
        try:
            wait.until(lambda d: not d.find_elements(By.ID, "blotter-overlay"))
            check(True, "")
        except Exception:
            check(False, "the overlay stayed after the fix")

        # A stylesheet: swapped in place, the page is not reloaded.
        wait.until(lambda d: d.execute_script("return !!(window.blotterPreview && window.blotterPreview.connected)"))
        time.sleep(0.3)
        driver.execute_script("window.blotterMark = 'css';")
        with open(os.path.join(site, "Templates/assets/style.css"), "a", encoding="utf-8") as f:
            f.write("\nh1 { outline: 3px solid rgb(255, 0, 0); }\n")
        try:
            wait.until(lambda d: d.execute_script(
                "return getComputedStyle(document.querySelector('h1')).outlineColor") == "rgb(255, 0, 0)")
            check(True, "")
        except Exception:
            check(False, "the edited stylesheet was not applied")
        check(driver.execute_script("return window.blotterMark") == "css", "a stylesheet edit reloaded the page")

        # The preview makes no search index: the search page says so instead of failing silently.
        driver.get(url + "search/")
        note = driver.find_elements(By.ID, "search-missing")
        check(bool(note) and note[0].is_displayed(), "the preview's search page explains that search needs `blotter build`")
        driver.get(url + PAGE.lstrip("/"))
        wait.until(lambda d: d.execute_script("return !!(window.blotterPreview && window.blotterPreview.connected)"))

        # A restart: the page reconnects by itself and shows what changed meanwhile.
        server.send_signal(signal.SIGTERM)
        check(server.wait(timeout=10) == 0, "exit code after SIGTERM")
        restarted = "Man dies after police shooting in Dagenham: inquest opens"
        edit(incident, r"^title: .*$", f'title: "{restarted}"')
        server, _ = start_server(blotter, site, os.path.join(work, "preview"), port=int(url.rsplit(":", 1)[1].strip("/")))
        try:
            patient_wait(driver, 20).until(lambda d: headline(d) == restarted)
            check(True, "")
        except Exception:
            check(False, "after a server restart the page did not reconnect and reload")
    finally:
        driver.quit()
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=10)
            check(code == 0, f"exit code after SIGTERM: {code}")
        except subprocess.TimeoutExpired:
            server.kill()
            check(False, "the server did not stop within 10 s of SIGTERM")
        shutil.rmtree(work, ignore_errors=True)
    check.finish()


main()
