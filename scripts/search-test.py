#!/usr/bin/env python3
"""Site search as a reader uses it: headless Chromium types a word into /search/ and must see
the incident that holds it among the results.

usage: search-test.py SITE_OUTPUT_DIR WORD EXPECTED_PATH
Ends with `search-test: N passed, M failed`.
"""
import sys
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from checks import Checks, headless_chromium, patient_wait, serve, wait_for

def texts(driver, selector, attribute):
    """`attribute` of every element matching `selector`, read in one step: Pagefind redraws
    its results as each letter is typed, so an element found a moment earlier may be gone."""
    script = "return [...document.querySelectorAll(arguments[0])].map(e => e[arguments[1]])"
    return driver.execute_script(script, selector, attribute) or []


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    root, word, expected = sys.argv[1:]
    server, base = serve(root)
    driver = headless_chromium()
    check = Checks("search-test")
    try:
        driver.set_page_load_timeout(30)
        driver.get(base + "/search/")
        wait = patient_wait(driver, 20)
        box = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__search-input")))
        box.send_keys(word)
        links = wait_for(driver, 20, lambda d: texts(d, ".pagefind-ui__result-link", "href"),
                         lambda hrefs: any(expected in (h or "") for h in hrefs))
        check(any(expected in (href or "") for href in links), f"searching {word!r}: {expected} not among {links}")
        wanted = {"area", "status", "tag"}
        names = wait_for(driver, 20, lambda d: {t.strip().lower() for t in texts(d, ".pagefind-ui__filter-name", "innerText")},
                         lambda shown: wanted <= shown)
        check(wanted <= set(names), f"filters shown: {sorted(names)}, expected area, status and tag")
    finally:
        driver.quit()
        server.shutdown()
    check.finish()

main()
