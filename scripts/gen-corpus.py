#!/usr/bin/env python3
"""Deterministic benchmark corpus of incident reports (format: docs/format.md).
usage: gen-corpus.py --count N --out DIR [--seed S] [--photos P]   (DIR must be new or empty)
With --photos P: P distinct generated JPEG photos (2000 x 1333, made with Pillow) in DIR/Static/images/, which the
incidents that have an image (about 15%) name; without it, those images name files that do not exist.
Writes DIR/site.yml, DIR/Content/authors/*.md (12 authors) and DIR/Content/incidents/YYYY/MM/YYYY-MM-DD-slug.md
(bylined, and about 1 in 25 the start of a story thread that later incidents follow). The same seed (and Python version) gives
byte-identical output; incident i depends only on (seed, i), so a smaller corpus is a prefix of a larger one."""
import argparse, datetime as dt, json, os, random, re, sys, textwrap

PLACES = [  # neighbourhood, town, area, lat, lon
    ("Weston Green", "Dagenham", "Barking and Dagenham", 51.5468, 0.1527), ("Thames View", "Barking", "Barking and Dagenham", 51.527, 0.099),
    ("Becontree Heath", "Dagenham", "Barking and Dagenham", 51.5565, 0.148), ("Gascoigne", "Barking", "Barking and Dagenham", 51.534, 0.078),
    ("Harold Hill", "Romford", "Havering", 51.6035, 0.2330), ("Collier Row", "Romford", "Havering", 51.5960, 0.1650),
    ("Elm Park", "Hornchurch", "Havering", 51.5500, 0.1980), ("Seven Kings", "Ilford", "Redbridge", 51.5640, 0.0970),
    ("Goodmayes", "Ilford", "Redbridge", 51.5650, 0.1110), ("Forest Gate", "Stratford", "Newham", 51.5490, 0.0240),
    ("Canning Town", "Canning Town", "Newham", 51.5140, 0.0080), ("Cann Hall", "Leytonstone", "Waltham Forest", 51.5680, 0.0080),
    ("Higham Hill", "Walthamstow", "Waltham Forest", 51.5930, -0.0330), ("Tottenham Hale", "Tottenham", "Haringey", 51.5880, -0.0600),
    ("Peckham Rye", "Peckham", "Southwark", 51.4700, -0.0690), ("Coldharbour", "Brixton", "Lambeth", 51.4620, -0.1150),
    ("Thornton Heath", "Croydon", "Croydon", 51.3990, -0.1000), ("Slade Green", "Erith", "Bexley", 51.4660, 0.1900),
    ("Thamesmead", "Woolwich", "Greenwich", 51.5030, 0.1170), ("Hackney Wick", "Hackney", "Hackney", 51.5430, -0.0250),
    ("Bow Common", "Bow", "Tower Hamlets", 51.5220, -0.0250), ("Spitalfields", "Whitechapel", "Tower Hamlets", 51.5190, -0.0600),
    ("Chadwell St Mary", "Grays", "Thurrock", 51.4860, 0.3600), ("Tilbury Riverside", "Tilbury", "Thurrock", 51.4560, 0.3590),
    ("Westcliff", "Southend-on-Sea", "Southend-on-Sea", 51.5370, 0.6880), ("Edmonton Green", "Edmonton", "Enfield", 51.624, -0.061),
    ("Moss Side", "Manchester", "Manchester", 53.4600, -2.2380), ("Chapeltown", "Leeds", "Leeds", 53.8180, -1.5330),
]
ROADS = ("High Road|London Road|Station Parade|Church Street|Rainham Road|Green Lane|Heathway|Ripple Road|Longbridge Road|"
         "Mill Lane|Victoria Road|the A13|the North Circular|Manor Way").split("|")
