#!/usr/bin/env python3
"""Checks a built site's feeds, sitemaps, structured data and open data with independent parsers.

usage: check-data.py BLOTTER SITE_DIR OUTPUT_DIR
  Checks OUTPUT_DIR (built from SITE_DIR) against SITE_DIR's front matter, and every open-data file
  against the JSON Schemas of docs/data.md and a GeoJSON validator (geojson-pydantic); builds a copy
  of SITE_DIR with its data split per year (`data: {split_above: 2}`) and checks that too; then
  builds a hostile site of its own with BLOTTER and checks that nothing in it breaks a feed,
  sitemap or JSON file.
Ends with `check-data: N passed, M failed`.
"""
import csv, datetime as dt, glob, hashlib, io, json, os, re, shutil, subprocess, sys, tempfile, xml.dom.minidom
import zoneinfo
import extruct, feedparser, jsonschema, yaml
import geojson_pydantic, pydantic

# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) as a JSON Schema: feedparser 6.0.14,
# the newest on PyPI, reads only XML feeds, so the JSON feed is checked against its specification here.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"}, "home_page_url": {"type": "string"}, "feed_url": {"type": "string"},
        "description": {"type": "string"}, "language": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
        "items": {"type": "array", "items": {
            "type": "object", "required": ["id"], "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {
                "id": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"},
                "content_html": {"type": "string"}, "summary": {"type": "string"}, "image": {"type": "string"},
                "date_published": {"type": "string", "format": "date-time"},
                "date_modified": {"type": "string", "format": "date-time"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "authors": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["name"], "additionalProperties": False,
                    "properties": {"name": {"type": "string"}, "url": {"type": "string", "format": "uri"}}}},
            }}},
    },
}
ZONE = zoneinfo.ZoneInfo("Europe/London")

from checks import Checks

check = Checks("check-data")

def front_matter(path):
    text = open(path, encoding="utf-8-sig").read().replace("\r\n", "\n")
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n")) or {}

