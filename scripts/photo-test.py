#!/usr/bin/env python3
"""Photos as a reader's browser and a snooper see them, on the built example site.

1. ExifTool reads every JPEG, PNG and WebP published: no GPS position, owner, camera serial,
   make or model, XMP or IPTC may be left (the example photo's source in Static/ has them all,
   which is checked too, or the test would prove nothing); the ICC profile is kept.
2. Headless Chromium opens the incident with the example photo at a phone's width (390 CSS
   pixels, 2 device pixels each) and a laptop's (1280, 2 device pixels each): the photo loads
   from `srcset` at each, in WebP, at the width the page needs; the phone never fetches the
   largest width, the laptop does; the image keeps its space (width and height) before it loads.

usage: photo-test.py SITE_DIR SITE_OUTPUT_DIR
Ends with `photo-test: N passed, M failed`.
"""
import json, re, subprocess, sys
from pathlib import Path
from checks import Checks, headless_chromium, patient_wait, serve

PAGE = "/incidents/two-people-rescued-from-flat-fire-in-barking/"
SOURCE = "Static/assets/images/barking-flats-scene.jpg"
LARGEST = "barking-flats-scene-1600w"
PRIVATE = ["GPSLatitude", "GPSLongitude", "GPSPosition", "OwnerName", "SerialNumber", "Make", "Model", "Artist",
           "Creator", "By-line"]


def exif(paths):
    out = subprocess.run(["exiftool", "-json", "-a", "-G0", *map(str, paths)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def private_tags(record):
    return sorted(key for key in record if key.split(":")[-1] in PRIVATE or key.split(":")[0] in ("XMP", "IPTC"))


def browse(base, width, check):
    """Loads PAGE at `width` CSS pixels (2 device pixels each); returns the image files fetched."""
    driver = headless_chromium(f"--window-size={width},900")
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 900, "deviceScaleFactor": 2, "mobile": width < 600})
        driver.get(base + PAGE)
        patient_wait(driver, 20).until(lambda d: d.execute_script(
            "const i = document.querySelector('.lead-image img'); return i && i.complete && i.naturalWidth > 0"))
        image = driver.execute_script("""
            const i = document.querySelector('.lead-image img');
            return {current: i.currentSrc, natural: i.naturalWidth, width: i.getAttribute('width'),
                    height: i.getAttribute('height'), shown: i.getBoundingClientRect().width};""")
        fetched = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/images/'))")
        check(image["current"].endswith(".webp"), f"{width}px: the photo came as WebP ({image['current']})")
        check(image["width"] and image["height"], f"{width}px: the img keeps its space (width and height): {image}")
        # The file's width (its name says it: -800w) covers the device pixels the photo is shown in.
        match = re.search(r"-(\d+)w\.webp$", image["current"])
        image["file"] = int(match.group(1)) if match else 0
        needed = image["shown"] * 2
        check(image["file"] >= min(needed, 1600), f"{width}px: a {image['file']}px file for {needed:.0f} device pixels")
        return fetched, image
    finally:
        driver.quit()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    site, output = Path(sys.argv[1]), Path(sys.argv[2])
    check = Checks("photo-test")

    source = exif([site / SOURCE])[0]
    check({"EXIF:GPSLatitude", "EXIF:OwnerName", "EXIF:SerialNumber"} <= set(source),
          f"the source {SOURCE} carries a GPS position, owner and serial number (the test's premise): {sorted(source)}")
    published = sorted(p for p in output.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"))
    check(len(published) >= 9, f"{len(published)} photo files published, expected the 9 of the example photo at least")
    for record in exif(published):
        name = Path(record["SourceFile"]).relative_to(output)
        check(private_tags(record) == [], f"{name} holds {private_tags(record)}")
        if "barking-flats-scene" in str(name):
            check("ICC_Profile:ProfileDescription" in record, f"{name} lost its ICC profile")

    server, base = serve(output)
    phone, phone_image = browse(base, 390, check)
    check(not any(LARGEST in name for name in phone), f"390px: the largest width is not fetched: {phone}")
    check(len(phone) == 1, f"390px: one file of the photo fetched: {phone}")
    laptop, laptop_image = browse(base, 1280, check)
    check(any(LARGEST + ".webp" in name for name in laptop), f"1280px: the largest width is fetched: {laptop}")
    check(phone_image["file"] < laptop_image["file"],
          f"the phone loads a narrower file ({phone_image['file']}px) than the laptop ({laptop_image['file']}px)")
    print(f"photo-test: phone {phone_image['current'].rsplit('/', 1)[-1]}, laptop {laptop_image['current'].rsplit('/', 1)[-1]}")
    server.shutdown()
    check.finish()


if __name__ == "__main__":
    main()