MET, LAS, LFB, IOPC = "Metropolitan Police", "London Ambulance Service", "London Fire Brigade", "IOPC"
KINDS = {  # category: (title templates, tags, agencies)
    "police-shooting": (["Man dies after police shooting in {town}", "Armed officers fire shots on {road}, {town}"],
                        ["firearms", "police-conduct"], [MET, IOPC]),
    "stabbing": (["Teenager stabbed near {road} in {town}", "Man, {age}, dies after stabbing in {place}"],
                 ["knife-crime", "youth-violence"], [MET, LAS]),
    "road-death": (["Pedestrian killed in collision on {road}, {town}", "Cyclist dies after crash with lorry in {place}"],
                   ["road-safety", "transport"], [MET, LAS, "Transport for London"]),
    "fire": (["{n} people rescued from flat fire in {place}", "Families evacuated as fire spreads through {town} terrace"],
             ["fire-safety", "housing"], [LFB, LAS]),
    "death-in-custody": (["Man dies after arrest in {town}", "Woman, {age}, dies in custody at {town} police station"],
                         ["custody", "police-conduct", "mental-health"], [MET, IOPC, "Coroner's Court"]),
    "vehicle-pursuit": (["Two hurt after police chase ends in crash in {town}", "Driver dies after fleeing police on {road}"],
                        ["vehicle-pursuit", "police-conduct", "road-safety"], [MET, IOPC]),
    "flooding": (["Homes flooded after water main bursts in {place}", "Flash flooding closes {road} in {town}"],
                 ["flooding", "housing"], ["Thames Water", "Environment Agency", LFB]),
    "missing-person": (["Search for missing {age}-year-old from {place}", "Concern for {town} man missing since {weekday}"],
                       ["appeal-for-witnesses", "mental-health"], [MET]),
    "workplace": (["Worker dies in fall at {town} building site", "Crane collapse injures {n} in {place}"],
                  ["workplace-safety", "inquest"], ["Health and Safety Executive", LAS]),
}
EXTRA_TAGS = ["cctv", "inquest", "arrest", "appeal-for-witnesses", "cordon", "community"]
STATUSES = ["developing"] * 2 + ["under-investigation"] * 4 + ["charges-brought"] * 2 + ["closed"] * 3
FIRST = "Amanda Matt Priya David Sarah James Aisha Tom Grace Kwame Helen Raj Laura Michael Fatima Owen Chloe Nadia".split()
LAST = "Rowe Twist Patel Okafor Hughes Khan Walsh Bennett Nowak Campbell Ahmed Fletcher Osei Murray Clarke Singh Doyle".split()
ROLES = ("Director|Detective Chief Inspector|Chief Superintendent|Borough Commander|Station Commander|Spokesperson|"
         "Council Leader").split("|")
VICTIMS = ("a man in his forties|a woman in her twenties|a teenage boy|a man believed to be {age}|a cyclist|an elderly woman|"
           "a delivery rider|a 17-year-old").split("|")
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
HOSTS = ("www.bbc.co.uk/news news.met.police.uk www.policeconduct.gov.uk/news www.london-fire.gov.uk/incidents "
         "www.standard.co.uk/news www.gov.uk/government/news www.judiciary.uk/coroners").split()
SENTENCES = [
    "Police were called to {road} in {place} shortly after {time} on {weekday}.",
    "Officers from {agency} attended alongside paramedics, who treated {victim} at the scene.",
    "Residents described hearing shouting and a loud bang before emergency services arrived.",
    "{person} said the priority was to establish exactly what happened and why.",
    "Detectives have asked anyone with dashcam or doorbell footage from {road} to come forward.",
    "The road was closed in both directions while forensic officers examined the scene.",
    "Neighbours said the street had seen a number of similar incidents over the past year.",
    "A post-mortem examination is expected to take place later this week.",
    "The family have been informed and are being supported by specially trained officers.",
    "Local councillors have called for a review of street lighting and CCTV coverage in {place}.",
    "{agency} confirmed it had received a referral and would decide how the matter should be investigated.",
    "Shops on {road} reopened the following morning, although some stayed shut as a mark of respect.",
    "An inquest is expected to open at the coroner's court in the coming weeks.",
    "The investigation is at an early stage and no arrests have been made.",
    "A {age}-year-old has since been arrested and released on bail pending further enquiries.",
    "{person} described the scene as distressing and thanked members of the public who helped.",
    "Figures published last year show a rise in similar incidents across {area}.",
    "Floral tributes have been left near the scene, many with handwritten notes.",
    "Anyone with information is asked to call 101 or contact Crimestoppers anonymously.",
    "Body-worn video from the officers involved has been secured and will form part of the review.",
]
HEADINGS = ("What happened|Background|The investigation|Reaction|What happens next|The scene|Appeal for information|"
            "Previous incidents|Community response").split("|")

