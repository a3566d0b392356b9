import BlotterCore
import BlotterTestSupport
import Foundation
import FoundationXML
import Testing

/// Authors, bylines, story threads and related incidents (issue 22, parts 1 and 2): one small
/// site built with the real pipeline, its pages, feeds and JSON-LD read back; and the exact
/// diagnostics for names that are not in the site.
@Suite struct BylinesAndThreadsTests {
    static let jane = """
        ---
        name: Jane Doe
        role: Crime reporter
        bio: Jane covers *the courts*.
        email: jane@example.org
        links:
          - name: Mastodon
            url: https://mastodon.example/@jane
        ---
        Jane has reported on the borough since 2019.
        """
    static let sam = """
        ---
        name: Sam Patel
        ---
        """

    /// A shooting, then an inquest and an IOPC finding that follow it (the finding follows
    /// the inquest), and a fire related to the shooting.
    static let files: [String: String] = [
        "Content/authors/jane-doe.md": jane,
        "Content/authors/sam-patel.md": sam,
        "Content/incidents/shooting.md": incidentFile(title: "Man shot in Dagenham", date: "2024-01-05T21:00:00Z",
                                                      extra: "authors: [jane-doe]"),
        "Content/incidents/inquest.md": incidentFile(title: "Inquest opens", date: "2024-03-01T10:00:00Z", extra: """
            follows: man-shot-in-dagenham
            authors: [jane-doe, sam-patel]
            """),
        "Content/incidents/finding.md": incidentFile(title: "IOPC finding published", date: "2025-01-10T10:00:00Z",
                                                     extra: "follows: inquest-opens"),
        "Content/incidents/fire.md": incidentFile(title: "Fire in Barking", date: "2024-02-01T10:00:00Z",
                                                  extra: "related: [man-shot-in-dagenham]"),
    ]

    @Test func bylinesThreadsAndRelatedOnThePages() throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        let result = try site.build()
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")

