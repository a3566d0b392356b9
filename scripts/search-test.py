#!/usr/bin/env python3
"""Site search as a reader uses it: headless Chromium types a word into /search/ and must see
the incident that holds it among the results.

usage: search-test.py SITE_OUTPUT_DIR WORD EXPECTED_PATH
Ends with `search-test: N passed, M failed`.
"""
import functools, http.server, sys, threading
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from checks import Checks, headless_chromium

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    root, word, expected = sys.argv[1:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = headless_chromium()
    check = Checks("search-test")
    try:
        driver.set_page_load_timeout(30)
        driver.get(f"http://127.0.0.1:{server.server_address[1]}/search/")
        wait = WebDriverWait(driver, 20)
        box = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__search-input")))
        box.send_keys(word)
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__result-link")))
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")]
        check(any(expected in (href or "") for href in links), f"searching {word!r}: {expected} not among {links}")
        filters = driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__filter-name")
        names = {f.text.strip().lower() for f in filters}
        check({"area", "status", "tag"} <= names, f"filters shown: {sorted(names)}, expected area, status and tag")
    finally:
        driver.quit()
        server.shutdown()
    check.finish()

main()
