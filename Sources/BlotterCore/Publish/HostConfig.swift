internal import Foundation

/// The files a web host needs beside the site: the nginx server block that
/// `blotter deploy nginx` prints, and the `_headers` and `_redirects` files that Netlify
/// and Cloudflare Pages read, which every build writes. All of them follow `HostRules`. Pure.
public enum HostConfig {
    /// The nginx server block serving the output folder as `server` says.
    public static func nginx(_ server: NginxServer) -> String {
        let base = server.basePath
        var lines = comment(server)
        lines += aliasMap(server)
        lines += ["server {"]
        lines += server.listen.map { "    listen \($0);" }
        lines += ["    server_name \(server.serverName);"]
        if base == "/" { lines += ["    root \(NginxServer.quotedIfNeeded(server.root));"] }
        lines += [
            "    index index.html;",
            "    # The site's own page for an address that leads nowhere, sent with status 404.",
            "    error_page 404 \(base)404.html;",
            "    # Redirects name the path alone (Location: \(base)incidents/x/): right behind a proxy too.",
            "    absolute_redirect off;",
            "",
            "    charset utf-8;",
            "    charset_types text/css \(HostRules.csv) text/plain text/xml application/xml \(HostRules.atom)"
                + " application/javascript image/svg+xml;",
            "    # The build writes a .gz copy beside each text file: sent as it is, nothing is",
            "    # compressed per request. Its .br copies need Debian's libnginx-mod-http-brotli-static.",
            "    gzip_static on;",
            "    gzip_vary on;",
            server.brotli ? "    brotli_static on;" : "    # brotli_static on;",
            "",
            "    # Pages, feeds and data change with each build: browsers may keep them, but ask",
            "    # before each use (ETag, Last-Modified) and get 304 when they are unchanged.",
        ]
        lines += headerLines(cache: HostRules.revalidate, indent: "    ")
        lines += [""]
        lines += [
            "    # Old addresses (`aliases:`) answer with a 301 to the page (before the redirect page there).",
            "    if ($\(aliasVariable(server)) != \"\") { return 301 $\(aliasVariable(server)); }",
            "",
        ]
        if base != "/" {
            lines += [
                "    # The site is at \(base); nothing else on this host is served. To serve it beside",
                "    # other things, copy the two `location` blocks of \(base) into the host's server block.",
                "    location = \(base.dropLast()) { return 301 \(base); }",
                "    location / { return 404; }",
                "",
            ]
        }
        lines += siteLocation(server)
        lines += ["}", ""]
        return lines.joined(separator: "\n")
    }
}

private extension HostConfig {
    static func comment(_ server: NginxServer) -> [String] {
        [
            "# nginx server block for \(server.title) (\(server.baseURL)), printed by",
            "# `blotter deploy nginx`. Save it as /etc/nginx/sites-available/<name>, link it into",
            "# /etc/nginx/sites-enabled/, then run `nginx -t && systemctl reload nginx`.",
            "# For HTTPS, `certbot --nginx` adds the certificate to this block.",
        ]
    }

    /// The map of the site's old addresses (`aliases:`) to their pages, read from the map
    /// file each build writes into the output folder when there are any (`_redirects.map`;
    /// the `*` lets nginx start without one). nginx reads it when it starts or reloads.
    static func aliasMap(_ server: NginxServer) -> [String] {
        let file = server.root + "/" + HostRules.redirectMap.replacingOccurrences(of: ".map", with: "*.map")
        return [
            "",
            "# Old addresses (`aliases:` in the content) and their pages, from the file each build writes:",
            "# run `systemctl reload nginx` after a build that adds one (until then its page redirects).",
            "map $uri $\(aliasVariable(server)) {",
            "    include \(NginxServer.quotedIfNeeded(file));",
            "}",
            "",
        ]
    }

    /// The map's variable: named for the output folder, so that two sites can share an nginx.
    static func aliasVariable(_ server: NginxServer) -> String {
        "blotter_alias_" + Slug.stableHash(server.root)
    }

    /// The Cache-Control and security headers. A location with an `add_header` of its own
    /// loses the server's, so these are written whole wherever one is needed.
    static func headerLines(cache: String, indent: String) -> [String] {
        ["\(indent)add_header Cache-Control \"\(cache)\";"]
            + HostRules.security.map { "\(indent)add_header \($0.name) \"\($0.value)\";" }
    }

    static func siteLocation(_ server: NginxServer) -> [String] {
        let base = server.basePath
        let pattern = regexEscaped(base)
        let taxonomies = TaxonomyKind.allCases.map(\.segment).joined(separator: "|")
        var lines = [base == "/" ? "    location / {" : "    location ^~ \(base) {"]
        if base != "/" { lines += ["        alias \(NginxServer.quotedIfNeeded(server.root + "/"));"] }
        lines += [
            "        # Pretty URLs: \(base)incidents/x/ is incidents/x/index.html; \(base)incidents/x is redirected there.",
            "        try_files $uri $uri/ =404;",
            "",
            "        # Folders without a page of their own: a trimmed address leads to the listing it came from.",
            "        location = \(base)incidents/ { return 301 \(base); }",
            "        location ~ ^\(pattern)page/(?:1/)?$ { return 301 \(base); }",
            "        location ~ ^\(pattern)(\(taxonomies))/([^/]+)/page/(?:1/)?$ { return 301 \(base)$1/$2/; }",
            "        # Any other folder without an index.html (\(base)assets/) is not listed: 404.",
            "        location ~ /$ { try_files ${uri}index.html =404; }",
            "",
            "        # Content types that nginx's mime.types lacks or gets wrong.",
            "        location ~ ^\(pattern)(?:[^/]+/[^/]+/)?feed\\.xml$ { types { } default_type \(HostRules.atom); }",
            "        location ~ ^\(pattern)(?:[^/]+/[^/]+/)?feed\\.json$ { types { } default_type \(HostRules.jsonFeed); }",
            "        location ~ \\.webmanifest$ { types { } default_type \(HostRules.manifest); }",
            "        location ~ \\.csv$ { types { } default_type \(HostRules.csv); }",
            "        location ~ \\.jsonl$ { types { } default_type \(HostRules.jsonLines); }",
            "        location ~ \\.geojson$ { types { } default_type \(HostRules.geoJSON); }",
            "",
            "        # Fingerprinted assets (style.<hash>.css): the name changes with the content, so",
            "        # a copy is good for a year.",
            "        location ~ \"\(HostRules.fingerprintPattern(prefix: pattern))\" {",
        ]
        lines += headerLines(cache: HostRules.immutable, indent: "            ")
        let hostFiles = HostRules.hostFiles.map(regexEscaped).joined(separator: "|")
        lines += [
            "        }",
            "",
            "        # Files for the host, not for readers.",
            "        location ~ ^\(pattern)(?:\(hostFiles))$ { return 404; }",
            "    }",
        ]
        return lines
    }

    /// `text` for a regular expression: a base path or file name holds no special
    /// character but `.` (`BaseURL` allows letters, digits, `-._~/` and `%`, which
    /// `NginxServer` refuses).
    static func regexEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: ".", with: "\\.")
    }
}