def instant(value):
    """A YAML or ISO value as an aware datetime (dates at midnight UTC, for comparison of days only)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=ZONE)
    if isinstance(value, dt.date):
        return value
    value = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZONE)

def check_xml(out):
    for path in ["sitemap.xml", "news-sitemap.xml", "feed.xml"] + glob.glob("**/feed.xml", root_dir=out, recursive=True):
        try:
            xml.dom.minidom.parse(os.path.join(out, path))
            check(True, path)
        except Exception as error:
            check(False, f"{path} is not well-formed XML: {error}")

def check_feeds(out, published):
    limit = 50
    atom = feedparser.parse(os.path.join(out, "feed.xml"))
    check(not atom.bozo, f"feed.xml parses without bozo ({atom.get('bozo_exception')})")
    check(len(atom.entries) == min(limit, published), f"feed.xml has {len(atom.entries)} entries, expected {min(limit, published)}")
    for entry in atom.entries:
        check(all(entry.get(k) for k in ("title", "link", "id", "published", "updated", "summary", "content")),
              f"feed.xml entry {entry.get('id')} has every element")
    data = json.load(open(os.path.join(out, "feed.json"), encoding="utf-8"))
    try:
        jsonschema.validate(data, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
        check(True, "feed.json is a valid JSON Feed 1.1")
    except jsonschema.ValidationError as error:
        check(False, f"feed.json is not a valid JSON Feed 1.1: {error.message}")
    check(data["version"] == "https://jsonfeed.org/version/1.1", "JSON Feed version 1.1")
    check(len(data["items"]) == min(limit, published), "feed.json entry count")
    for path in glob.glob("*/*/feed.xml", root_dir=out):
        feed = feedparser.parse(os.path.join(out, path))
        check(not feed.bozo and len(feed.entries) >= 1, f"{path} parses with entries")
    # An author's feed: every entry names the author (an Atom <author> with their page as <uri>).
    for path in glob.glob("authors/*/feed.xml", root_dir=out):
        feed = feedparser.parse(os.path.join(out, path))
        page = "/" + os.path.dirname(path) + "/"
        check(all(any(a.get("href", "").endswith(page) and a.get("name") for a in entry.get("authors", []))
                  for entry in feed.entries), f"{path}: every entry names its author, linked to {page}")
    bylined = [item for item in data["items"] if "authors" in item]
    check(all(a.get("name") and a.get("url", "").startswith(("http://", "https://"))
              for item in bylined for a in item["authors"]), f"feed.json: {len(bylined)} bylined items name their authors")

def check_corrections_feed(out, incidents):
    """/corrections/feed.xml: one entry per correction and clarification, newest first."""
    notices = sorted((instant(u["date"]), slug, u.get("kind")) for slug, meta in incidents.items()
                     for u in meta.get("updates", []) if u.get("kind") in ("correction", "clarification"))
    feed = feedparser.parse(os.path.join(out, "corrections", "feed.xml"))
    check(not feed.bozo, f"corrections/feed.xml parses without bozo ({feed.get('bozo_exception')})")
    check(len(feed.entries) == min(50, len(notices)) and len(notices) > 0,
          f"corrections/feed.xml has {len(feed.entries)} entries, expected {len(notices)}")
    for entry in feed.entries:
        check(all(entry.get(k) for k in ("title", "link", "id", "published", "updated", "content")),
              f"corrections/feed.xml entry {entry.get('id')} has every element")
        check(entry.title.split(":")[0] in ("Correction", "Clarification") and "#update-" in entry.link,
              f"corrections/feed.xml entry {entry.get('id')}: kind in the title, link to the update")
    newest = [e.link.split("/incidents/")[1].split("/")[0] for e in feed.entries]
    check(newest == [slug for _, slug, _ in reversed(notices)][:50], "corrections/feed.xml is newest first")

def check_pages(out, incidents):
    for slug, meta in incidents.items():
        html = open(os.path.join(out, "incidents", slug, "index.html"), encoding="utf-8").read()
        data = extruct.extract(html, base_url="https://incidents.example.org/", syntaxes=["json-ld", "opengraph"], uniform=True)
        ld = data["json-ld"]
        check(len(ld) == 1, f"{slug}: one JSON-LD object")
        if not ld:
            continue
        ld = ld[0]
        expected = "LiveBlogPosting" if meta["status"] == "developing" else "NewsArticle"
        check(ld.get("@type") == expected, f"{slug}: @type {ld.get('@type')}, expected {expected}")
        for key in ("headline", "datePublished", "dateModified", "author", "publisher", "contentLocation"):
            check(key in ld, f"{slug}: JSON-LD has {key}")
        check(ld.get("headline") == meta["title"], f"{slug}: JSON-LD headline")
        loc = meta["location"]
        if isinstance(loc, dict) and "lat" in loc:
            geo = ld["contentLocation"].get("geo", {})
            check(abs(float(geo.get("latitude", 0)) - loc["lat"]) < 1e-9, f"{slug}: geo latitude")
        if meta.get("image"):
            check(bool(ld.get("image")), f"{slug}: JSON-LD image")
        if expected == "LiveBlogPosting":
            check(len(ld.get("liveBlogUpdate", [])) == len(meta.get("timeline", [])), f"{slug}: liveBlogUpdate entries")
        og = data["opengraph"][0] if data["opengraph"] else {}
        for key in ("og:title", "og:description", "og:url", "og:site_name"):
            check(key in og, f"{slug}: Open Graph {key}")
        check(og.get("@type") == "article", f"{slug}: og:type article")
        check(og.get("og:title") == meta["title"], f"{slug}: og:title")
        check('<link rel="canonical"' in html and 'name="twitter:card"' in html, f"{slug}: canonical and Twitter card")
        check('type="application/atom+xml"' in html, f"{slug}: alternate feed link")

def check_open_data(out, incidents):
    data = json.load(open(os.path.join(out, "incidents.json"), encoding="utf-8"))
    check(len(data) == len(incidents), f"incidents.json has {len(data)} incidents, expected {len(incidents)}")
    by_slug = {item["slug"]: item for item in data}
    for slug, meta in incidents.items():
        item = by_slug.get(slug)
        check(item is not None, f"incidents.json has {slug}")
        if not item:
            continue
        for key in ("title", "summary", "status", "category", "content_warning"):
            if key in meta:
                check(item[key] == meta[key], f"{slug}: {key} round-trips")
        check(instant(item["date"]) == instant(meta["date"]), f"{slug}: date round-trips")
        for key in ("agencies", "tags", "support"):
            value = meta.get(key, [])
            check(item[key] == (value if isinstance(value, list) else [value]), f"{slug}: {key} round-trips")
        loc = meta["location"]
        if isinstance(loc, dict):
            check(item["location"]["name"] == loc["name"] and item["location"]["area"] == loc.get("area"), f"{slug}: location")
            check(item["location"]["lat"] == loc.get("lat") and item["location"]["lon"] == loc.get("lon"), f"{slug}: lat/lon typed")
        else:
            check(item["location"]["name"] == loc and item["location"]["area"] is None, f"{slug}: location string")
        if "casualties" in meta:
            c = meta["casualties"]
            check(item["casualties"] == {"killed": c.get("killed"), "injured": c.get("injured")}, f"{slug}: casualties typed")
        check(len(item["timeline"]) == len(meta.get("timeline", [])), f"{slug}: timeline entries")
        for got, want in zip(item["timeline"], meta.get("timeline", [])):
            check(got["text"] == want["text"].strip() and got["source"] == want.get("source")
                  and got["confidence"] == want.get("confidence", "confirmed"), f"{slug}: timeline text and confidence")
        for got, want in zip(item["statements"], meta.get("statements", [])):
            check(got["speaker"] == want["speaker"] and got["quote"] == ((want.get("quote") or "").strip() or None)
                  and got["role"] == want.get("role") and got["organisation"] == want.get("organisation")
                  and got["response"] == want.get("response", "statement")
                  and (got["requested"] is None) == ("requested" not in want), f"{slug}: statement")
        for got, want in zip(item["updates"], meta.get("updates", [])):
            check(instant(got["date"]) == instant(want["date"]) and got["text"] == want["text"].strip()
                  and got["kind"] == want.get("kind", "update"), f"{slug}: update")
        check(len(item["people"]) == len(meta.get("people", [])), f"{slug}: people")
        for got, want in zip(item["sources"], meta.get("sources", [])):
            check(got == {"title": want["title"], "url": want["url"], "publisher": want.get("publisher")}, f"{slug}: source")
        if "image" in meta:
            check(item["image"]["alt"] == meta["image"]["alt"] and item["image"]["src"] == meta["image"]["src"], f"{slug}: image")
        if "published" in meta:
            check(instant(item["published"]) == instant(meta["published"]), f"{slug}: published round-trips")
    rows = list(csv.reader(io.open(os.path.join(out, "incidents.csv"), encoding="utf-8", newline="")))
    check(len(rows) == len(incidents) + 1, f"incidents.csv has {len(rows) - 1} rows, expected {len(incidents)}")
    check(all(len(r) == len(rows[0]) for r in rows), "incidents.csv rows all have the header's columns")
    check(sorted(r[0] for r in rows[1:]) == sorted(incidents), "incidents.csv slugs")

def data_schemas(site):
    """The JSON Schemas of docs/data.md (the ```json blocks with a $schema), by $id."""
    text = open(os.path.join(site, "docs", "data.md"), encoding="utf-8").read()
    schemas = {}
    for block in re.findall(r"```json\n(.*?)```", text, re.S):
        if '"$schema"' in block:
            schema = json.loads(block)
            jsonschema.Draft202012Validator.check_schema(schema)
            schemas[schema["$id"]] = schema
    check(set(schemas) == {"incident", "index"}, f"docs/data.md has the incident and index schemas ({sorted(schemas)})")
    return schemas

def valid(instance, schema, what):
    errors = sorted(jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(instance),
                    key=lambda e: list(e.path))
    check(not errors, f"{what} matches its schema" + (f": {errors[0].message} at {list(errors[0].path)}" if errors else ""))

def check_data_files(out, schemas, incidents, per_year, bodies):
    """Every file /data/index.json lists: schema, size, SHA-256, counts, last change; the JSON Lines
    and GeoJSON files against the JSON's objects. `incidents`: slug -> front matter."""
    index = json.load(open(os.path.join(out, "data", "index.json"), encoding="utf-8"))
    valid(index, schemas["index"], "data/index.json")
    check(index["per_year"] == per_year and index["bodies"] == bodies and index["incidents"] == len(incidents),
          f"data/index.json: per_year {per_year}, bodies {bodies}, {len(incidents)} incidents")
    files = index["files"]
    listed = {f["path"] for f in files}
    on_disk = {p for p in glob.glob("**/incidents*.*", root_dir=out, recursive=True)
               if re.fullmatch(r"(data/)?incidents(-\d{4})?\.(json|csv|jsonl|geojson)", p)}
    check(listed == on_disk, f"data/index.json lists every data file ({sorted(on_disk ^ listed)} differ)")
    years = sorted({f["year"] for f in files}, key=lambda y: -(y or 0))
    check(all((f["year"] is None) != per_year for f in files), "data files are per year exactly when per_year")
    seen = []
    for year in years:
        group = {f["format"]: f for f in files if f["year"] == year}
        check(list(group) == ["json", "csv", "jsonl", "geojson"], f"year {year}: the four formats in order")
        paths = {k: os.path.join(out, v["path"]) for k, v in group.items()}
        for f in group.values():
            raw = open(os.path.join(out, f["path"]), "rb").read()
            check(f["bytes"] == len(raw) and f["sha256"] == hashlib.sha256(raw).hexdigest(),
                  f"{f['path']}: size and SHA-256 in the index")
            check(f["url"].endswith("/" + f["path"]) and f["media_type"], f"{f['path']}: url and media type")
        items = json.load(open(paths["json"], encoding="utf-8"))
        for item in items:
            valid(item, schemas["incident"], f"{group['json']['path']}: {item['slug']}")
            check((item["body"] is not None) == bodies, f"{group['json']['path']}: {item['slug']} body {'in' if bodies else 'left out'}")
            if year is not None:
                check(item["date"][:4] == str(year), f"{item['slug']} is in the file of its year {year}")
        seen += [item["slug"] for item in items]
        lines = open(paths["jsonl"], encoding="utf-8").read().split("\n")
        check(lines[-1] == "" and [json.loads(line) for line in lines[:-1]] == items,
              f"{group['jsonl']['path']}: one JSON object per line, those of {group['json']['path']}")
        rows = list(csv.reader(io.open(paths["csv"], encoding="utf-8", newline="")))
        check([r[0] for r in rows[1:]] == [i["slug"] for i in items], f"{group['csv']['path']}: the JSON's incidents, in order")
        located = [i for i in items if i["location"]["lat"] is not None and i["location"]["lon"] is not None]
        check_geojson(paths["geojson"], group["geojson"]["path"], located)
        counts = {"json": len(items), "csv": len(items), "jsonl": len(items), "geojson": len(located)}
        check(all(group[k]["incidents"] == n for k, n in counts.items()), f"year {year}: incident counts in the index")
        newest = max((instant(i["updated"]) for i in items), default=None)
        check(all((f["last_modified"] and instant(f["last_modified"])) == newest for f in group.values()),
              f"year {year}: last_modified is the newest updated of its incidents")
    check(sorted(seen) == sorted(incidents) and len(seen) == len(set(seen)), "the data files hold every incident once")
    page = open(os.path.join(out, "data", "index.html"), encoding="utf-8").read()
    check(all(f'href="/{f["path"]}"' in page for f in files) and 'href="/data/index.json"' in page,
          "the page /data/ links every data file and the index")

def check_geojson(path, name, located):
    """An RFC 7946 FeatureCollection (geojson-pydantic), one Point per incident with coordinates."""
    text = open(path, encoding="utf-8").read()
    try:
        collection = geojson_pydantic.FeatureCollection.model_validate_json(text)
        check(True, f"{name} is a valid GeoJSON FeatureCollection")
    except pydantic.ValidationError as error:
        check(False, f"{name} is not valid GeoJSON: {error}")
        return
    data = json.loads(text)
    check("crs" not in data and all("crs" not in f for f in data["features"]), f"{name}: no crs (RFC 7946)")
    check(len(collection.features) == len(located), f"{name}: {len(collection.features)} features, expected {len(located)}")
    keys = {"slug", "url", "title", "date", "date_has_time", "status", "summary", "location", "area", "category",
            "agencies", "tags", "published", "updated"}
    for feature, item in zip(data["features"], located):
        check(feature["geometry"] == {"type": "Point", "coordinates": [item["location"]["lon"], item["location"]["lat"]]}
              and feature["id"] == item["slug"], f"{name}: {item['slug']} at [lon, lat]")
        p = feature["properties"]
        check(set(p) == keys and p["url"] == item["url"] and p["title"] == item["title"] and p["area"] == item["location"]["area"]
              and p["tags"] == item["tags"] and p["date"] == item["date"], f"{name}: {item['slug']} properties")

def check_split(blotter, site, schemas, incidents):
    """A copy of the site with `data: {split_above: 2}` and a licence: per-year files, no whole-site ones."""
    work = tempfile.mkdtemp()
    try:
        for name in ("Content", "Templates", "Static"):
            if os.path.isdir(os.path.join(site, name)):
                shutil.copytree(os.path.join(site, name), os.path.join(work, name))
        config = open(os.path.join(site, "site.yml"), encoding="utf-8").read()
        open(os.path.join(work, "site.yml"), "w", encoding="utf-8").write(
            config.replace("search: true", "search: false")
            + "\ndata: {split_above: 2}\ndata_license: {name: CC BY 4.0, url: 'https://creativecommons.org/licenses/by/4.0/'}\n")
        result = subprocess.run([blotter, "build", "--site", work, "--quiet", "--clock", "2026-11-27T09:00:00Z"],
                                capture_output=True, text=True)
        check(result.returncode == 0, f"the site split per year builds: {result.stderr}")
        out = os.path.join(work, "Public")
        check(not any(os.path.exists(os.path.join(out, "incidents." + x)) for x in ("json", "csv", "jsonl", "geojson")),
              "split per year: no whole-site data files")
        check_data_files(out, schemas, incidents, per_year=True, bodies=False)
        index = json.load(open(os.path.join(out, "data", "index.json"), encoding="utf-8"))
        check(index["license"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
              "data_license in the index")
        page = open(os.path.join(out, "data", "index.html"), encoding="utf-8").read()
        check('rel="license">CC BY 4.0</a>' in page, "data_license on the page /data/")
    finally:
        shutil.rmtree(work)

def site_incidents(site, out):
    """slug -> front matter of every incident published in `out` (the build's own slugs, via incidents.json)."""
    data = json.load(open(os.path.join(out, "incidents.json"), encoding="utf-8"))
    return {item["slug"]: front_matter(os.path.join(site, item["file"])) for item in data}

def hostile(blotter, templates):
    work = tempfile.mkdtemp()
    try:
        nasty = 'Fire <script>alert(1)</script> ]]> "quoted" & \'single\' </script><!--'
        os.makedirs(os.path.join(work, "Content/incidents"))
        shutil.copytree(templates, os.path.join(work, "Templates"))
        open(os.path.join(work, "site.yml"), "w").write(f"title: {json.dumps(nasty)}\nbase_url: https://example.org/\n"
                                                      f"description: {json.dumps(nasty)}\n")
        for i, status in enumerate(["developing", "closed"]):
            open(os.path.join(work, f"Content/incidents/{i}.md"), "w").write(
                f"---\ntitle: {json.dumps(nasty + str(i))}\ndate: 2024-03-0{i + 1}T10:00:00Z\n"
                f"location: {{name: {json.dumps(nasty)}, area: {json.dumps(nasty)}, lat: 51.5, lon: 0.1}}\n"
                f"status: {status}\nsummary: {json.dumps(nasty)}\ntags: [{json.dumps(nasty)}]\ncategory: {json.dumps(nasty)}\n"
                f"timeline:\n  - time: \"10:00\"\n    text: {json.dumps(nasty)}\n"
                f"updates:\n  - date: 2024-03-05\n    kind: correction\n    text: {json.dumps(nasty)}\n---\n{nasty}\n")
        result = subprocess.run([blotter, "build", "--site", work, "--quiet", "--clock", "2024-03-02T12:00:00Z"],
                                capture_output=True, text=True)
        check(result.returncode == 0, f"hostile site builds: {result.stderr}")
        out = os.path.join(work, "Public")
        check_xml(out)
        check_feeds(out, 2)
        atom = feedparser.parse(os.path.join(out, "feed.xml"))
        check(atom.feed.title == nasty and atom.entries[0].title.startswith(nasty), "hostile titles survive the Atom feed intact")
        json.load(open(os.path.join(out, "incidents.json"), encoding="utf-8"))
        check(True, "hostile incidents.json parses")
        for path in glob.glob("incidents/*/index.html", root_dir=out):
            html = open(os.path.join(out, path), encoding="utf-8").read()
            scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
            check(len(scripts) == 1 and json.loads(scripts[0])["headline"].startswith(nasty), f"{path}: JSON-LD intact")
            check(html.count("</script>") == 1, f"{path}: no early </script>")
        news = open(os.path.join(out, "news-sitemap.xml"), encoding="utf-8").read()
        check(news.count("<url>") == 2, "news sitemap holds the incidents of the last 48 hours")
        corrections = [json.loads(s) for p in glob.glob("incidents/*/index.html", root_dir=out)
                       for s in re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                                           open(os.path.join(out, p), encoding="utf-8").read(), re.S)]
        check(all(c.get("correction") for c in corrections), "updates of kind correction are corrections")
        feed = feedparser.parse(os.path.join(out, "corrections", "feed.xml"))
        check(not feed.bozo and len(feed.entries) == 2 and all(e.title.startswith("Correction: " + nasty) for e in feed.entries),
              "hostile corrections feed parses, titles intact")
    finally:
        shutil.rmtree(work)

def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    blotter, site, out = sys.argv[1:]
    incidents = site_incidents(site, out)
    check_xml(out)
    sitemap = open(os.path.join(out, "sitemap.xml"), encoding="utf-8").read()
    check(sitemap.count("<url>") == sitemap.count("<lastmod>") > 0, "every page in sitemap.xml has a lastmod")
    check_feeds(out, len(incidents))
    check_corrections_feed(out, incidents)
    check_pages(out, incidents)
    check_open_data(out, incidents)
    schemas = data_schemas(site)
    check_data_files(out, schemas, incidents, per_year=False, bodies=True)
    check_split(blotter, site, schemas, incidents)
    hostile(blotter, os.path.join(site, "Templates"))
    check.finish()

main()
