#!/usr/bin/env python3
"""A built site served by Debian's nginx with the server block `blotter deploy nginx` prints,
as readers get it, checked with real HTTP requests: pretty URLs and their redirects, the
site's 404 page with status 404, the content type of every kind of file in the output, cache
and security headers, the .gz (and .br) copies sent as they are, and the same site built for
a base path (/news/), with an old address (`aliases:`, added to a copy of the site) answered
with a 301 from the map each build writes. Every printed block must also pass `nginx -t`
(with no map yet: the block includes it by a pattern).

usage: deploy-test.py BLOTTER SITE_DIR OUTPUT_DIR
  OUTPUT_DIR is SITE_DIR's build (make test: .build/example-site, built at the site's base_url).
nginx runs as the calling user, on free loopback ports, with its configuration, logs, pid and
temporary files in a temporary folder; it is stopped at the end, whatever happens.
Ends with `deploy-test: N passed, M failed`.
"""
import glob, gzip, http.client, os, re, shutil, signal, socket, subprocess, sys, tempfile, time
from checks import Checks

HOST = "incidents.example.org"
NEWS = "/news/"
# What readers must get for each kind of file, by extension (Atom feeds by name, below).
TYPES = {
    "html": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "application/javascript; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl",
    "geojson": "application/geo+json",
    "xml": "text/xml; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "svg": "image/svg+xml; charset=utf-8",
    "pdf": "application/pdf",
    "webmanifest": "application/manifest+json",
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
    "ico": "image/x-icon", "woff2": "font/woff2", "wasm": "application/wasm",
    # Pagefind's index, fetched by its script.
    "pagefind": "application/octet-stream", "pf_fragment": "application/octet-stream",
    "pf_index": "application/octet-stream", "pf_meta": "application/octet-stream",
    "pf_filter": "application/octet-stream",
}
ATOM = "application/atom+xml; charset=utf-8"
JSON_FEED = "application/feed+json"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SECURITY = {"x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin"}
FINGERPRINTED = re.compile(r"^assets/.+\.[0-9a-f]{8,}\.(css|js)$")
HOST_FILES = ("_headers", "_redirects", ".blotter-output")
# nginx's map of old addresses (`aliases:`): written by a build when the site has any.
ALIAS_MAP = "_redirects.map"
# The old address deploy-test gives the police shooting report in its copy of the site.
ALIAS = ("Content/incidents/2023/11/2023-11-23-dagenham-police-shooting.md", "2023/11/police-shooting/")
COMPRESSED = (".gz", ".br")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    blotter, site, output = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not nginx:
        sys.exit("deploy-test: nginx is not installed (scripts/setup.sh --test installs it)")
    check = Checks("deploy-test")
    work = tempfile.mkdtemp(prefix="blotter-nginx-")
    os.chmod(work, 0o755)  # nginx's workers may run as another user (root's nginx: nobody)
    try:
        news = os.path.join(work, "news-site")
        run([blotter, "build", "--site", aliased_copy(site, work), "--output", news, "--quiet", "--clock", "2026-11-27T09:00:00Z",
             "--base-url", f"https://{HOST}{NEWS}"])
        check_refusals(check, blotter, site, work)
        brotli = check_printed_blocks(check, nginx, blotter, site, work)
        with Nginx(nginx, blotter, site, work, {"/": output, NEWS: news}, brotli) as server:
            check_site(check, server.client("/"), output, "/")
            check_base_path(check, server.client(NEWS), news)
            check(os.path.exists(f"{news}/{ALIAS_MAP}"), f"the build of the copy with an alias wrote {ALIAS_MAP}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    check.finish()


def aliased_copy(site, work):
    """The site's files copied into `work`, with an alias (ALIAS) on one report."""
    copy = os.path.join(work, "aliased-site")
    os.makedirs(copy)
    for name in ("site.yml", "published.lock", "Content", "Templates", "Static"):
        source = os.path.join(site, name)
        if os.path.isdir(source):
            shutil.copytree(source, os.path.join(copy, name))
        elif os.path.exists(source):
            shutil.copy(source, copy)
    report = os.path.join(copy, ALIAS[0])
    text = read(report)
    if not text.startswith("---\n"):
        sys.exit(f"deploy-test: {ALIAS[0]} does not start with front matter")
    with open(report, "w") as f:
        f.write(f"---\naliases: [/{ALIAS[1]}]\n" + text[4:])
    return copy


def run(command, **kwargs):
    """Runs `command`; its output, or its error output and exit status when it fails."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"deploy-test: {' '.join(command)} exited with {result.returncode}:\n{result.stderr}")
    return result.stdout


def wrapper(work, servers, name):
    """A whole nginx.conf around `servers` (server blocks), everything nginx writes in `work`,
    loading the modules Debian's nginx loads (brotli_static, when installed)."""
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "".join(f"    {kind}_temp_path {work}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(f"""{user}daemon off;
worker_processes 1;
pid {work}/{name}.pid;
error_log {work}/error.log;
include /etc/nginx/modules-enabled/*.conf;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # As Debian's nginx.conf has them.
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    gzip on;
    access_log {work}/access.log;
{temp}{"".join(f"    include {server};{chr(10)}" for server in servers)}}}
""")
    return path


def nginx_test(nginx, conf, work):
    result = subprocess.run([nginx, "-t", "-q", "-c", conf, "-e", f"{work}/error.log"], capture_output=True, text=True)
    return result.returncode == 0, result.stderr.strip()


def check_printed_blocks(check, nginx, blotter, site, work):
    """The blocks users install, as printed (port 80 on IPv4 and IPv6), pass `nginx -t`.
    Returns whether nginx has the brotli_static module."""
    brotli = bool(glob.glob("/etc/nginx/modules-enabled/*brotli-static*"))
    check(brotli, "Debian's libnginx-mod-http-brotli-static is enabled (scripts/setup.sh --test installs it)")
    variants = {"default": [], "brotli": ["--brotli"], "news": ["--base-url", f"https://{HOST}{NEWS}"],
                "quoted-root": ["--root", f"{work}/a folder with spaces", "--server-name", f"{HOST} www.{HOST}"]}
    if not brotli:
        del variants["brotli"]
    for name, options in variants.items():
        block = os.path.join(work, f"printed-{name}.conf")
        printed = run([blotter, "deploy", "nginx", "--site", site, *options])
        check("    listen 80;\n    listen [::]:80;\n" in printed, f"`blotter deploy nginx {' '.join(options)}` listens on port 80")
        with open(block, "w") as f:
            f.write(printed)
        ok, message = nginx_test(nginx, wrapper(work, [block], f"test-{name}.conf"), work)
        if not ok and re.search(r"bind\(\) to \S+:80 failed \((13|98):", message):
            # `nginx -t` binds its ports: port 80 is for root only, and may be taken.
            print(f"note: nginx -t could not bind port 80 ({message.splitlines()[0]}); trying the block on a free port")
            with open(block, "w") as f:
                f.write(printed.replace("    listen 80;\n    listen [::]:80;\n", f"    listen 127.0.0.1:{free_port()};\n"))
            ok, message = nginx_test(nginx, wrapper(work, [block], f"test-{name}.conf"), work)
        check(ok, f"`blotter deploy nginx {' '.join(options)}` passes nginx -t: {message}")
    return brotli


def check_refusals(check, blotter, site, work):
    """What nginx would misread is refused before anything is printed: a bad option exits 2,
    a broken site.yml 1, each with its message on stderr and nothing on stdout."""
    broken = os.path.join(work, "broken-site")
    os.makedirs(broken)
    with open(os.path.join(broken, "site.yml"), "w") as f:
        f.write("title: Desk\nbase_url: ftp://example.org/\n")
    cases = [
        (["--site", site, "--listen", "80; include /etc/shadow"], 2,
         'error: --listen: expected a port (80) or an address and port (127.0.0.1:8080, [::1]:8080), '
         'found "80; include /etc/shadow"\n'),
        (["--site", site, "--root", "/srv/$site"], 2,
         'error: --root: nginx cannot be given a folder whose name holds $, a double quote, a backslash '
         'or a control character; found "/srv/$site"\n'),
        (["--site", broken], 1, None),
    ]
    for options, status, message in cases:
        result = subprocess.run([blotter, "deploy", "nginx", *options], capture_output=True, text=True)
        what = f"blotter deploy nginx {' '.join(options)}"
        check(result.returncode == status and result.stdout == "", f"{what} exits {status} printing nothing, "
              f"got {result.returncode} and {len(result.stdout)} characters")
        if message:
            check(result.stderr == message, f"{what} says {message!r}, got {result.stderr!r}")
        else:
            check(result.stderr.startswith("site.yml:2:11: error: base_url: ") and
                  result.stderr.endswith("error: nothing printed: 1 error in 1 file\n"), f"{what} names site.yml's error, got {result.stderr!r}")


class Nginx:
    """nginx serving each output folder of `roots` (base path -> folder) on a free port, with
    brotli_static when nginx has the module."""

    def __init__(self, nginx, blotter, site, work, roots, brotli):
        self.nginx, self.blotter, self.site, self.work, self.roots = nginx, blotter, site, work, roots
        self.brotli = brotli
        self.ports, self.process = {}, None

    def __enter__(self):
        for attempt in range(5):
            blocks = []
            for base, root in self.roots.items():
                self.ports[base] = free_port()
                block = os.path.join(self.work, f"serve-{len(blocks)}.conf")
                options = ["--root", root, "--listen", f"127.0.0.1:{self.ports[base]}"] + ["--brotli"] * self.brotli
                if base != "/":
                    options += ["--base-url", f"https://{HOST}{base}"]
                with open(block, "w") as f:
                    f.write(run([self.blotter, "deploy", "nginx", "--site", self.site, *options]))
                blocks.append(block)
            conf = wrapper(self.work, blocks, "serve.conf")
            self.process = subprocess.Popen([self.nginx, "-c", conf, "-e", f"{self.work}/error.log"],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if self.wait_until_listening():
                return self
            error = self.process.stderr.read() if self.process.poll() is not None else ""
            self.stop()
            if "Address already in use" not in error:  # another process took a port: try others
                sys.exit(f"deploy-test: nginx did not start:\n{error}{read(self.work + '/error.log')}")
        sys.exit("deploy-test: no free ports for nginx after 5 tries")

    def wait_until_listening(self):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                for port in self.ports.values():
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # nginx's fast shutdown; the workers follow
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __exit__(self, *exc):
        self.stop()

    def client(self, base):
        return Client(self.ports[base])


class Client:
    """GET requests with http.client: no redirect followed, no decompression."""

    def __init__(self, port):
        self.port = port

    def get(self, path, **headers):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": HOST, **headers})
            response = connection.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            connection.close()


def read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return ""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def files(output):
    """Every file of the output (relative paths), sorted."""
    found = []
    for folder, _, names in os.walk(output):
        found += [os.path.relpath(os.path.join(folder, n), output) for n in names]
    return sorted(found)


def expect(check, client, path, status, what, **headers):
    """Requests `path`, checks its status, returns (headers, body)."""
    got, response_headers, body = client.get(path, **headers)
    check(got == status, f"{what}: GET {path} gives {status}, got {got}")
    return response_headers, body


def check_site(check, client, output, base):
    """The site at `base`, served from `output`."""
    every = files(output)
    slug = next(p.split("/")[1] for p in every if re.fullmatch(r"incidents/[^/]+/index\.html", p))
    page = f"{base}incidents/{slug}/"
    headers, body = expect(check, client, page, 200, "pretty URL")
    check(headers.get("content-type") == TYPES["html"], f"{page} is {TYPES['html']}, got {headers.get('content-type')}")
    check(body == read(f"{output}/incidents/{slug}/index.html", "rb"), f"{page} sends incidents/{slug}/index.html")
    check(headers.get("cache-control") == REVALIDATE, f"{page}: Cache-Control {REVALIDATE}, got {headers.get('cache-control')}")
    for name, value in SECURITY.items():
        check(headers.get(name) == value, f"{page}: {name}: {value}, got {headers.get(name)}")
    etag = headers.get("etag")
    check(etag is not None, f"{page} has an ETag to revalidate with")
    if etag:
        expect(check, client, page, 304, "revalidation of an unchanged page", **{"If-None-Match": etag})
    check_redirects(check, client, every, base, slug)
    check_aliases(check, client, output, base)
    check_not_found(check, client, output, base)
    check_types(check, client, output, every, base)
    check_fingerprinted(check, client, output, every, base)
    check_compressed(check, client, output, every, base)


def check_redirects(check, client, every, base, slug):
    redirects = {f"{base}incidents/{slug}": f"{base}incidents/{slug}/", f"{base}incidents/": base,
                 f"{base}page/": base, f"{base}page/1/": base}
    paged = next((p for p in every if re.fullmatch(r"[a-z]+/[^/]+/page/2/index\.html", p)), None)
    check(paged is not None, "the site has a term listing of two pages or more")
    if paged:
        term = base + paged[: -len("page/2/index.html")]
        redirects.update({term + "page/": term, term + "page/1/": term})
        expect(check, client, term + "page/2/", 200, "second page of a term listing")
    for source, target in redirects.items():
        headers, _ = expect(check, client, source, 301, "redirect")
        check(headers.get("location") == target, f"GET {source} redirects to {target}, got {headers.get('location')}")


def check_aliases(check, client, output, base):
    """Each old address of the map answers with a 301 to its page (before the redirect page
    there), and the redirect page itself sends the reader on."""
    lines = [line for line in read(f"{output}/{ALIAS_MAP}").splitlines() if line and not line.startswith("#")]
    if not lines:
        print(f"note: {output} has no aliases: the map of old addresses not exercised")
    for line in lines:
        source, target = line.rstrip(";").split(" ")
        check(source.startswith(base) and target.startswith(base), f"{ALIAS_MAP}: {line} is below {base}")
        headers, _ = expect(check, client, source, 301, "old address (aliases:)")
        check(headers.get("location") == target, f"GET {source} redirects to {target}, got {headers.get('location')}")
        page = read(f"{output}/{source[len(base):]}index.html")
        check(f'<meta http-equiv="refresh" content="0; url=' in page and f'{target}">' in page,
              f"the redirect page at {source} sends the reader to {target}")


def check_not_found(check, client, output, base):
    page = read(f"{output}/404.html", "rb")
    hidden = HOST_FILES + ((ALIAS_MAP,) if os.path.exists(f"{output}/{ALIAS_MAP}") else ())
    for path in [f"{base}no-such-page/", f"{base}no-such-file.html", f"{base}assets/", f"{base}pagefind/",
                 *[base + name for name in hidden]]:
        headers, body = expect(check, client, path, 404, "not found")
        check(body == page, f"GET {path} sends the site's 404.html")
        check(headers.get("content-type") == TYPES["html"], f"GET {path} is {TYPES['html']}, got {headers.get('content-type')}")
    for name in HOST_FILES:
        check(os.path.exists(f"{output}/{name}"), f"the build wrote {name} (so its 404 above means nginx hides it)")


def check_types(check, client, output, every, base):
    """One file of each extension in the output, and every feed by name: its content type and
    bytes. A kind of file with no expected type fails, so a new one cannot go unchecked."""
    served = [p for p in every if not p.endswith(COMPRESSED) and os.path.basename(p) not in HOST_FILES + (ALIAS_MAP,)]
    samples = {}
    for path in served:
        samples.setdefault(path.rsplit(".", 1)[-1] if "." in os.path.basename(path) else "", path)
    feeds = [p for p in served if re.fullmatch(r"([^/]+/[^/]+/)?feed\.xml", p)]
    check(len(feeds) > 1, "the site has its Atom feed and term feeds")
    wanted = {path: TYPES.get(extension) for extension, path in samples.items()}
    wanted.update({path: ATOM for path in feeds})
    wanted.update({"feed.json": JSON_FEED, "sitemap.xml": TYPES["xml"], "news-sitemap.xml": TYPES["xml"],
                   "incidents.csv": TYPES["csv"],
                   "incidents.json": TYPES["json"], "robots.txt": TYPES["txt"]})
    for kind, link in (("pdf", r'href="[^"]+\.pdf"'), ("webmanifest", r'rel="manifest"')):
        linked = re.search(link, read(f"{output}/index.html") + read(f"{output}/incidents/index.html"))
        check(kind in samples or not linked, f"the home page links a .{kind} file, and the output has one")
    for path, expected in sorted(wanted.items()):
        check(expected is not None, f"deploy-test knows what content type {path} should have")
        headers, body = expect(check, client, base + path, 200, "output file")
        check(headers.get("content-type") == expected, f"{base}{path} is {expected}, got {headers.get('content-type')}")
        check(body == read(f"{output}/{path}", "rb"), f"{base}{path} sends the file's bytes")


def check_fingerprinted(check, client, output, every, base):
    """Fingerprinted assets are cached a year, everything else revalidated. Once the layout
    links a fingerprinted stylesheet, the output must hold it."""
    assets = [p for p in every if FINGERPRINTED.match(p)]
    linked = re.findall(r'<link[^>]+href="' + re.escape(base) + r'(assets/[^"]+\.[0-9a-f]{8,}\.css)"',
                        read(f"{output}/index.html"))
    for path in linked:
        check(path in assets, f"the stylesheet the layout links, {path}, is in the output")
    if not assets and not linked:
        print(f"note: {output} has no fingerprinted assets and its layout links none: immutable caching not exercised")
    for path in assets:
        headers, _ = expect(check, client, base + path, 200, "fingerprinted asset")
        check(headers.get("cache-control") == IMMUTABLE, f"{base}{path}: Cache-Control {IMMUTABLE}, got {headers.get('cache-control')}")
        for name, value in SECURITY.items():
            check(headers.get(name) == value, f"{base}{path}: {name}: {value}, got {headers.get(name)}")
    plain = next((p for p in every if p.startswith("assets/") and not FINGERPRINTED.match(p)
                  and not p.endswith(COMPRESSED)), None)
    check(plain is not None, "the output has an asset without a fingerprint (an image)")
    if plain is None:
        return
    headers, _ = expect(check, client, base + plain, 200, "asset without a fingerprint")
    check(headers.get("cache-control") == REVALIDATE, f"{base}{plain}: Cache-Control {REVALIDATE}, got {headers.get('cache-control')}")


def check_compressed(check, client, output, every, base):
    """The .gz (and .br) copies are sent as they are, for the original's address, to clients
    that accept them; others get the original. Once the build writes any, the big text files
    must have theirs."""
    for suffix, encoding in ((".gz", "gzip"), (".br", "br")):
        copies = [p for p in every if p.endswith(suffix)]
        if not copies:
            print(f"note: {output} has no {suffix} copies: {encoding} from files not exercised")
            continue
        for path in ("index.html", "feed.xml", "incidents.json"):
            check(path + suffix in copies, f"the build wrote {path}{suffix} beside the other {suffix} copies")
        samples = {}
        for copy in copies:
            samples.setdefault(copy[: -len(suffix)].rsplit(".", 1)[-1], copy)
        samples["page"] = "index.html" + suffix
        for kind, copy in sorted(samples.items()):
            original = copy[: -len(suffix)]
            address = base + (original[: -len("index.html")] if kind == "page" else original)
            headers, body = expect(check, client, address, 200, f"{encoding} copy", **{"Accept-Encoding": encoding})
            check(headers.get("content-encoding") == encoding, f"{address} with Accept-Encoding: {encoding} is sent {encoding}, got {headers.get('content-encoding')}")
            check(body == read(f"{output}/{copy}", "rb"), f"{address} sends {copy} as it is")
            check("Accept-Encoding" in headers.get("vary", ""), f"{address}: Vary: Accept-Encoding, got {headers.get('vary')}")
            headers, body = expect(check, client, address, 200, "original")
            check("content-encoding" not in headers and body == read(f"{output}/{original}", "rb"),
                  f"{address} without Accept-Encoding sends {original}")
            if encoding == "gzip":
                check(gzip.decompress(read(f"{output}/{copy}", "rb")) == read(f"{output}/{original}", "rb"),
                      f"{copy} holds {original}")


def check_base_path(check, client, news):
    """The site built for https://incidents.example.org/news/ and served there."""
    check_site(check, client, news, NEWS)
    headers, _ = expect(check, client, NEWS.rstrip("/"), 301, "base path without its slash")
    check(headers.get("location") == NEWS, f"GET {NEWS.rstrip('/')} redirects to {NEWS}, got {headers.get('location')}")
    _, body = expect(check, client, "/", 404, "outside the base path")
    check(body == read(f"{news}/404.html", "rb"), "GET / outside the base path sends the site's 404.html")


if __name__ == "__main__":
    main()