def q(s, flow=False):
    """A YAML scalar: plain when obviously safe, else double-quoted (a JSON string is valid YAML)."""
    safe = r"[A-Za-z][A-Za-z0-9 .'()&/-]*" if flow else r"[A-Za-z][A-Za-z0-9 .,'()&/-]*"
    if re.fullmatch(safe, s) and s.lower() not in ("yes", "no", "on", "off", "null", "true", "false"):
        return s
    return json.dumps(s, ensure_ascii=False)

def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:60].rstrip("-")

class Incident:
    def __init__(self, seed, i, photos=0):
        self.seed, self.i, self.photos = seed, i, photos
        r = self.r = random.Random(f"{seed}:{i}")
        self.place, self.town, self.area, lat, lon = r.choice(PLACES)
        self.lat, self.lon = round(lat + r.uniform(-0.01, 0.01), 4), round(lon + r.uniform(-0.01, 0.01), 4)
        self.kind = r.choice(sorted(KINDS))
        titles, tags, agencies = KINDS[self.kind]
        self.date = dt.datetime(2016, 1, 1) + dt.timedelta(minutes=r.randrange(9 * 365 * 24 * 60))
        self.agencies = agencies[:r.randint(1, len(agencies))] + [self.area + " Council"] * (r.random() < 0.3)
        self.tags = tags + [t for t in r.sample(EXTRA_TAGS, r.randint(0, 2)) if t not in tags]
        self.vars = dict(place=self.place, town=self.town, area=self.area, road=r.choice(ROADS),
                         age=r.randint(15, 78), n=r.randint(2, 9), weekday=WEEKDAYS[self.date.weekday()])
        self.title = self.fill(r.choice(titles))

    def fill(self, template):
        r = self.r
        v = dict(self.vars, agency=r.choice(self.agencies), time=f"{r.randint(1, 11)}{r.choice(['am', 'pm'])}",
                 person=f"{r.choice(FIRST)} {r.choice(LAST)}", victim=r.choice(VICTIMS).format(**self.vars))
        s = template.format(**v)
        return s[0].upper() + s[1:]

    def sentence(self):
        """A filled sentence with, now and then, a link and an emphasised word."""
        r, w = self.r, self.fill(self.r.choice(SENTENCES)).split(" ")
        if len(w) > 6 and r.random() < 0.25:
            j = r.randrange(1, len(w) - 3)
            w[j:j + 2] = [f"[{w[j]} {w[j + 1]}](https://{r.choice(HOSTS)}/{r.randrange(10**6, 10**7)})"]
        if len(w) > 4 and r.random() < 0.2:
            j, mark = r.randrange(1, len(w) - 1), r.choice(["*", "**", "_"])
            word, punct = re.fullmatch(r"(.*?)([.,;]*)", w[j]).groups()
            w[j] = mark + word + mark + punct
        return " ".join(w)

    def para(self, k=None):
        return " ".join(self.sentence() for _ in range(k or self.r.randint(2, 6)))

    def body(self):
        r, blocks, notes = self.r, [self.para(), self.para()], []
        target, headings = r.randint(300, 1240), r.sample(HEADINGS, len(HEADINGS))  # ends 300-1500 words
        while sum(len(b.split()) for b in blocks) < target:
            blocks.append(("## " if r.random() < 0.8 else "### ") + (headings.pop() if headings else "Further details"))
            blocks += [self.para() for _ in range(r.randint(1, 3))]
            x = r.random()
            if x < 0.25:
                blocks.append("\n".join("- " + self.sentence() for _ in range(r.randint(3, 6))))
            elif x < 0.4:
                blocks.append("\n".join(f"{k}. " + self.sentence() for k in range(1, r.randint(4, 7))))
            elif x < 0.47:
                blocks.append("> " + self.para(2))
            elif x < 0.5:
                blocks.append("\n".join(f"- [{r.choice('x ')}] " + self.fill(r.choice(SENTENCES)) for _ in range(3)))
        if r.random() < 0.2:
            rows = [f"| {2016 + k} | {r.randint(3, 90)} | {r.randint(0, 12)} |" for k in range(r.randint(3, 8))]
            table = [f"| Year | Incidents in {self.area} | Fatal |", "|---|--:|--:|"] + rows
            blocks.insert(r.randint(2, len(blocks)), "\n".join(table))
        k = r.randrange(len(blocks))
        if r.random() < 0.2 and not blocks[k].startswith(("#", "|")):
            blocks[k] += "[^1]"
            notes.append("[^1]: " + self.sentence())
        blocks += [f"*Correction:* an earlier version said ~~{r.randint(2, 5)} people~~ were hurt."] * (r.random() < 0.05)
        blocks += [f"More at https://{r.choice(HOSTS)}/{r.randrange(10**6, 10**7)}."] * (r.random() < 0.1)  # autolink
        return "\n\n".join(blocks + notes) + "\n"

    @staticmethod
    def stamp(d, style="offset"):  # offset: a rough Europe/London offset (BST from April to October)
        bst = "+01:00" if 4 <= d.month <= 10 else "+00:00"
        return f"{d:%Y-%m-%d}" if style == "date" else f"{d:%Y-%m-%dT%H:%M:00}" + {"local": "", "utc": "Z"}.get(style, bst)

    def front_matter(self, slug, links=()):
        r, d, maybe = self.r, self.date, lambda p, *lines: list(lines) if self.r.random() < p else []
        style = r.choices(["offset", "utc", "local", "date"], [70, 15, 10, 5])[0]
        own = maybe(0.1, f"slug: {slug}")  # drawn even when `links` gives the slug, so later draws stay the same
        fm = [f"title: {q(self.title)}", f"date: {self.stamp(d, style)}"]
        fm += (own if not any(line.startswith("slug:") for line in links) else []) + list(links)
        fm += maybe(0.1, f"published: {self.stamp(d + dt.timedelta(hours=r.randint(1, 30)))}")
        if r.random() < 0.15:
            fm.append(f"location: {q(self.place + ', ' + self.town)}")
        else:
            fm += ["location:", f"  name: {q(self.place + ', ' + self.town)}", f"  area: {q(self.area)}"]
            fm += maybe(0.8, f"  lat: {self.lat}", f"  lon: {self.lon}")
        fm.append(f"status: {r.choice(STATUSES)}")
        summary = re.sub(r"\[([^]]*)\]\([^)]*\)|[*_]", r"\1", self.para(2))  # plain text: no links, no emphasis
        if r.random() < 0.5:
            fm += ["summary: >-"] + ["  " + line for line in textwrap.wrap(summary, 72)]
        else:
            fm.append(f"summary: {q(summary)}")
        fm += [f"category: {self.kind}", "agencies: [" + ", ".join(q(a, flow=True) for a in self.agencies) + "]",
               "tags: [" + ", ".join(self.tags) + "]"]
        fm += maybe(0.6, f"casualties: {{killed: {r.randint(0, 2)}, injured: {r.randint(0, 6)}}}")
        warning = maybe(0.15, f"content_warning: {r.choice(['suicide', 'violence', 'death of a child'])}")
        fm += warning
        # A report about suicide shows a support box (the suicide-support guardrail); the draws stay
        # those of earlier versions, so the rest of a corpus is the same.
        boxes = r.sample(["samaritans", "victim-support"], r.randint(1, 2))
        about_suicide = any("suicide" in line for line in warning)
        if r.random() < 0.3 or about_suicide:
            fm.append("support: [" + ", ".join(boxes if "samaritans" in boxes or not about_suicide
                                               else ["samaritans"] + boxes) + "]")
        fm.append("timeline:")
        t = d.replace(hour=min(d.hour, 17)) - dt.timedelta(minutes=r.randint(30, 90))
        for _ in range(r.randint(3, 10)):
            t += dt.timedelta(minutes=r.randint(5, 90))
            when = f"{t:%H:%M}" if t.date() == d.date() else f"{t:%Y-%m-%d %H:%M}"
            fm += [f'  - time: "{when}"', f"    text: {q(self.sentence())}"]
            fm += maybe(0.08, f"    confidence: {r.choice(['attributed', 'unconfirmed'])}")
        fm.append("statements:")
        for _ in range(r.randint(1, 3)):
            fm.append(f"  - speaker: {r.choice(FIRST)} {r.choice(LAST)}")
            fm += maybe(0.8, f"    role: {r.choice(ROLES)}", f"    organisation: {q(r.choice(self.agencies))}")
            if r.random() < 0.1:
                fm += [f"    response: {r.choice(['declined', 'no-response'])}",
                       f"    requested: {self.stamp(d + dt.timedelta(hours=r.randint(1, 48)), 'utc')}"]
            elif r.random() < 0.5:
                fm += ["    quote: |"] + ["      " + line for line in textwrap.wrap(self.para(3), 72)]
            else:
                fm.append(f"    quote: {q(self.para(1))}")
        updates = sorted(d + dt.timedelta(hours=r.randint(6, 24 * 60)) for _ in range(r.randint(0, 2)))
        fm += ["updates:"] * bool(updates)
        for u in updates:
            fm += [f"  - date: {self.stamp(u, 'utc')}", f"    text: {q(self.sentence())}"]
            fm += maybe(0.1, f"    kind: {r.choice(['correction', 'clarification'])}")
        fm.append("sources:")
        for _ in range(r.randint(1, 3)):
            host = r.choice(HOSTS)
            fm += [f"  - title: {q(r.choice(self.agencies) + ' statement')}", f"    url: https://{host}/{r.randrange(10**6, 10**7)}"]
            fm += maybe(0.5, f"    publisher: {host.split('/')[0].removeprefix('www.')}")
        photo = f"photo-{random.Random(f'{self.seed}:{self.i}:photo').randrange(self.photos)}" if self.photos else slug
        fm += maybe(0.15, "image:", f"  src: /images/{photo}.jpg", f"  alt: {q('The scene on ' + self.vars['road'])}",
                    f"  credit: {r.choice(FIRST)} {r.choice(LAST)}")
        return "---\n" + "\n".join(fm) + "\n---\n"

