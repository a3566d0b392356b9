#!/usr/bin/env python3
"""Draws the example site's photos and the tests' photo, then writes into them what a phone
would (GPS position, owner, camera serial, orientation), so that the tests can prove none of
it is published. Not photographs: generated illustrations, credited as such on the pages.

Usage: .venv/bin/python scripts/make-photos.py   (needs Pillow and exiftool)
Writes Static/assets/images/barking-flats-scene.jpg and Tests/Fixtures/photos/witness.jpg.
"""
import random
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
ICC = "/usr/share/color/icc/ghostscript/a98.icc"  # Adobe RGB: a profile that is not sRGB


def flats_scene(width, height, seed):
    """A block of flats at dusk with smoke from an upper window and a fire engine below."""
    rng = random.Random(seed)
    img = Image.new("RGB", (width, height))
    d = ImageDraw.Draw(img)
    for y in range(height):  # dusk sky
        t = y / height
        d.line([(0, y), (width, y)], fill=(int(40 + 120 * t), int(60 + 90 * t), int(110 + 60 * t)))
    ground = int(height * 0.78)
    d.rectangle([0, ground, width, height], fill=(58, 58, 62))
    d.rectangle([0, ground - 12, width, ground], fill=(120, 120, 118))  # pavement
    bx0, bx1, top = int(width * 0.18), int(width * 0.72), int(height * 0.12)
    d.rectangle([bx0, top, bx1, ground - 12], fill=(150, 118, 96))
    cols, rows = 9, 11
    for r in range(rows):
        for c in range(cols):
            x = bx0 + 30 + c * (bx1 - bx0 - 60) / cols
            y = top + 30 + r * (ground - 60 - top) / rows
            lit = rng.random() < 0.35
            d.rectangle([x, y, x + (bx1 - bx0) / cols * 0.6, y + (ground - top) / rows * 0.55],
                        fill=(235, 205, 120) if lit else (52, 62, 80))
    fx, fy = bx0 + 30 + 6 * (bx1 - bx0 - 60) / cols, top + 30 + 3 * (ground - 60 - top) / rows
    smoke = Image.new("L", (width, height), 0)
    s = ImageDraw.Draw(smoke)
    for i in range(40):
        r = 20 + i * 6
        s.ellipse([fx + i * 9 - r, fy - i * 18 - r, fx + i * 9 + r, fy - i * 18 + r], fill=140)
    smoke = smoke.filter(ImageFilter.GaussianBlur(18))
    img.paste((90, 90, 95), mask=smoke)
    d.rectangle([fx, fy, fx + 50, fy + 60], fill=(255, 120, 40))
    ex, ey = int(width * 0.55), ground - 10
    d.rectangle([ex, ey - 150, ex + 420, ey], fill=(200, 30, 30))  # fire engine
    d.rectangle([ex + 300, ey - 200, ex + 420, ey - 150], fill=(200, 30, 30))
    d.line([(ex + 20, ey - 160), (ex + 380, ey - 230)], fill=(210, 210, 210), width=10)  # ladder
    for wx in (ex + 70, ex + 330):
        d.ellipse([wx - 35, ey - 35, wx + 35, ey + 35], fill=(20, 20, 20))
    d.rectangle([0, ground + 40, width, ground + 52], fill=(240, 200, 40))  # cordon tape
    return img


def witness(width, height):
    """A small street scene with a clear top and bottom, to see the orientation applied."""
    img = Image.new("RGB", (width, height), (90, 140, 200))
    d = ImageDraw.Draw(img)
    d.rectangle([0, height * 2 // 3, width, height], fill=(60, 120, 60))
    d.rectangle([width // 4, height // 3, width // 2, height * 2 // 3], fill=(170, 90, 60))
    d.ellipse([width * 3 // 4, height // 10, width * 3 // 4 + 120, height // 10 + 120], fill=(250, 220, 90))
    return img


def with_phone_metadata(path, orientation):
    subprocess.run(["exiftool", "-q", "-overwrite_original",
                    "-GPSLatitude=51.5362", "-GPSLatitudeRef=N", "-GPSLongitude=0.0798", "-GPSLongitudeRef=W",
                    "-OwnerName=Alex Witness", "-Artist=Alex Witness", "-SerialNumber=SN-4815162342",
                    "-Make=ExamplePhone", "-Model=Example 12", f"-Orientation#={orientation}",
                    "-XMP-dc:Creator=Alex Witness", "-IPTC:By-line=Alex Witness",
                    f"-ICC_Profile<={ICC}", str(path)], check=True)


def main():
    scene = ROOT / "Static/assets/images/barking-flats-scene.jpg"
    scene.parent.mkdir(parents=True, exist_ok=True)
    flats_scene(2400, 1600, seed=7).save(scene, quality=88)
    with_phone_metadata(scene, 1)
    fixture = ROOT / "Tests/Fixtures/photos/witness.jpg"
    fixture.parent.mkdir(parents=True, exist_ok=True)
    # Stored on its side, as a phone held upright stores it: 1800 x 1200 turned a quarter
    # anticlockwise, with orientation 6 (turn 90° clockwise to show it): 1200 x 1800 upright.
    witness(1200, 1800).rotate(90, expand=True).save(fixture, quality=80)
    with_phone_metadata(fixture, 6)
    for path in (scene, fixture):
        print(path.relative_to(ROOT), path.stat().st_size, "bytes")


if __name__ == "__main__":
    sys.exit(main())
