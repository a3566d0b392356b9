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


def wait_for(driver, seconds, read, done):
    """The value `read(driver)` gives once `done(value)` holds, or the last one read after
    `seconds` (a page redraws as it loads: an element found a moment earlier may be gone)."""
    from selenium.common.exceptions import TimeoutException
    last = read(driver)
    def poll(d):
        nonlocal last
        last = read(d)
        return done(last)
    try:
        patient_wait(driver, seconds).until(poll)
    except TimeoutException:
        pass
    return last


def serve(folder):
    """Serves `folder` on 127.0.0.1 (an ephemeral port) in a thread, quietly, with WebP's
    media type; returns the server and its base address."""
    import functools, http.server, threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".webp": "image/webp"}

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