SITE = """title: Barking & Dagenham Incident Desk
base_url: https://incidents.example.org/
language: en-GB
timezone: Europe/London
description: Verified reports of serious incidents in the borough.
per_page: 20
support:
  samaritans:
    name: Samaritans
    text: When life is difficult, Samaritans are there 24/7. Call free on 116 123.
    url: https://www.samaritans.org
  victim-support:
    name: Victim Support
    text: Free and confidential help for anyone affected by crime. Call 08 08 16 89 111.
    url: https://www.victimsupport.org.uk
"""

AUTHORS = [("Amira", "Hassan"), ("Ben", "Clarke"), ("Chloe", "Adeyemi"), ("Dan", "Kowalski"), ("Ellie", "Morgan"),
           ("Femi", "Okoro"), ("Grace", "Liu"), ("Harry", "Patel"), ("Isla", "Byrne"), ("Jack", "Nowak"),
           ("Kiran", "Shah"), ("Laura", "Evans")]

def author_key(first, last):
    return slugify(f"{first} {last}")

def author_file(first, last, r):
    role = r.choice(["Reporter", "Crime reporter", "Courts reporter", "Editor", "Deputy editor"])
    return (f"---\nname: {first} {last}\nrole: {role}\nbio: {first} reports on the borough's emergencies.\n"
            f"email: {author_key(first, last)}@incidents.example.org\n---\n{first} joined the desk in {r.randint(2010, 2024)}.\n")