        let inquest = try site.read("incidents/inquest-opens/index.html")
        #expect(inquest.contains("""
            <p class="byline">By <a href="/authors/jane-doe/" rel="author">Jane Doe</a> and \
            <a href="/authors/sam-patel/" rel="author">Sam Patel</a></p>
            """))
        // The older page links to the newer ones without being edited, and the middle one both ways.
        #expect(inquest.contains("""
              <nav class="thread" aria-labelledby="thread-heading" data-pagefind-ignore>
                <h2 id="thread-heading">This story</h2>
                <p class="thread-label">Earlier:</p>
                <ul><li><a href="/incidents/man-shot-in-dagenham/">Man shot in Dagenham</a> \
            <time datetime="2024-01-05T21:00:00+00:00">Friday 5 January 2024, 21:00 GMT</time></li></ul>
                <p class="thread-label">Later:</p>
                <ul><li><a href="/incidents/iopc-finding-published/">IOPC finding published</a> \
            <time datetime="2025-01-10T10:00:00+00:00">Friday 10 January 2025, 10:00 GMT</time></li></ul>
                <p><a href="/threads/man-shot-in-dagenham/">The whole story, in order (3 reports)</a></p>
              </nav>
            """))
        let shooting = try site.read("incidents/man-shot-in-dagenham/index.html")
        #expect(shooting.contains("<p class=\"thread-label\">Later:</p>"))
        #expect(!shooting.contains("<p class=\"thread-label\">Earlier:</p>"))
        // `related` goes both ways.
        let related = """
              <section class="related" aria-labelledby="related-heading" data-pagefind-ignore>
                <h2 id="related-heading">Related reports</h2>
                <ul>
                  <li><a href="/incidents/%@/">%@</a> <time datetime="%@">%@</time></li>
                </ul>
              </section>
            """
        #expect(shooting.contains(String(format: related, "fire-in-barking", "Fire in Barking",
                                         "2024-02-01T10:00:00+00:00", "Thursday 1 February 2024, 10:00 GMT")))
        let fire = try site.read("incidents/fire-in-barking/index.html")
        #expect(fire.contains(String(format: related, "man-shot-in-dagenham", "Man shot in Dagenham",
                                     "2024-01-05T21:00:00+00:00", "Friday 5 January 2024, 21:00 GMT")))
        #expect(!fire.contains("class=\"thread\""))

        // The thread's page: the whole story, oldest first.
        let thread = try site.read("threads/man-shot-in-dagenham/index.html")
        let titles = thread.matches(of: /<h2 class="card-title"><a href="([^"]+)">/).map { String($0.1) }
        #expect(titles == ["/incidents/man-shot-in-dagenham/", "/incidents/inquest-opens/",
                           "/incidents/iopc-finding-published/"])
        #expect(thread.contains("<h1>The story so far: Man shot in Dagenham</h1>"))
        #expect(thread.contains("<p class=\"byline\">By Jane Doe and Sam Patel</p>"))

        // The author's page: who they are, then their reports, paged (per_page: 2).
        let author = try site.read("authors/jane-doe/index.html")
        #expect(author.contains("""
            <h1>Jane Doe</h1>
              <p class="author-role">Crime reporter</p>
              <p class="lede">Jane covers <em>the courts</em>.</p>
            </header>
            <div class="body author-body">
            <p>Jane has reported on the borough since 2019.</p>
            """))
        #expect(author.contains("<a href=\"mailto:jane@example.org\">jane@example.org</a>"))
        #expect(author.contains("<li><a href=\"https://mastodon.example/@jane\" rel=\"me\">Mastodon</a></li>"))
        #expect(author.contains("<p>2 reports</p>"))
        let sam = try site.read("authors/sam-patel/index.html")
        #expect(sam.contains("<p>1 report</p>") && sam.contains("href=\"/incidents/inquest-opens/\""))
        #expect(!site.outputFiles().contains("authors/jane-doe/page/2/index.html"))
        // Cards carry the byline; an incident without authors has none.
        let index = try site.read("index.html")
        #expect(index.contains("<p class=\"byline\">By Jane Doe and Sam Patel</p>"))
        #expect(!(try site.read("incidents/iopc-finding-published/index.html")).contains("class=\"byline\""))
        // /authors/: every author, through the taxonomy template.
        #expect(try site.read("authors/index.html").contains("""
            <h1>Authors</h1>
            <ul class="terms">
              <li><a href="/authors/jane-doe/">Jane Doe</a> <span class="count">(2)</span></li>
              <li><a href="/authors/sam-patel/">Sam Patel</a> <span class="count">(1)</span></li>
            </ul>
            """))
        let sitemap = try site.read("sitemap.xml")
        for path in ["authors/", "authors/jane-doe/", "authors/sam-patel/", "threads/man-shot-in-dagenham/"] {
            #expect(sitemap.contains("<loc>https://example.org/\(path)</loc>"))
        }
    }

    @Test func feedsAndStructuredDataNameTheAuthors() throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        try site.build()
        let feed = try site.read("feed.xml")
        #expect(feed.contains("""
                <updated>2024-03-01T10:00:00+00:00</updated>
                <author><name>Jane Doe</name><uri>https://example.org/authors/jane-doe/</uri></author>
                <author><name>Sam Patel</name><uri>https://example.org/authors/sam-patel/</uri></author>
            """))
        let authorFeed = try site.read("authors/jane-doe/feed.xml")
        #expect(authorFeed.contains("<title>Test Desk: Jane Doe</title>"))
        let entries = authorFeed.matches(of: /<entry>\s*<title>([^<]+)<\/title>/).map { String($0.1) }
        #expect(entries == ["Inquest opens", "Man shot in Dagenham"])
        _ = try XMLDocument(data: Data(authorFeed.utf8))
        let json = try JSONSerialization.jsonObject(with: Data(try site.read("feed.json").utf8)) as! [String: Any]
        let items = json["items"] as! [[String: Any]]
        let inquest = items.first { ($0["title"] as? String) == "Inquest opens" }!
        #expect(inquest["authors"] as? [[String: String]] == [
            ["name": "Jane Doe", "url": "https://example.org/authors/jane-doe/"],
            ["name": "Sam Patel", "url": "https://example.org/authors/sam-patel/"],
        ])
        #expect(items.first { ($0["title"] as? String) == "Fire in Barking" }?["authors"] == nil)

        // The open data: the byline and the links, as addresses.
        let data = try JSONSerialization.jsonObject(with: Data(try site.read("incidents.json").utf8)) as! [[String: Any]]
        let entry = { (slug: String) in data.first { $0["slug"] as? String == slug }! }
        #expect(entry("inquest-opens")["authors"] as? [[String: String]] == [
            ["key": "jane-doe", "name": "Jane Doe", "url": "https://example.org/authors/jane-doe/"],
            ["key": "sam-patel", "name": "Sam Patel", "url": "https://example.org/authors/sam-patel/"],
        ])
        #expect(entry("inquest-opens")["thread"] as? String == "https://example.org/threads/man-shot-in-dagenham/")
        #expect(entry("inquest-opens")["follows"] as? String == "https://example.org/incidents/man-shot-in-dagenham/")
        #expect(entry("fire-in-barking")["related"] as? [String] == ["https://example.org/incidents/man-shot-in-dagenham/"])
        #expect(entry("fire-in-barking")["follows"] is NSNull && entry("fire-in-barking")["thread"] is NSNull)
        let csv = try site.read("incidents.csv").components(separatedBy: "\r\n")
        #expect(csv[0].hasSuffix(",people,authors,thread"))
        #expect(csv.contains { $0.hasPrefix("inquest-opens,") && $0.hasSuffix(",Jane Doe; Sam Patel,https://example.org/threads/man-shot-in-dagenham/") })

        let ld = try jsonLD(site.read("incidents/inquest-opens/index.html"))
        #expect(ld["author"] as? [[String: String]] == [
            ["@type": "Person", "name": "Jane Doe", "url": "https://example.org/authors/jane-doe/", "jobTitle": "Crime reporter"],
            ["@type": "Person", "name": "Sam Patel", "url": "https://example.org/authors/sam-patel/"],
        ])
        #expect((ld["publisher"] as? [String: Any])?["@type"] as? String == "NewsMediaOrganization")
        #expect(ld["isPartOf"] as? [String: String] == [
            "@type": "CreativeWorkSeries", "name": "Man shot in Dagenham",
            "url": "https://example.org/threads/man-shot-in-dagenham/",
        ])
        #expect(ld["citation"] as? [[String: String]] == [[
            "@type": "NewsArticle", "headline": "Man shot in Dagenham",
            "url": "https://example.org/incidents/man-shot-in-dagenham/",
        ]])
        // Without authors: the organisation, as before.
        let fire = try jsonLD(site.read("incidents/fire-in-barking/index.html"))
        #expect((fire["author"] as? [String: String])?["@type"] == "Organization")
        #expect(fire["isPartOf"] == nil)
        let profile = try jsonLD(site.read("authors/jane-doe/index.html"))
        #expect(profile["@type"] as? String == "ProfilePage")
        #expect((profile["mainEntity"] as? [String: Any])?["sameAs"] as? [String] == ["https://mastodon.example/@jane"])
    }

    @Test func aBriefingOfAThreadHoldsTheWholeStoryInOrder() throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        var options = site.options()
        options.searchIndexer = nil
        let outcome = try Pipeline.brief(options, Briefing(filter: BriefingFilter(threads: ["iopc-finding-published"])))
        #expect(outcome.anchors == ["incident-man-shot-in-dagenham", "incident-inquest-opens",
                                    "incident-iopc-finding-published"])
        #expect(outcome.html?.contains("<tr><th scope=\"row\">By</th><td>Jane Doe and Sam Patel</td></tr>") == true)
        #expect(throws: BlotterError.self) {
            try Pipeline.brief(options, Briefing(filter: BriefingFilter(threads: ["fire-in-barking"])))
        }
    }

    @Test func namesThatAreNotInTheSiteAreErrorsAtTheirPlace() throws {
        let site = try TestSite([
            "Content/authors/jane-doe.md": Self.jane,
            "Content/authors/sam-patel.md": Self.sam,
            "Content/authors/janet-dean.md": "---\nname: Janet Dean\n---\n",
            "Content/incidents/a.md": incidentFile(title: "Alpha", date: "2024-01-01T10:00:00Z", extra: """
                authors: [sam-patel, jane-do]
                follows: gamma
                """),
            "Content/incidents/b.md": incidentFile(title: "Beta", date: "2024-01-02T10:00:00Z", extra: """
                follows: alpha
                related: [alpah, beta]
                """),
            "Content/incidents/c.md": incidentFile(title: "Gamma", date: "2024-01-03T10:00:00Z", extra: "follows: beta"),
            "Content/incidents/d.md": incidentFile(title: "Delta", date: "2024-01-04T10:00:00Z", extra: """
                follows: epsilon
                authors: nobody
                """),
            "Content/incidents/e.md": incidentFile(title: "Epsilon", date: "2024-01-05T10:00:00Z",
                                                   extra: "draft: true"),
        ])
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "Content/incidents/a.md:9:22: error: authors[2]: unknown author \"jane-do\"; known authors, closest "
                + "first: jane-doe, janet-dean, sam-patel (Content/authors/)",
            "Content/incidents/a.md:10:10: error: follows: `follows` makes a loop (alpha → gamma → beta → alpha): "
                + "a report cannot follow one of its own later developments; remove `follows` from the earliest of them",
            "Content/incidents/b.md:10:11: error: related[1]: no published incident has the slug \"alpah\"; "
                + "did you mean \"alpha\"?",
            "Content/incidents/d.md:9:10: warning: follows: the incident \"epsilon\" is not published (a draft, or "
                + "published later): the link appears when it is",
            "Content/incidents/d.md:10:10: error: authors[1]: unknown author \"nobody\"; known authors, closest "
                + "first: jane-doe, janet-dean, sam-patel (Content/authors/)",
        ])
        // The preview shows the pages while the names are fixed: the same lines as warnings.
        var preview = Pipeline(preview: site.options())
        let result = try preview.rebuild()
        #expect(!result.diagnostics.containsErrors)
        #expect(result.diagnostics.count(where: { $0.kind == .reference }) == 5)
    }

    @Test func anAuthorFileIsCheckedLikeAnIncident() throws {
        let site = try TestSite([
            "Content/authors/Jane Doe.md": "---\nname: Jane\n---\n",
            "Content/authors/sam.md": "---\nrole: Editor\nemail: sam-at-example.org\n---\n",
            "Content/incidents/a.md": incidentFile(),
        ])
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "Content/authors/Jane Doe.md:2:1: error: file: the file name \"Jane Doe\" is the author's key and the "
                + "address of their page: use lowercase letters, digits and '-' (jane-doe.md)",
            "Content/authors/sam.md:2:1: error: name: required field is missing",
            "Content/authors/sam.md:3:8: error: email: expected an address like name@example.org, found \"sam-at-example.org\"",
        ])
    }

    /// With a dated `permalinks` pattern two reports may share a slug: `follows` naming it is
    /// an error that lists both addresses; a slug of its own threads as usual.
    @Test func aSlugSharedUnderADatedPatternIsAmbiguous() throws {
        let config = TestSite.minimalConfig + "\npermalinks:\n  incidents: /incidents/:year/:month/:day/:slug/\n"
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(date: "2024-03-01T10:00:00Z"),
            "Content/incidents/b.md": incidentFile(date: "2024-04-01T10:00:00Z", extra: "slug: second-fire"),
            "Content/incidents/e.md": incidentFile(date: "2024-04-02T10:00:00Z"),
            "Content/incidents/c.md": incidentFile(title: "Inquest", date: "2024-05-01T10:00:00Z",
                                                   extra: "follows: fire-in-barking"),
            "Content/incidents/d.md": incidentFile(title: "Review", date: "2024-06-01T10:00:00Z",
                                                   extra: "follows: second-fire"),
        ], config: config)
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "Content/incidents/c.md:9:10: error: follows: \"fire-in-barking\" is the slug of 2 reports "
                + "(/incidents/2024/03/01/fire-in-barking/, /incidents/2024/04/02/fire-in-barking/); "
                + "give the one you mean a `slug` of its own",
        ])
        try site.write("Content/incidents/c.md", incidentFile(title: "Inquest", date: "2024-05-01T10:00:00Z"))
        try site.build()
        let thread = try site.read("threads/second-fire/index.html")
        #expect(thread.contains("<a href=\"/incidents/2024/04/01/second-fire/\">Fire in Barking</a>"))
        #expect(thread.contains("<a href=\"/incidents/2024/06/01/review/\">Review</a>"))
    }

    private func jsonLD(_ page: String) throws -> [String: Any] {
        let match = try #require(page.firstMatch(of: /<script type="application\/ld\+json">(.*?)<\/script>/))
        return try JSONSerialization.jsonObject(with: Data(match.1.utf8)) as! [String: Any]
    }
}
