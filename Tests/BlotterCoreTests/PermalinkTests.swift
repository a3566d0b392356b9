import BlotterCore
import Foundation
import Testing

/// `permalinks` in site.yml: incident URLs made from a pattern, unique on the whole address.
@Suite struct PermalinkTests {
    /// The test site's settings with `pattern` for incident URLs (`permalinks` on lines 6-7).
    static func config(_ pattern: String) -> String {
        TestSite.minimalConfig.replacingOccurrences(of: "per_page: 2", with: "per_page: 2\npermalinks:\n  incidents: \(pattern)")
    }

    @Test func datesInThePatternKeepSameHeadlinesApart() throws {
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(date: "2024-03-01T10:00:00Z"),
            "Content/incidents/b.md": incidentFile(date: "2024-06-09T10:00:00Z"),
            "Content/incidents/c.md": incidentFile(date: "2024-06-09T18:00:00Z"),
        ], config: Self.config("/incidents/:year/:month/:day/:slug/"))
        defer { site.delete() }
        let result = try site.build()
        // Only the two on the same day share an address: the later file gets -2.
        #expect(result.diagnostics.map(\.description) == [
            "Content/incidents/c.md:2:8: warning: slug: \"fire-in-barking\" is also the slug of Content/incidents/b.md; "
                + "this incident is published at /incidents/2024/06/09/fire-in-barking-2/",
        ])
        let files = site.outputFiles()
        for path in ["incidents/2024/03/01/fire-in-barking/index.html", "incidents/2024/06/09/fire-in-barking/index.html",
                     "incidents/2024/06/09/fire-in-barking-2/index.html"] {
            #expect(files.contains(path), "\(path)")
        }
        #expect(!files.contains("incidents/fire-in-barking/index.html"))
        // Every link to an incident is its one address: listings, feeds, sitemap, open data.
        #expect(try site.read("index.html").contains("href=\"/incidents/2024/06/09/fire-in-barking-2/\""))
        #expect(try site.read("feed.xml").contains("https://example.org/incidents/2024/03/01/fire-in-barking/"))
        #expect(try site.read("sitemap.xml").contains("https://example.org/incidents/2024/06/09/fire-in-barking/"))
        #expect(try site.read("incidents.csv").contains("https://example.org/incidents/2024/06/09/fire-in-barking-2/"))
    }

    /// Slugs repeat under a dated pattern: a briefing's ids are made from the addresses.
    @Test func briefingIdsStayUnique() throws {
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(date: "2024-03-01T10:00:00Z"),
            "Content/incidents/b.md": incidentFile(date: "2024-06-09T10:00:00Z"),
        ], config: Self.config("/incidents/:year/:month/:day/:slug/") + "\nbriefings:\n  - name: all\n    since: 2024-01-01\n")
        defer { site.delete() }
        #expect(try site.build().diagnostics.isEmpty)
        let page = try site.read("briefings/all/index.html")
        #expect(page.contains("id=\"incident-2024_03_01_fire-in-barking\"") && page.contains("id=\"incident-2024_06_09_fire-in-barking\""))
    }

    /// The day is the site's (Europe/London): 23:30 UTC on 31 March 2024 is 00:30 on 1 April there.
    @Test func theDayIsTheSitesAndAreaFallsBackToOther() throws {
        let noArea = incidentFile(title: "Crash", date: "2024-03-31T23:30:00Z")
            .replacingOccurrences(of: "  area: Barking and Dagenham\n", with: "")
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(date: "2024-03-31T23:30:00Z"),
            "Content/incidents/b.md": noArea,
        ], config: Self.config("\"/incidents/:area/:year-:month-:day-:slug/\""))
        defer { site.delete() }
        #expect(try site.build().diagnostics.isEmpty)
        let files = site.outputFiles()
        #expect(files.contains("incidents/barking-and-dagenham/2024-04-01-fire-in-barking/index.html"))
        #expect(files.contains("incidents/other/2024-04-01-crash/index.html"))
    }

    /// A pattern that starts in another folder: pages may not use that folder.
    @Test func anotherFolderIsReservedForIncidents() throws {
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(),
            "Content/pages/news.md": "---\ntitle: News\n---\nAbout our news.\n",
        ], config: Self.config("/news/:year/:slug/"))
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "Content/pages/news.md:1:1: error: slug: /news/ is used by generated pages; give this page another name or a `slug`",
        ])
        try site.remove("Content/pages/news.md")
        try site.build()
        #expect(site.outputFiles().contains("news/2024/fire-in-barking/index.html"))
    }

    @Test(arguments: [
        ("/incidents/:yaer/:slug/", "site.yml:7:25: error: permalinks.incidents: unknown \":yaer\"; use :year, :month, :day, :slug, :area"),
        ("\"/incidents/:year/:Slug/\"", "site.yml:7:32: error: permalinks.incidents: unknown \":Slug\"; use :year, :month, :day, :slug, :area"),
        ("/incidents/:year/:slug", "site.yml:7:14: error: permalinks.incidents: must end with '/' (every incident is a folder), found \"/incidents/:year/:slug\""),
        ("/incidents/:year/", "site.yml:7:14: error: permalinks.incidents: must contain :slug, found \"/incidents/:year/\""),
        ("/:year/:slug/", "site.yml:7:14: error: permalinks.incidents: must start with a fixed folder such as /incidents/ (no :token in it), found \"/:year/:slug/\""),
        ("/tags/:slug/", "site.yml:7:14: error: permalinks.incidents: /tags/ is used by generated pages; start with /incidents/ or another folder"),
        ("/incidents//:slug/", "site.yml:7:14: error: permalinks.incidents: has an empty folder ('//'), found \"/incidents//:slug/\""),
        ("/Incidents/:slug/", "site.yml:7:14: error: permalinks.incidents: expected lowercase letters, digits, '-', '/' and :tokens, found \"/Incidents/:slug/\""),
    ])
    func badPatternsAreErrorsWhereTheyAre(pattern: String, line: String) throws {
        let site = try TestSite(["Content/incidents/a.md": incidentFile()], config: Self.config(pattern))
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [line])
    }

    @Test func unknownKindsArePatternErrors() throws {
        let config = TestSite.minimalConfig + "\npermalinks:\n  pages: /:slug/\n"
        let site = try TestSite(["Content/incidents/a.md": incidentFile()], config: config)
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "site.yml:12:3: error: permalinks.pages: unknown kind of page; only `incidents` has a pattern",
        ])
    }
}
