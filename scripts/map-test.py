#!/usr/bin/env python3
"""The maps as a reader uses them: headless Chromium (Debian's, through its chromedriver)
opens /map/ of a built site served on 127.0.0.1, with no network for the tiles (the markers
then stand on a plain background), and checks that:

- the map shows exactly one marker per incident with a position (the features of the site's
  GeoJSON files): the single markers plus the counts of markercluster's clusters;
- one marker, clicked, opens a popup whose link leads to that incident's page;
- the status and date filter hides markers and list entries, and showing all brings them back;
- /map/#lat,lon,zoom (a report's "See it on the map") opens the map there;
- an area's page maps that area's incidents, and a report's page has its locator (inline SVG
  with an accessible name) linking to the map.

usage: map-test.py SITE_OUTPUT_DIR
Ends with `map-test: N passed, M failed`.
"""
import json, sys
from pathlib import Path
from urllib.parse import urlparse
from selenium.webdriver.common.by import By
from checks import Checks, headless_chromium, serve, wait_for

# The markers on screen: each single marker counts one, each cluster its number.
COUNT = """
const singles = document.querySelectorAll('#incident-map .leaflet-marker-icon:not(.marker-cluster)').length;
const clustered = [...document.querySelectorAll('#incident-map .marker-cluster span')]
    .reduce((sum, span) => sum + Number(span.textContent), 0);
return singles + clustered;
"""
VISIBLE_ITEMS = "return [...document.querySelectorAll('.map-list li')].filter(li => !li.hidden).length"


def features(root):
    """The GeoJSON features of the site: those of every GeoJSON file /data/index.json lists
    (/incidents.geojson, or one file per year on a big site)."""
    index = json.loads((root / "data/index.json").read_text())
    found = []
    for entry in index["files"]:
        if entry["format"] == "geojson":
            found += json.loads((root / entry["path"]).read_text())["features"]
    return found


def ready(driver, url):
    """Opens `url` and waits for the map's markers (the glue script sets data-ready)."""
    driver.get(url)
    return wait_for(driver, 20, lambda d: d.execute_script(
        "const m = document.getElementById('incident-map'); return m && m.dataset.ready"), bool)


def set_filter(driver, statuses=None, start="", end=""):
    driver.execute_script("""
        const form = document.getElementById('map-filter');
        form.querySelectorAll('input[name=status]').forEach(box => {
            box.checked = arguments[0] === null || arguments[0].includes(box.value); });
        form.elements.from.value = arguments[1];
        form.elements.to.value = arguments[2];
        form.dispatchEvent(new Event('change', {bubbles: true}));""", statuses, start, end)


