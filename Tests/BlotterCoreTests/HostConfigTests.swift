@testable import BlotterCore
import Foundation
import Testing

/// `blotter deploy nginx`'s server block, and the `_headers` and `_redirects` of every build.
/// scripts/deploy-test.py serves a built site with the block and checks it over HTTP.
@Suite struct HostConfigTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/nginx")

    func config(_ baseURL: String = "https://incidents.example.org/", title: String = "Incident Desk") -> SiteConfig {
        var config = SiteConfig.defaults
        config.baseURL = baseURL
        config.title = title
        return config
    }

    /// `text` compared with `Snapshots/nginx/<name>` (re-record with BLOTTER_RECORD_SNAPSHOTS=1).
    func expectSnapshot(_ text: String, _ name: String) throws {
        let url = Self.snapshots.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["BLOTTER_RECORD_SNAPSHOTS"] != nil {
            try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its snapshot:\n\(LineDiff.describe(expected: expected, actual: text))")
    }

    @Test func serverBlockForASiteAtTheRoot() throws {
        let server = try NginxServer(config: config(), root: "/var/www/incidents")
        #expect(server.serverName == "incidents.example.org")
        #expect(server.listen == ["80", "[::]:80"])
        try expectSnapshot(HostConfig.nginx(server), "root.conf")
    }

    @Test func serverBlockForASiteBelowAPath() throws {
        let server = try NginxServer(config: config("https://example.org:8443/local/news/"), root: "/srv/my site/",
                                     serverName: "example.org www.example.org", listen: "127.0.0.1:8080", brotli: true)
        #expect(server.root == "/srv/my site")
        #expect(server.basePath == "/local/news/")
        try expectSnapshot(HostConfig.nginx(server), "base-path.conf")
    }

    @Test func defaultServerNameIsBaseURLsHostWithoutItsPort() throws {
        #expect(try NginxServer(config: config("http://example.org:8080/"), root: "/srv").serverName == "example.org")
        #expect(try NginxServer(config: config("http://[::1]:8080/"), root: "/srv").serverName == "[::1]")
    }

    @Test func listenForms() throws {
        func listen(_ text: String) throws -> [String] { try NginxServer(config: config(), root: "/srv", listen: text).listen }
        #expect(try listen("8080") == ["8080", "[::]:8080"])
        #expect(try listen("127.0.0.1:8080") == ["127.0.0.1:8080"])
        #expect(try listen("[::1]:8080") == ["[::1]:8080"])
        #expect(try listen("localhost:65535") == ["localhost:65535"])
        #expect(try listen("*:80") == ["*:80"])
    }

    @Test func valuesThatWouldChangeTheBlockAreRefused() {
        func refusal(root: String = "/srv", serverName: String? = nil, listen: String? = nil,
                     baseURL: String = "https://incidents.example.org/") -> String? {
            do {
                _ = try NginxServer(config: config(baseURL), root: root, serverName: serverName, listen: listen)
                return nil
            } catch {
                return error.description
            }
        }
        let listenMessage = "expected a port (80) or an address and port (127.0.0.1:8080, [::1]:8080), found"
        #expect(refusal(listen: "80; include /etc/passwd") == "--listen: \(listenMessage) \"80; include /etc/passwd\"")
        for bad in ["0", "65536", "+80", "", "a b:80", "[::1:80", "host:"] {
            #expect(refusal(listen: bad) == "--listen: \(listenMessage) \"\(bad)\"")
        }
        #expect(refusal(root: "srv/site") == "--root: expected an absolute path, found \"srv/site\"")
        for bad in ["/srv/$site", "/srv/a\"b", "/srv/a\\b", "/srv/a\nb"] {
            #expect(refusal(root: bad) == "--root: nginx cannot be given a folder whose name holds $, a double quote, "
                        + "a backslash or a control character; found \(quoted(bad))")
        }
        #expect(refusal(serverName: "example.org;") == "--server-name: expected host names like example.org "
                    + "(letters, digits, '.', '-', '*'), found \"example.org;\"")
        #expect(refusal(serverName: " ") != nil)
        #expect(refusal(baseURL: "/news/") == "--server-name: base_url \"/news/\" names no host; "
                    + "give the host name the site is served at")
        #expect(refusal(serverName: "example.org", baseURL: "https://example.org/caf%C3%A9/")
                    == "base_url: a path with %-escapes cannot be written for nginx, which matches decoded addresses; "
                    + "found \"https://example.org/caf%C3%A9/\"")
    }

    @Test func titleCannotLeaveTheComment() throws {
        let server = try NginxServer(config: config(title: "Desk\nserver { listen 1; }"), root: "/srv")
        #expect(HostConfig.nginx(server).hasPrefix("# nginx server block for Desk server { listen 1; } ("))
    }

    @Test func fingerprintedNames() {
        for path in ["assets/style.0123abcd.css", "assets/app.0123456789abcdef.js", "assets/css/x.y.deadbeef.css"] {
            #expect(HostRules.isFingerprinted(path), "\(path)")
        }
        for path in ["assets/style.css", "assets/style.0123abc.css", "assets/style.0123ABCD.css", "assets/.0123abcd.css",
                     "assets/0123abcd.css", "assets/logo.0123abcd.svg", "style.0123abcd.css", "assets/style.0123abcg.css"] {
            #expect(!HostRules.isFingerprinted(path), "\(path)")
        }
    }

    @Test func headersBelowABasePath() {
        let text = HostConfig.headers(basePath: "/news/", fingerprinted: ["assets/style.css", "assets/z.0123abcd.js",
                                                                           "assets/style.89abcdef.css"])
        #expect(text == """
            # Response headers for Netlify and Cloudflare Pages, written by Blotter with every build
            # (for nginx, see `blotter deploy nginx`). The hosts read this file and do not serve it.
            /news/*
              X-Content-Type-Options: nosniff
              Referrer-Policy: strict-origin-when-cross-origin

            # The Atom feeds are named feed.xml, the JSON Feed feed.json: these hosts would say XML and JSON.
            /news/feed.xml
              Content-Type: application/atom+xml; charset=utf-8
            /news/areas/:term/feed.xml
              Content-Type: application/atom+xml; charset=utf-8
            /news/agencies/:term/feed.xml
              Content-Type: application/atom+xml; charset=utf-8
            /news/tags/:term/feed.xml
              Content-Type: application/atom+xml; charset=utf-8
            /news/categories/:term/feed.xml
              Content-Type: application/atom+xml; charset=utf-8
            /news/statuses/:term/feed.xml
              Content-Type: application/atom+xml; charset=utf-8
            /news/feed.json
              Content-Type: application/feed+json
            /news/*.webmanifest
              Content-Type: application/manifest+json

            # The open data's JSON Lines and GeoJSON files, whose types not every host knows.
            /news/*.jsonl
              Content-Type: application/jsonl
            /news/*.geojson
              Content-Type: application/geo+json

            # Fingerprinted assets: the name changes with the content, so a copy is good for a year.
            /news/assets/style.89abcdef.css
              Cache-Control: public, max-age=31536000, immutable
            /news/assets/z.0123abcd.js
              Cache-Control: public, max-age=31536000, immutable

            """)
    }

    @Test func redirectsBelowABasePath() {
        let lines = HostConfig.redirects(basePath: "/news/").split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.prefix(5) == ["/news/incidents/  /news/  301", "/news/page/  /news/  301",
                                    "/news/page/1/  /news/  301", "/news/areas/:term/page/  /news/areas/:term/  301",
                                    "/news/areas/:term/page/1/  /news/areas/:term/  301"])
        #expect(lines.count == 3 + 2 * TaxonomyKind.allCases.count)
    }

    /// A build's `_headers` names the stylesheet its pages link, fingerprinted, for a year's caching.
    @Test func buildWritesHostFilesForItsBasePath() throws {
        let site = try TestSite([:], config: TestSite.minimalConfig.replacingOccurrences(
            of: "base_url: https://example.org/", with: "base_url: https://example.org/news/"))
        defer { site.delete() }
        #expect(try !site.build().failed)
        let redirects = try String(contentsOf: site.output.appendingPathComponent("_redirects"), encoding: .utf8)
        let headers = try String(contentsOf: site.output.appendingPathComponent("_headers"), encoding: .utf8)
        let page = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        let link = try #require(page.firstMatch(of: /href="(?:https:\/\/example\.org)?(\/news\/assets\/style\.[0-9a-f]{16}\.css)"/))
        #expect(redirects == HostConfig.redirects(basePath: "/news/"))
        #expect(headers == HostConfig.headers(basePath: "/news/", fingerprinted: [String(link.1.dropFirst("/news/".count))]))
        #expect(headers.contains("\n\(link.1)\n  Cache-Control: public, max-age=31536000, immutable\n"))
    }

    @Test func settingsReadSiteYMLAlone() throws {
        let site = try TestSite(["Content/incidents/broken.md": "not an incident"])
        defer { site.delete() }
        let (config, diagnostics) = try Pipeline.settings(BuildOptions(siteDirectory: site.root, baseURL: "https://staging.example.org/"))
        #expect(diagnostics.isEmpty)
        #expect(config.baseURL == "https://staging.example.org/")
        try site.remove("site.yml")
        let (_, missing) = try Pipeline.settings(BuildOptions(siteDirectory: site.root))
        #expect(missing.map(\.description) == ["site.yml:1:1: error: no site.yml in the site folder (create one: see docs/format.md)"])
    }
}
