import BlotterCore
import BlotterPrint
import Foundation
import Testing

/// `blotter brief`: each filter, their combinations, the empty selection and hostile titles.
@Suite struct BriefingTests {
    /// Five incidents; the clock is 2026-01-01T12:00:00Z.
    func makeSite() throws -> TestSite {
        func file(_ title: String, _ date: String, area: String, status: String, extra: String = "") -> String {
            """
            ---
            title: \(title)
            date: \(date)
            location: {name: Somewhere, area: \(area)}
            status: \(status)
            summary: About \(title).
            \(extra)
            ---
            Body of \(title).
            """
        }
        return try TestSite([
            "Content/incidents/a.md": file("Alpha", "2025-12-30T10:00:00Z", area: "Barking", status: "developing",
                                           extra: "agencies: [Metropolitan Police]\ntags: [knife-crime]"),
            "Content/incidents/b.md": file("Bravo", "2025-12-20T10:00:00Z", area: "Havering", status: "closed",
                                           extra: "agencies: [London Fire Brigade]\ntags: [fire-safety]\nupdates:\n  - date: 2025-12-29T09:00:00Z\n    text: Reopened."),
            "Content/incidents/c.md": file("Charlie", "2025-06-01", area: "Barking", status: "charges-brought",
                                           extra: "agencies: [Metropolitan Police, IOPC]\ntags: [knife-crime, court]"),
            "Content/incidents/d.md": file("Delta", "2024-02-10T08:00:00Z", area: "Redbridge", status: "closed",
                                           extra: "tags: [flooding]"),
            "Content/incidents/e.md": file("Echo \"<script>alert(1)</script>\" </style>", "2025-12-31T23:00:00Z",
                                           area: "Havering", status: "under-investigation"),
        ])
    }