def click_a_marker(driver):
    """Clicks clusters until a single marker shows, then clicks it; returns its title."""
    for _ in range(8):
        singles = driver.find_elements(By.CSS_SELECTOR, "#incident-map .leaflet-marker-icon:not(.marker-cluster)")
        if singles:
            title = singles[0].get_attribute("title")
            driver.execute_script("arguments[0].click()", singles[0])
            return title
        clusters = driver.find_elements(By.CSS_SELECTOR, "#incident-map .marker-cluster")
        if not clusters:
            return None
        driver.execute_script("arguments[0].click()", clusters[0])
        wait_for(driver, 3, lambda d: len(d.find_elements(
            By.CSS_SELECTOR, "#incident-map .leaflet-marker-icon:not(.marker-cluster)")), bool)
    return None


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    root = Path(sys.argv[1]).resolve()
    check = Checks("map-test")
    located = features(root)
    check(len(located) > 0, f"the site has incidents with a position ({len(located)} GeoJSON features)")
    server, base = serve(root)
    driver = headless_chromium("--window-size=1280,1024")
    driver.set_page_load_timeout(30)
    try:
        check(ready(driver, base + "/map/") == str(len(located)),
              f"/map/ loaded {len(located)} incidents from the GeoJSON")
        shown = wait_for(driver, 10, lambda d: d.execute_script(COUNT), lambda n: n == len(located))
        check(shown == len(located), f"/map/ shows one marker per located incident: {shown}, expected {len(located)}")
        items = driver.execute_script(VISIBLE_ITEMS)
        check(items == min(len(located), 500), f"the list beneath the map has {items} entries, expected {len(located)}")
        if check.failed:
            return check.finish()  # no map to go on with

        # The filter: one status only, then a date range, then everything again.
        by_status = {}
        for feature in located:
            by_status.setdefault(feature["properties"]["status"], []).append(feature)
        status, chosen = max(by_status.items(), key=lambda kv: (len(kv[1]), kv[0]))
        if len(by_status) > 1 or len(located) > 1:
            set_filter(driver, [status])
            shown = wait_for(driver, 10, lambda d: d.execute_script(COUNT), lambda n: n == len(chosen))
            check(shown == len(chosen), f"filtered to {status}: {shown} markers, expected {len(chosen)}")
            check(driver.execute_script(VISIBLE_ITEMS) == len(chosen), f"filtered to {status}: the list follows")
        days = sorted(f["properties"]["date"][:10] for f in located)
        newest = days[-1]
        expected = sum(1 for d in days if d >= newest)
        set_filter(driver, None, newest, "")
        shown = wait_for(driver, 10, lambda d: d.execute_script(COUNT), lambda n: n == expected)
        check(shown == expected, f"filtered from {newest}: {shown} markers, expected {expected}")
        set_filter(driver, None)
        shown = wait_for(driver, 10, lambda d: d.execute_script(COUNT), lambda n: n == len(located))
        check(shown == len(located), f"every status again: {shown} markers, expected {len(located)}")

        # A marker's popup leads to its incident.
        title = click_a_marker(driver)
        check(title is not None, "a single marker could be reached and clicked")
        # Leaflet fades the popup in: wait until its link shows.
        link = wait_for(driver, 5, lambda d: [a for a in d.find_elements(By.CSS_SELECTOR, ".leaflet-popup-content a")
                                              if a.is_displayed()], bool)
        check(bool(link), "the marker's popup opened with a link")
        if link:
            text, href = link[0].get_attribute("textContent"), link[0].get_attribute("href")
            check(text == title, f"the popup names the marker's incident ({text!r}, {title!r})")
            check(href.startswith(base + "/"), f"the popup's link stays on this host: {href}")
            driver.execute_script("arguments[0].click()", link[0])
            wait_for(driver, 10, lambda d: d.current_url, lambda u: u == href)
            heading = driver.find_elements(By.CSS_SELECTOR, "h1")
            check(driver.current_url == href and heading and heading[0].text == title,
                  f"the popup's link reached the incident's page ({driver.current_url})")
            locator = driver.find_elements(By.CSS_SELECTOR, "figure.locator svg[role=img]")
            check(bool(locator), "the incident's page has its locator, an SVG with role=img")
            if locator:
                name = driver.execute_script(
                    "const s = arguments[0]; return document.getElementById(s.getAttribute('aria-labelledby')).textContent",
                    locator[0])
                check(name.startswith("Map of where it happened"), f"the locator has an accessible name: {name!r}")
                see = driver.find_elements(By.CSS_SELECTOR, "figure.locator a[href*='/map/#']")
                check(bool(see), "the locator links to the map centred on the incident")
                if see:
                    target = see[0].get_attribute("href")
                    driver.get(target)
                    zoom = wait_for(driver, 10, lambda d: d.execute_script(
                        "const m = document.getElementById('incident-map');"
                        "return m && m.dataset.ready && document.querySelector('#incident-map .leaflet-marker-icon') ? 1 : 0"),
                        bool)
                    check(zoom == 1, f"{urlparse(target).path}#{urlparse(target).fragment} opens the map with markers")

        # An area's page maps the incidents of that area.
        areas = {}
        for feature in located:
            if feature["properties"].get("area"):
                areas.setdefault(feature["properties"]["area"], []).append(feature)
        if areas:
            area, members = max(areas.items(), key=lambda kv: (len(kv[1]), kv[0]))
            driver.get(base + "/map/")
            anchors = driver.find_elements(By.CSS_SELECTOR, ".map-list a[href*='/areas/']")
            area_url = next((a.get_attribute("href") for a in anchors if a.text == area), None)
            check(area_url is not None, f"the list links the area {area}")
            if area_url:
                check(ready(driver, area_url) == str(len(members)), f"{urlparse(area_url).path} loaded its incidents")
                shown = wait_for(driver, 10, lambda d: d.execute_script(COUNT), lambda n: n == len(members))
                check(shown == len(members), f"{area}'s map: {shown} markers, expected {len(members)}")
        check.finish()
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
