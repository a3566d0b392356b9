import BlotterCore
import Foundation
import Testing

/// Hostile or careless settings and content: what reaches the published files is only
/// what the files say, escaped for where it lands, and a build stays bounded.
@Suite struct HardeningTests {
    @Test func baseURLIsValidatedInEveryForm() throws {
        let site = try TestSite(["Content/incidents/a.md": incidentFile()])
        defer { site.delete() }
        let refused = [
            ("\"/news\\nDisallow: /\"", #"a path like /news/ (letters, digits, '-', '.', '_', '~' and '/'), found "/news Disallow: /""#),
            ("'/a\"b/'", #"a path like /news/ (letters, digits, '-', '.', '_', '~' and '/'), found "/a"b/""#),
            ("'/news/</script>'", #"a path like /news/ (letters, digits, '-', '.', '_', '~' and '/'), found "/news/</script>""#),
            ("//evil.example/", #"a path like /news/ (letters, digits, '-', '.', '_', '~' and '/'), found "//evil.example/""#),
            ("/a/../b/", #"a path like /news/ (letters, digits, '-', '.', '_', '~' and '/'), found "/a/../b/""#),
            ("'https://example.org/a b/'", #"an absolute http(s) address like https://example.org/, found "https://example.org/a b/""#),
            ("'https://example.org/?q=1'", #"an absolute http(s) address like https://example.org/, found "https://example.org/?q=1""#),
            ("'https://ex\"ample.org/'", #"an absolute http(s) address like https://example.org/, found "https://ex"ample.org/""#),
            ("javascript:alert(1)", #"an absolute http(s) address like https://example.org/, found "javascript:alert(1)""#),
        ]
        for (value, message) in refused {
            try site.write("site.yml", "title: Desk\nbase_url: \(value)\n")
            #expect(try site.diagnosticLines() == ["site.yml:2:11: error: base_url: expected \(message)"], "\(value)")
        }
        for value in ["/", "/news", "/news-2_b.c~d/%20x/", "https://example.org", "http://[::1]:8080/news/", "https://a-b.example:443/x/"] {
            try site.write("site.yml", "title: Desk\nbase_url: \(value)\n")
            #expect(try site.diagnosticLines().isEmpty, "\(value)")
        }
        var options = site.options()
        options.baseURL = "/news\nDisallow: /"
        #expect(throws: BlotterError.self) { try Pipeline.build(options) }
        do {
            _ = try Pipeline.build(options)
        } catch {
            #expect(error.description == #"--base-url: expected a path like /news/ (letters, digits, '-', '.', '_', '~' and '/'), found "/news Disallow: /""#)
        }
    }

    @Test func basePathIsAJavaScriptStringInTheSearchPage() throws {
        let site = try TestSite(["Content/incidents/a.md": incidentFile()], config: "title: Desk\nbase_url: /news/\nsearch: true\n")
        defer { site.delete() }
        let result = try site.build()
        #expect(!result.failed, "\(result.diagnostics)")
        #expect(try site.read("search/index.html").contains(#"baseUrl: "/news/" });"#))
        #expect(try site.read("robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: /news/sitemap.xml\nSitemap: /news/news-sitemap.xml\n")
    }
}

/// The briefings site.yml publishes: a briefing that cannot be made fails the build at its
/// line, and its "As of" is the newest change of what it holds, not the time of the build.
@Suite struct PublishedBriefingTests {
    static let config = """
        title: Desk
        base_url: https://example.org/
        timezone: Europe/London
        briefings:
          - name: picked
            incidents: [first, no-such-report]
          - name: since-2024
            since: 2024-01-01
        """

    @Test func aBriefingThatCannotBeMadeFailsTheBuild() throws {
        let site = try TestSite(["Content/incidents/first.md": incidentFile(title: "First")], config: Self.config)
        defer { site.delete() }
        let result = try site.build()
        #expect(result.failed)
        #expect(!result.published)
        #expect(result.diagnostics.map(\.description) == [
            "site.yml:6:16: error: briefings[1].incidents: no published incident has the slug \"no-such-report\"",
        ])
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func asOfIsTheNewestChangeOfItsIncidents() throws {
        let site = try TestSite([
            "Content/incidents/first.md": incidentFile(title: "First", date: "2024-03-01T10:00:00Z"),
            "Content/incidents/second.md": incidentFile(title: "Second", date: "2024-03-02T10:00:00Z", extra: """
                updates:
                  - date: 2024-03-05T16:30:00Z
                    text: Charged.
                """),
        ], config: Self.config.replacingOccurrences(of: ", no-such-report", with: ""))
        defer { site.delete() }
        var options = site.options()
        options.clock = nil
        #expect(try !Pipeline.build(options).failed)
        let picked = try site.read("briefings/picked/index.html")
        #expect(picked.contains("<p class=\"as-of\">As of <time datetime=\"2024-03-01T10:00:00+00:00\">Friday 1 March 2024, 10:00 GMT</time></p>"))
        let since = try site.read("briefings/since-2024/index.html")
        #expect(since.contains("<p class=\"as-of\">As of <time datetime=\"2024-03-05T16:30:00+00:00\">Tuesday 5 March 2024, 16:30 GMT</time></p>"))
        #expect(try Pipeline.build(options).published)
        #expect(try site.read("briefings/since-2024/index.html") == since)
        // With --clock, the clock is "as of".
        #expect(try site.build().published)
        #expect(try site.read("briefings/picked/index.html").contains("As of <time datetime=\"2026-01-01T12:00:00+00:00\">"))
    }
}

/// Symbolic links: those inside the site folder work; those that lead out of it are not
/// followed, so a link to a home folder publishes nothing from it.
@Suite struct SymbolicLinkTests {
    @Test func linksOutOfTheSiteAreNotFollowed() throws {
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(title: "Inside"),
            "Content/common/logo.txt": "our logo\n",
            "Content/common/b.md": incidentFile(title: "Linked inside"),
        ])
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-home-\(UUID().uuidString)")
        defer {
            site.delete()
            try? FileManager.default.removeItem(at: home)
        }
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".ssh"), withIntermediateDirectories: true)
        try Data("PRIVATE KEY\n".utf8).write(to: home.appendingPathComponent(".ssh/id_ed25519"))
        try Data(incidentFile(title: "Secret draft").utf8).write(to: home.appendingPathComponent("secret.md"))
        let fm = FileManager.default
        func link(_ path: String, to target: String) throws {
            try fm.createSymbolicLink(atPath: site.root.appendingPathComponent(path).path, withDestinationPath: target)
        }
        try link("Templates/assets/keys", to: home.appendingPathComponent(".ssh").path)
        try link("Templates/assets/key.txt", to: home.appendingPathComponent(".ssh/id_ed25519").path)
        try link("Content/incidents/secret.md", to: "../../../\(home.lastPathComponent)/secret.md")
        try link("Content/incidents/b.md", to: "../common/b.md")
        try link("Templates/assets/logo.txt", to: "../../Content/common/logo.txt")
        try link("Content/incidents/loop", to: ".")
        try link("Content/incidents/up", to: "../../Content/incidents")
        let result = try site.build()
        #expect(!result.failed, "\(result.diagnostics)")
        #expect(result.incidents == 2)
        let files = site.outputFiles()
        #expect(files.contains("assets/logo.txt"))
        #expect(!files.contains { $0.hasPrefix("assets/key") }, "\(files)")
        #expect(!files.contains { $0.contains("secret") })
        let real = try #require(realpath(home.path, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        })
        #expect(result.diagnostics.map(\.description) == [
            "Content/incidents/secret.md:1:1: warning: symbolic link to \(real)/secret.md, outside the site folder: "
                + "not followed, so nothing there is read or published",
            "Templates/assets/key.txt:1:1: warning: symbolic link to \(real)/.ssh/id_ed25519, outside the site folder: "
                + "not followed, so nothing there is read or published",
            "Templates/assets/keys:1:1: warning: symbolic link to \(real)/.ssh, outside the site folder: "
                + "not followed, so nothing there is read or published",
        ])
    }
}

/// Hostile content cannot stall or blow up a build: every cost is bounded per file.
@Suite struct BoundedWorkTests {
    static func head(_ title: String) -> String {
        "---\ntitle: \(title)\ndate: 2024-01-01\nlocation: Here\nstatus: closed\nsummary: S.\n"
    }

    /// Four nested anchors under the old budget of 10,000 values per field, then thousands of
    /// small fields that each name the biggest: the budget is per file.
    @Test func aliasValuesAreBudgetedPerFile() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for i in 1...3 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        for k in 1...2_000 { lines.append("f\(k): *a3") }
        let site = try TestSite(["Content/incidents/many.md": Self.head("Many") + lines.joined(separator: "\n") + "\n---\nBody.\n"])
        defer { site.delete() }
        let result = try site.build()
        #expect(!result.failed)
        #expect(result.diagnostics.filter { $0.message.contains("10000 values") }.map(\.description) == [
            "Content/incidents/many.md:11:1: warning: f1: the unknown fields of this file hold more than 10000 values; "
                + "this one and those after it are left out",
        ])
        let json = try site.read("incidents.json")
        #expect(json.utf8.count < 200_000, "incidents.json is \(json.utf8.count) bytes")
    }

    /// 50,000 repeated keys: each is reported, in time linear in the file.
    @Test func duplicateKeysAreReportedInLinearTime() throws {
        let keys = (1...25_000).map { "k\($0): 1\nk\($0): 2" }.joined(separator: "\n")
        let site = try TestSite(["Content/incidents/dup.md": Self.head("Dup") + keys + "\n---\nBody.\n"])
        defer { site.delete() }
        let start = Date()
        let lines = try site.diagnosticLines()
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(lines.count == 25_000)
        #expect(lines.first == "Content/incidents/dup.md:8:1: error: k1: duplicate field (first given on line 7)")
        #expect(lines.last == "Content/incidents/dup.md:50006:1: error: k25000: duplicate field (first given on line 50005)")
    }

    @Test func aTextFileOver16MiBIsRefused() throws {
        let big = Self.head("Big") + "---\n" + String(repeating: "All work and no play.\n", count: 800_000)
        let site = try TestSite(["Content/incidents/big.md": big, "Content/incidents/a.md": incidentFile()])
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "Content/incidents/big.md:1:1: error: this file is 16 MiB; a text file may be 16 MiB at most (is it the right file?)",
        ])
    }

    /// A partial that includes itself twice renders 2^depth times: the work of one page is bounded.
    @Test func aPartialThatIncludesItselfTwiceIsStopped() throws {
        let site = try TestSite(["Content/incidents/a.md": incidentFile()])
        defer { site.delete() }
        try site.write("Templates/partials/p.mustache", "x{{>partials/p}}{{>partials/p}}")
        try site.write("Templates/page.mustache", "{{>partials/p}}")
        try site.write("Content/pages/about.md", "---\ntitle: About\n---\nUs.\n")
        let start = Date()
        let error = #expect(throws: BlotterError.self) { try site.build() }
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(error?.description == "Templates/page.mustache: rendering a page took more than 20 million steps "
            + "or 1 GiB, and was stopped; does a partial include itself more than once?")
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }
}