    func titles(_ site: TestSite, _ filter: BriefingFilter) throws -> [String] {
        let outcome = try Pipeline.brief(site.options(), Briefing(filter: filter))
        guard let html = outcome.html else { return [] }
        var found: [String] = []
        var rest = html[...]
        while let heading = rest.range(of: "<h2 id=\"incident-"), let start = rest[heading.upperBound...].range(of: "\">") {
            let end = rest[start.upperBound...].range(of: "</h2>")!
            found.append(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        #expect(found.count == outcome.count)
        return found
    }

    @Test func eachFilter() throws {
        let site = try makeSite()
        defer { site.delete() }
        let echo = "Echo &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &lt;/style&gt;"
        // No filter: what happened or changed in the last 7 days (Bravo was updated on the 29th).
        #expect(try titles(site, BriefingFilter()) == [echo, "Alpha", "Bravo"])
        #expect(try titles(site, BriefingFilter(since: "2025-06-01")) == [echo, "Alpha", "Bravo", "Charlie"])
        #expect(try titles(site, BriefingFilter(until: "2025-06-01")) == ["Charlie", "Delta"])
        #expect(try titles(site, BriefingFilter(since: "2025-12-21", until: "2025-12-30")) == ["Alpha", "Bravo"])
        #expect(try titles(site, BriefingFilter(areas: ["barking"])) == ["Alpha", "Charlie"])
        #expect(try titles(site, BriefingFilter(agencies: ["IOPC"])) == ["Charlie"])
        #expect(try titles(site, BriefingFilter(tags: ["knife-crime"])) == ["Alpha", "Charlie"])
        #expect(try titles(site, BriefingFilter(statuses: ["closed"])) == ["Bravo", "Delta"])
        #expect(try titles(site, BriefingFilter(incidents: ["delta", "alpha"])) == ["Alpha", "Delta"])
    }

    @Test func combinations() throws {
        let site = try makeSite()
        defer { site.delete() }
        #expect(try titles(site, BriefingFilter(areas: ["Barking"], statuses: ["developing"])) == ["Alpha"])
        #expect(try titles(site, BriefingFilter(tags: ["fire-safety", "flooding"])) == ["Bravo", "Delta"])
        #expect(try titles(site, BriefingFilter(since: "2025-01-01", agencies: ["Metropolitan Police"],
                                                tags: ["court"])) == ["Charlie"])
        #expect(try titles(site, BriefingFilter(areas: ["Havering", "Redbridge"], statuses: ["closed"])) == ["Bravo", "Delta"])
    }

    @Test func emptySelectionAndBadValues() throws {
        let site = try makeSite()
        defer { site.delete() }
        let empty = try Pipeline.brief(site.options(), Briefing(filter: BriefingFilter(areas: ["Nowhere"])))
        #expect(empty.html == nil && empty.count == 0)
        #expect(throws: BlotterError.self) { try Pipeline.brief(site.options(), Briefing(filter: BriefingFilter(incidents: ["nope"]))) }
        #expect(throws: BlotterError.self) { try Pipeline.brief(site.options(), Briefing(filter: BriefingFilter(statuses: ["open"]))) }
        #expect(throws: BlotterError.self) { try Pipeline.brief(site.options(), Briefing(filter: BriefingFilter(since: "last week"))) }
    }

    @Test func hostileTitlesAreEscaped() throws {
        let site = try makeSite()
        defer { site.delete() }
        let briefing = Briefing(title: "Brief </style><script>alert(1)</script> \"x\"", filter: BriefingFilter())
        let html = try #require(try Pipeline.brief(site.options(), briefing).html)
        #expect(!html.contains("<script"))
        #expect(html.components(separatedBy: "</style>").count == 2, "only the stylesheet's own </style>")
        #expect(html.contains("content: \"Brief \\3c /style\\3e \\3c script\\3e alert(1)\\3c /script\\3e  \\22 x\\22 \";"))
        #expect(html.contains("<h1 id=\"briefing-title\">Brief &lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;</h1>"))
    }

    @Test func namedBriefingsArePublished() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.write("site.yml", TestSite.minimalConfig + """

            briefings:
              - name: barking
                title: Barking now
                area: Barking
              - name: bad
                status: open
            """)
        #expect(try site.diagnosticLines() == [
            "site.yml:16:13: error: briefings[2].status: expected one of developing, under-investigation, charges-brought, closed, found \"open\"",
        ])
        try site.write("site.yml", TestSite.minimalConfig + "\nbriefings:\n  - name: barking\n    title: Barking now\n    area: Barking\n")
        try site.build()
        let page = try site.read("briefings/barking/index.html")
        #expect(page.contains("<h1 id=\"briefing-title\">Barking now</h1>"))
        #expect(page.contains("Alpha") && page.contains("Charlie") && !page.contains("Delta"))
        #expect(try site.read("index.html").contains("<a href=\"/briefings/barking/\">Barking now</a>"))
    }

    /// The HTML given to Chromium hides its body on screen (so it is laid out for print only)
    /// and is otherwise the briefing as written.
    @Test func printableHidesTheScreenOnly() {
        let html = "<!doctype html>\n<html><head><title>B</title></HEAD><body><p>A</p></body></html>"
        #expect(ChromiumPrinter.printable(html) == "<!doctype html>\n<html><head><title>B</title>"
            + "<style>@media screen { body { display: none } }</style>\n</HEAD><body><p>A</p></body></html>")
        #expect(ChromiumPrinter.printable("<p>No head</p>") == "<p>No head</p>")
    }

    /// Footnotes are numbered from 1 in every text. On an incident page the timeline's,
    /// statements' and updates' footnotes get their own ids, apart from the body's; in a
    /// briefing every incident's ids start with its anchor. Every link to a footnote (and
    /// back) finds its target, and no id is used twice.
    @Test func footnoteIdsStayApart() throws {
        func file(_ title: String) -> String {
            """
            ---
            title: \(title)
            date: 2025-12-30T10:00:00Z
            location: Somewhere
            status: developing
            summary: About \(title).
            timeline:
              - time: "10:00"
                text: "Shots fired.[^1]\\n\\n[^1]: As heard by neighbours."
            statements:
              - speaker: A spokesperson
                quote: "We are sorry.[^1]\\n\\n[^1]: Later withdrawn."
            updates:
              - date: 2025-12-31T10:00:00Z
                text: "Named.[^1]\\n\\n[^1]: By the family."
            ---
            Body of \(title).[^1]

            [^1]: A note.
            """
        }
        func ids(_ html: String, _ pattern: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
                String(html[Range($0.range(at: 1), in: html)!])
            }
        }
        func check(_ html: String) -> [String] {
            let defined = ids(html, " id=\"([^\"]+)\"")
            #expect(Set(defined).count == defined.count, "no id twice")
            for target in ids(html, " href=\"#([^\"]+)\"") { #expect(defined.contains(target), "#\(target) is defined") }
            return defined.filter { $0.contains("fn") }
        }
        let site = try TestSite(["Content/incidents/a.md": file("Alpha"), "Content/incidents/b.md": file("Bravo")])
        defer { site.delete() }
        try site.build()
        #expect(check(try site.read("incidents/alpha/index.html")) == [
            "timeline-1-fnref-1", "timeline-1-fn-1", "fnref-1", "fn-1", "statement-1-fnref-1", "statement-1-fn-1",
            "update-1-fnref-1", "update-1-fn-1",
        ])
        let html = try #require(try Pipeline.brief(site.options(), Briefing(filter: BriefingFilter())).html)
        let briefing = check(html)
        #expect(briefing.count == 16)
        #expect(briefing.contains("incident-alpha-fn-1") && briefing.contains("incident-bravo-timeline-1-fnref-1"))
    }
}