def is_thread_start(seed, i):
    """About 1 in 25 incidents is the first report of a story thread (drawn apart from the incident's own draws)."""
    return random.Random(f"{seed}:{i}:thread").random() < 0.04

def links(seed, i):
    """Bylines, and for some incidents `follows` or `related` pointing at the nearest earlier thread start (whose
    slug is written out, so it is the one Blotter publishes). Depends only on (seed, i)."""
    r = random.Random(f"{seed}:{i}:links")
    lines = []
    if is_thread_start(seed, i):
        lines.append(f"slug: thread-{i}")
    if r.random() < 0.8:
        names = r.sample(AUTHORS, 2 if r.random() < 0.2 else 1)
        lines.append("authors: [" + ", ".join(author_key(*n) for n in names) + "]")
    start = next((j for j in range(i - 1, max(-1, i - 60), -1) if is_thread_start(seed, j)), None)
    if start is not None and not lines[:1] == [f"slug: thread-{i}"]:
        draw = r.random()
        if draw < 0.05:
            lines.append(f"follows: thread-{start}")
        elif draw < 0.07:
            lines.append(f"related: [thread-{start}]")
    return lines

def photo(seed, k, path):
    """A generated photo: a sky, buildings and a street with grain, drawn from (seed, k) alone."""
    from PIL import Image, ImageDraw
    r = random.Random(f"{seed}:photo:{k}")
    width, height = 2000, 1333
    img = Image.new("RGB", (width, height), tuple(r.randrange(60, 200) for _ in range(3)))
    d = ImageDraw.Draw(img)
    horizon = r.randrange(height // 3, height * 2 // 3)
    d.rectangle([0, horizon, width, height], fill=tuple(r.randrange(30, 120) for _ in range(3)))
    for _ in range(r.randrange(6, 16)):
        x, w, h = r.randrange(width), r.randrange(80, 400), r.randrange(100, horizon)
        d.rectangle([x, horizon - h, x + w, horizon], fill=tuple(r.randrange(40, 230) for _ in range(3)))
        for wy in range(horizon - h + 20, horizon - 30, 60):
            for wx in range(x + 15, x + w - 30, 50):
                d.rectangle([wx, wy, wx + 25, wy + 30], fill=(230, 210, 140) if r.random() < 0.3 else (50, 60, 80))
    grain = Image.frombytes("RGB", (250, 167), r.randbytes(250 * 167 * 3)).resize((width, height), Image.Resampling.BICUBIC)
    Image.blend(img, grain, 0.12).save(path, quality=90)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, required=True), ap.add_argument("--out", required=True)
    ap.add_argument("--seed", default="1", help="any string; default 1")
    ap.add_argument("--photos", type=int, default=0, help="distinct generated photos the incidents' images name; default 0")
    a = ap.parse_args()
    if a.photos:
        try:
            import PIL  # noqa: F401
        except ImportError:
            sys.exit("gen-corpus: --photos needs Pillow: .venv/bin/pip install Pillow (or apt-get install python3-pil)")
    if os.path.isdir(a.out) and os.listdir(a.out):
        sys.exit(f"gen-corpus: {a.out} is not empty; give a new directory")
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "site.yml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(SITE)
    authors = os.path.join(a.out, "Content", "authors")
    os.makedirs(authors, exist_ok=True)
    for n, (first, last) in enumerate(AUTHORS):
        with open(os.path.join(authors, author_key(first, last) + ".md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(author_file(first, last, random.Random(f"{a.seed}:author:{n}")))
    if a.photos:
        os.makedirs(os.path.join(a.out, "Static", "images"), exist_ok=True)
        for k in range(a.photos):
            photo(a.seed, k, os.path.join(a.out, "Static", "images", f"photo-{k}.jpg"))
    seen = {}
    for i in range(a.count):
        inc = Incident(a.seed, i, photos=a.photos)
        base = slugify(inc.title)
        seen[base] = seen.get(base, 0) + 1  # no title ends in a digit, so "base-N" cannot clash
        slug = base if seen[base] == 1 else f"{base}-{seen[base]}"
        folder = os.path.join(a.out, "Content", "incidents", f"{inc.date:%Y}", f"{inc.date:%m}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{inc.date:%Y-%m-%d}-{slug}.md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(inc.front_matter(slug, links(a.seed, i)) + inc.body())

if __name__ == "__main__":
    main()
