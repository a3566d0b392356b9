import BlotterCore
import Foundation
import Testing

/// Every kind of reject, asserted as the exact line a user sees.
@Suite struct DiagnosticsTests {
    /// Checks one incident file and returns its diagnostic lines.
    func lines(_ text: String, path: String = "Content/incidents/a.md") throws -> [String] {
        let site = try TestSite([path: text])
        defer { site.delete() }
        return try site.diagnosticLines()
    }

    let valid = """
        ---
        title: Fire in Barking
        date: 2024-03-01T10:00:00Z
        location: Ripple Road, Barking
        status: developing
        summary: A fire broke out.
        ---
        Body.
        """

    @Test func validFileHasNoDiagnostics() throws {
        #expect(try lines(valid) == [])
    }

    @Test func brokenYAML() throws {
        let text = valid.replacingOccurrences(of: "summary: A fire broke out.", with: "summary: [unclosed")
        #expect(try lines(text) == [
            "Content/incidents/a.md:7:1: error: front matter: invalid YAML: did not find expected ',' or ']'",
        ])
    }

    /// libyaml's limit on nesting, in a writer's words (not its API's).
    @Test func tooDeeplyNestedYAML() throws {
        let deep = String(repeating: "[", count: 1_200) + String(repeating: "]", count: 1_200)
        let text = valid.replacingOccurrences(of: "summary: A fire broke out.", with: "summary: A fire broke out.\nextra: \(deep)")
        #expect(try lines(text) == [
            "Content/incidents/a.md:7:9: error: front matter: invalid YAML: lists and maps are nested more than 1,000 levels deep",
        ])
    }

    /// Control characters (a NUL, a bell, a form feed, a C1 control) cannot be shown and make
    /// HTML invalid: each becomes a space, and a warning names the first by line and column.
    @Test func controlCharacters() throws {
        let text = valid.replacingOccurrences(of: "title: Fire in Barking", with: "title: Café\u{0}fire\u{7}")
            .replacingOccurrences(of: "Body.", with: "Body\u{C}text\u{85}.")
            .replacingOccurrences(of: "summary: A fire broke out.", with: #"summary: "A fire\u0007 broke out.""#)
        #expect(try lines(text) == [
            "Content/incidents/a.md:2:12: warning: control character U+0000 shown as a space (and 3 more in this file)",
            "Content/incidents/a.md:6:10: warning: summary: control character U+0007 shown as a space",
        ])
        let site = try TestSite(["Content/incidents/a.md": text])
        defer { site.delete() }
        try site.build()
        let page = try site.read("incidents/cafe-fire/index.html")
        #expect(page.contains("<h1>Café fire</h1>") && page.contains("<p>Body text .</p>"))
        #expect(!page.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    /// A link to a folder above it, or to one read already, does not read files twice.
    @Test func linkedFoldersAreReadOnce() throws {
        let site = try TestSite(["Content/incidents/2024/a.md": valid])
        defer { site.delete() }
        let incidents = site.root.appendingPathComponent("Content/incidents")
        try FileManager.default.createSymbolicLink(atPath: incidents.appendingPathComponent("2024/loop").path,
                                                   withDestinationPath: "..")
        // Followed, the loop read the file 32 times (the folder depth limit); with a second
        // link beside it the walk doubled at every level. `#require`: stop before that.
        try #require(try site.build().incidentFiles == 1)
        try FileManager.default.createSymbolicLink(atPath: incidents.appendingPathComponent("again").path,
                                                   withDestinationPath: "2024")
        #expect(try site.diagnosticLines() == [])
        #expect(try site.build().incidentFiles == 1)
    }

    /// Each tag and agency has a listing page and a feed naming all of its incidents' tags:
    /// past 100 on one incident, the rest are left out (the output grew with their square).
    @Test func tooManyTags() throws {
        let tags = (1...101).map { "t\($0)" }.joined(separator: ", ")
        let text = valid.replacingOccurrences(of: "summary: A fire broke out.", with: "summary: A fire broke out.\ntags: [\(tags)]")
        #expect(try lines(text) == [
            "Content/incidents/a.md:7:500: warning: tags: 101 values; the first 100 are kept",
        ])
        let site = try TestSite(["Content/incidents/a.md": text])
        defer { site.delete() }
        try site.build()
        #expect(try site.read("tags/t100/index.html").contains("Fire in Barking"))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Public/tags/t101").path))
    }

    @Test func unclosedFrontMatter() throws {
        let text = valid.replacingOccurrences(of: "---\nBody.", with: "Body.")
        #expect(try lines(text) == [
            "Content/incidents/a.md:1:1: error: front matter: no closing '---' line; end the front matter with a line of three dashes",
        ])
    }

    @Test func noFrontMatter() throws {
        #expect(try lines("Just text\n") == [
            "Content/incidents/a.md:1:1: error: front matter: expected the file to start with a '---' line",
        ])
    }

    @Test func badDate() throws {
        let text = valid.replacingOccurrences(of: "date: 2024-03-01T10:00:00Z", with: "date: 23rd Nov")
        #expect(try lines(text) == [
            "Content/incidents/a.md:3:7: error: date: expected an ISO 8601 date (2023-11-23) or date-time (2023-11-23T21:05:00Z), found \"23rd Nov\"",
        ])
    }

    @Test func impossibleDate() throws {
        let text = valid.replacingOccurrences(of: "date: 2024-03-01T10:00:00Z", with: "date: 2023-02-30")
        #expect(try lines(text).first?.hasPrefix("Content/incidents/a.md:3:7: error: date: expected an ISO 8601") == true)
    }

    @Test func badStatus() throws {
        let text = valid.replacingOccurrences(of: "status: developing", with: "status: open")
        #expect(try lines(text) == [
            "Content/incidents/a.md:5:9: error: status: expected one of developing, under-investigation, charges-brought, closed, found \"open\"",
        ])
    }

    @Test func badSlugs() throws {
        for slug in ["../etc", "Has Space", "a/b", "UPPER", String(repeating: "a", count: 201)] {
            let text = valid.replacingOccurrences(of: "status: developing", with: "status: developing\nslug: \"\(slug)\"")
            #expect(try lines(text) == [
                "Content/incidents/a.md:6:7: error: slug: expected up to 200 lowercase letters, digits and '-', found \(Self.shown(slug))",
            ])
        }
    }

    /// A value as messages quote it (cut at 40 characters).
    static func shown(_ value: String) -> String {
        "\"" + (value.count > 40 ? String(value.prefix(37)) + "..." : value) + "\""
    }

    @Test func eachMissingRequiredField() throws {
        let fields = ["title": 2, "date": 3, "location": 4, "status": 5, "summary": 6]
        for (field, line) in fields {
            let text = valid.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset != line - 1 }.map(\.element).joined(separator: "\n")
            #expect(try lines(text) == ["Content/incidents/a.md:2:1: error: \(field): required field is missing"])
        }
    }

    @Test func emptyRequiredField() throws {
        let text = valid.replacingOccurrences(of: "title: Fire in Barking", with: "title:")
        #expect(try lines(text) == ["Content/incidents/a.md:2:7: error: title: required field is empty"])
    }

    @Test func imageWithoutAlt() throws {
        let text = valid.replacingOccurrences(of: "---\nBody.", with: "image:\n  src: /a.jpg\n---\nBody.")
        #expect(try lines(text) == [
            "Content/incidents/a.md:8:3: error: image.alt: required field is missing (describe the image for readers who cannot see it)",
        ])
    }

    @Test func negativeCasualties() throws {
        let text = valid.replacingOccurrences(of: "---\nBody.", with: "casualties: {killed: -1, injured: 2}\n---\nBody.")
        #expect(try lines(text) == [
            "Content/incidents/a.md:7:22: error: casualties.killed: expected a whole number of 0 or more, found \"-1\"",
        ])
    }

    @Test func timelineEntryWithoutText() throws {
        let text = valid.replacingOccurrences(of: "---\nBody.", with: """
            timeline:
              - time: "10:00"
                text: Called.
              - time: "10:30"
            ---
            Body.
            """)
        #expect(try lines(text) == [
            "Content/incidents/a.md:10:5: error: timeline[2].text: required field is missing",
        ])
    }

    @Test func badTimelineTimeAndOrder() throws {
        let text = valid.replacingOccurrences(of: "---\nBody.", with: """
            timeline:
              - time: "11:00"
                text: Later.
              - time: "10:00"
                text: Earlier.
              - time: "25:99"
                text: Impossible.
            ---
            Body.
            """)
        #expect(try lines(text) == [
            "Content/incidents/a.md:10:11: warning: timeline[2].time: out of order: \"10:00\" comes before the previous entry (\"11:00\")",
            "Content/incidents/a.md:12:11: error: timeline[3].time: expected HH:MM, YYYY-MM-DD, YYYY-MM-DD HH:MM or an ISO 8601 date-time, found \"25:99\"",
        ])
    }

    @Test func unknownFieldIsAWarning() throws {
        let text = valid.replacingOccurrences(of: "---\nBody.", with: "colour: red\n---\nBody.")
        #expect(try lines(text) == [
            "Content/incidents/a.md:7:1: warning: colour: unknown field (templates can still use it as incident.extra.colour)",
        ])
    }

    @Test func wrongTypes() throws {
        let text = valid.replacingOccurrences(of: "---\nBody.", with: """
            tags: {a: b}
            statements: just text
            draft: maybe
            location_extra: 1
            ---
            Body.
            """)
        #expect(try lines(text) == [
            "Content/incidents/a.md:7:7: error: tags: expected a list of text values, found a set of fields",
            "Content/incidents/a.md:8:13: error: statements: expected a list (lines starting with `- `), found \"just text\"",
            "Content/incidents/a.md:9:8: error: draft: expected true or false, found \"maybe\"",
            "Content/incidents/a.md:10:1: warning: location_extra: unknown field (templates can still use it as incident.extra.location_extra)",
        ])
    }

    @Test func duplicateField() throws {
        let text = valid.replacingOccurrences(of: "status: developing", with: "status: developing\ntitle: Again")
        #expect(try lines(text) == [
            "Content/incidents/a.md:6:1: error: title: duplicate field (first given on line 2)",
        ])
    }

    @Test func unknownSupportKeyAndUnsafeSource() throws {
        let text = valid.replacingOccurrences(of: "---\nBody.", with: """
            support: [samaritans, helpline]
            sources:
              - title: Bad
                url: "JaVaScRiPt:alert(1)"
            ---
            Body.
            """)
        #expect(try lines(text) == [
            "Content/incidents/a.md:7:23: error: support[2]: no support entry \"helpline\" in site.yml (known: samaritans)",
            "Content/incidents/a.md:10:10: warning: sources[1].url: unsafe address \"JaVaScRiPt:alert(1)\" removed; use an http(s) address",
        ])
    }

    @Test func lineNumbersCountTheBOMAndCRLFFile() throws {
        let text = "\u{FEFF}" + valid.replacingOccurrences(of: "status: developing", with: "status: nope")
            .replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try lines(text).first?.hasPrefix("Content/incidents/a.md:5:9: error: status:") == true)
    }

    @Test func everyFileIsReportedInOneRun() throws {
        let site = try TestSite([
            "Content/incidents/a.md": valid.replacingOccurrences(of: "status: developing", with: "status: x"),
            "Content/incidents/b.md": valid.replacingOccurrences(of: "date: 2024-03-01T10:00:00Z", with: "date: x"),
            "Content/incidents/c.md": valid,
        ])
        defer { site.delete() }
        let result = try site.check()
        #expect(result.diagnostics.map(\.file) == ["Content/incidents/a.md", "Content/incidents/b.md"])
        #expect(result.failed)
    }

    @Test func jsonFormat() throws {
        let site = try TestSite(["Content/incidents/a.md": valid.replacingOccurrences(of: "status: developing",
                                                                                      with: "status: \"x<\\\"\"")])
        defer { site.delete() }
        #expect(try site.check().diagnostics.jsonArray() == """
            [
              {"severity": "error", "file": "Content/incidents/a.md", "line": 5, "column": 9, "field": "status", "message": "expected one of developing, under-investigation, charges-brought, closed, found \\"x\\u003c\\"\\""}
            ]
            """)
    }

    @Test func siteConfigErrors() throws {
        let site = try TestSite([:], config: """
            title: Desk
            base_url: not a url
            timezone: Mars/Olympus
            per_page: 0
            colour: red
            language: '"><b>'
            """)
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "site.yml:2:11: error: base_url: expected an absolute http(s) address like https://example.org/, found \"not a url\"",
            "site.yml:3:11: error: timezone: unknown timezone \"Mars/Olympus\"; use a name like Europe/London",
            "site.yml:4:11: error: per_page: expected a whole number from 1 to 1000, found \"0\"",
            "site.yml:5:1: warning: colour: unknown setting (templates can still use it as site.extra.colour)",
            "site.yml:6:11: error: language: expected a language tag like en-GB or fr (24 characters at most), found \"\"><b>\"",
        ])
        for (language, fine) in [("zh-Hant-TW", true), ("en-GB-oxendict", true), ("x-klingon", false), ("en_GB", false),
                                 ("en-", false), ("en-aaaaaaaa-bbbbbbbb-cccc", false), ("e", false)] {
            try site.write("site.yml", "title: Desk\nlanguage: \(language)\n")
            #expect(try site.diagnosticLines().isEmpty == fine, "\(language)")
        }
    }

    @Test func templateErrors() throws {
        let site = try TestSite(["Content/incidents/a.md": valid])
        defer { site.delete() }
        // A template the site removes is the theme's again: no error for it.
        try site.remove("Templates/404.mustache")
        try site.write("Templates/page.mustache", "{{<layout}}{{$content}}\n  {{> partials/missing}}{{/content}}{{/layout}}")
        try site.write("Templates/taxonomy.mustache", "<p>\n{{#terms}}\n{{name}}\n")
        try site.write("Templates/listing.mustache", "{{#a}}\n  {{/b}}\n{{/a}}")
        try site.write("Templates/index.mustache", "<p>{{title</p>")
        #expect(try site.diagnosticLines() == [
            "Templates/index.mustache:1:4: error: template: this tag is never closed (missing }})",
            "Templates/listing.mustache:2:3: error: template: {{/b}} closes {{#a}}, which is still open; close it with {{/a}}",
            "Templates/page.mustache:2:3: error: template: partial \"partials/missing\" not found (expected Templates/partials/missing.mustache)",
            "Templates/taxonomy.mustache:2:1: error: template: {{#terms}} is never closed; add {{/terms}}",
        ])
    }

    @Test func duplicateSlugsGetDistinctURLsAndAWarning() throws {
        let site = try TestSite([
            "Content/incidents/a.md": valid,
            "Content/incidents/b.md": valid,
            "Content/incidents/c.md": valid.replacingOccurrences(of: "status: developing",
                                                                 with: "status: developing\nslug: fire-in-barking"),
        ])
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "Content/incidents/b.md:2:8: warning: slug: \"fire-in-barking\" is also the slug of Content/incidents/a.md; this incident is published at /incidents/fire-in-barking-2/",
            "Content/incidents/c.md:6:7: warning: slug: \"fire-in-barking\" is also the slug of Content/incidents/a.md; this incident is published at /incidents/fire-in-barking-3/",
        ])
        try site.build()
        #expect(site.outputFiles().filter { $0.hasPrefix("incidents/") && $0.hasSuffix(".html") } == [
            "incidents/fire-in-barking-2/index.html", "incidents/fire-in-barking-3/index.html",
            "incidents/fire-in-barking/index.html",
        ])
    }
}
