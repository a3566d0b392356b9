"""The pass/fail tally the Python checkers share, ending with the `NAME: N passed, M failed` line."""
import sys

class Checks:
    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def __call__(self, ok, what):
        """Counts one check; prints `FAIL what` when it fails."""
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {what}")

    def finish(self):
        """Prints the closing line and exits 1 when anything failed."""
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def headless_chromium(*flags):
    """Debian's Chromium, headless, driven through its chromedriver (selenium)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", *flags):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def patient_wait(driver, seconds):
    """A WebDriverWait that polls through the moments a page is redrawn or reloaded, when
    reading an element fails because it is already gone."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, seconds, ignored_exceptions=(WebDriverException,))
