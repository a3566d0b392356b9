import BlotterCore
import BlotterTestSupport
import Foundation
import FoundationXML
import Testing

/// The editorial fields of issue 21 as a reader sees them: typed updates and /corrections/,
/// statements with their whole story, timeline confidence, people, withdrawn and expiring
/// reports. One small site, built with the real pipeline; its pages, feeds and data read back.
@Suite struct EditorialFieldsTests {
    static let config = TestSite.minimalConfig + """

        corrections_policy: /corrections-policy/
        publishing_principles: https://example.org/principles/
        ethics_policy: /ethics/
        masthead: /about/
        """

    static let stabbing = incidentFile(title: "Man charged after stabbing", date: "2025-06-01T20:00:00Z", extra: """
        agencies: [Metropolitan Police, Barking Council]
        people:
          - name: Alex Ward
            role: victim
            age: 17
            anonymity: youth
          - name: Sam Price
            role: deceased
            next_of_kin_informed: false
          - name: Jo Bloggs
            role: witness
            age: 52
        timeline:
          - time: "23:05"
            text: Police are called.
          - time: "23:10"
            text: A second man was seen running away.
            confidence: unconfirmed
          - time: "23:20"
            text: Neighbours say they heard shouting.
            confidence: attributed
            source: neighbours
        statements:
          - speaker: Metropolitan Police
            response: declined
            requested: 2025-06-02T10:00:00+01:00
          - speaker: A spokesperson
            organisation: Barking Council
            response: no-response
          - speaker: Jane Roe
            organisation: Metropolitan Police
            quote: We are investigating.
        updates:
          - date: 2025-06-02T09:00:00Z
            text: A man has been arrested.
          - date: 2025-06-03T09:00:00Z
            kind: correction
            text: An earlier version gave the street as Green Road.
          - date: 2025-06-02T12:00:00Z
            kind: clarification
            text: The arrest was made in Dagenham, not at the scene.
        """)

    static let files: [String: String] = [
        "Content/incidents/stabbing.md": stabbing,
        "Content/incidents/fire.md": incidentFile(title: "Fire in Barking", date: "2025-05-01T10:00:00Z", extra: """
            updates:
              - date: 2025-05-02T10:00:00Z
                text: "Correction: untyped, so an update."
            """),
        "Content/incidents/gone.md": """
            ---
            title: Report that was withdrawn
            slug: withdrawn-report
            withdrawn:
              date: 2025-07-01T09:00:00Z
              reason: It named a man released *without charge*.
            ---
            """,
        "Content/incidents/expiring.md": incidentFile(title: "Minor theft", date: "2025-01-01T10:00:00Z",
                                                      extra: "expires: 2025-12-01T00:00:00Z"),
        "Content/incidents/later.md": incidentFile(title: "Shop break-in", date: "2025-03-01T10:00:00Z",
                                                   extra: "expires: 2026-02-01T00:00:00Z"),
        "Content/pages/corrections-policy.md": "---\ntitle: Corrections policy\n---\nWe correct mistakes.\n",
    ]

    func makeSite() throws -> TestSite { try TestSite(Self.files, config: Self.config) }

    /// The text of an HTML page between `<main` and `</main>`, tags and all.
    func main(_ page: String) -> String {
        guard let start = page.range(of: "<main"), let end = page.range(of: "</main>") else { return "" }
        return String(page[start.lowerBound..<end.upperBound])
    }

    @Test func correctionsAreTypedShownAndListed() throws {
        let site = try makeSite()
        defer { site.delete() }
        #expect(try site.build().diagnostics.map(\.description) == [])
        let page = try site.read("incidents/man-charged-after-stabbing/index.html")
        #expect(page.contains("""
            <li id="update-2" class="update-correction"><time datetime="2025-06-03T10:00:00+01:00">Tuesday 3 June 2025, \
            10:00 BST</time> <div class="entry"><strong class="update-kind">Correction:</strong> An earlier version gave \
            the street as Green Road. <a class="policy" href="/corrections-policy/">Our corrections policy</a></div></li>
            """))
        #expect(page.contains("""
            <div class="entry"><strong class="update-kind">Clarification:</strong> The arrest was made in Dagenham, not \
            at the scene. <a class="policy" href="/corrections-policy/">Our corrections policy</a></div>
            """))
        #expect(page.contains("""
            <li id="update-1" class="update-update"><time datetime="2025-06-02T10:00:00+01:00">Monday 2 June 2025, \
            10:00 BST</time> <div class="entry">A man has been arrested.</div></li>
            """))
        // Newest first; the untyped "Correction: ..." update of the fire is not listed.
        let corrections = main(try site.read("corrections/index.html"))
        #expect(corrections.contains("""
            <li class="update-correction">
                <p><time datetime="2025-06-03T10:00:00+01:00">Tuesday 3 June 2025, 10:00 BST</time>: <strong \
            class="update-kind">Correction</strong> to <a href="/incidents/man-charged-after-stabbing/#update-2">Man \
            charged after stabbing</a></p>
                <div class="entry">An earlier version gave the street as Green Road.</div>
              </li>
              <li class="update-clarification">
            """))
        #expect(!corrections.contains("untyped"))
        #expect(corrections.contains("<a href=\"/corrections-policy/\">Our corrections policy</a> says how we put"))
        let feed = try site.read("corrections/feed.xml")
        #expect(XMLParser(data: Data(feed.utf8)).parse())
        #expect(feed.components(separatedBy: "<entry>").count - 1 == 2)
        #expect(feed.contains("<title>Correction: Man charged after stabbing</title>"))
        #expect(feed.contains("<id>https://example.org/incidents/man-charged-after-stabbing/#update-2</id>"))
        #expect(try site.read("sitemap.xml").contains("<loc>https://example.org/corrections/</loc>"))
    }

    @Test func onlyCorrectionsAreCorrectionCommentsAndTheTrustPagesAreNamed() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        for (path, count) in [("incidents/man-charged-after-stabbing/index.html", 1), ("incidents/fire-in-barking/index.html", 0)] {
            let block = try #require(HostileInputTests.jsonLD(in: try site.read(path)).first)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(block.utf8)) as? [String: Any])
            #expect((json["correction"] as? [[String: Any]])?.count ?? 0 == count, "\(path)")
            let publisher = try #require(json["publisher"] as? [String: String])
            #expect(publisher == [
                "@type": "NewsMediaOrganization", "name": "Test Desk", "url": "https://example.org/",
                "correctionsPolicy": "https://example.org/corrections-policy/",
                "publishingPrinciples": "https://example.org/principles/", "ethicsPolicy": "https://example.org/ethics/",
                "masthead": "https://example.org/about/",
            ])
        }
    }

    @Test func statementsSayWhatCameOfARequest() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        let page = try site.read("incidents/man-charged-after-stabbing/index.html")
        #expect(page.contains("""
            <p class="response">Metropolitan Police declined to comment (requested 2 June 2025, 10:00).</p>
            """))
        #expect(page.contains("""
            <p class="response">A spokesperson (Barking Council) had not responded by the time of publication.</p>
            """))
        #expect(page.contains("<span class=\"speaker\">Jane Roe</span>, Metropolitan Police"))
        // The agency's page lists its statement and its unanswered request; the council's, its request.
        let met = main(try site.read("agencies/metropolitan-police/index.html"))
        #expect(met.contains("""
              <li><a href="/incidents/man-charged-after-stabbing/">Man charged after stabbing</a>: Metropolitan Police \
            declined to comment (requested 2 June 2025, 10:00).</li>
              <li><a href="/incidents/man-charged-after-stabbing/">Man charged after stabbing</a>: statement by Jane Roe</li>
            """))
        #expect(main(try site.read("agencies/barking-council/index.html")).contains(
            "A spokesperson (Barking Council) had not responded by the time of publication.</li>"))
    }

    @Test func timelineConfidenceIsSaidInWords() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        let page = try site.read("incidents/man-charged-after-stabbing/index.html")
        #expect(page.contains("""
            <li class="confidence-unconfirmed"><time datetime="2025-06-01T23:10:00+01:00">23:10</time> <div \
            class="entry"><strong class="confidence">Unconfirmed:</strong> A second man was seen running away.</div></li>
            """))
        #expect(page.contains("<strong class=\"confidence\">Attributed:</strong> Neighbours say they heard shouting."))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try site.read("incidents.json").utf8)) as? [[String: Any]])
        let stabbing = try #require(json.first { $0["slug"] as? String == "man-charged-after-stabbing" })
        #expect((stabbing["timeline"] as? [[String: Any]])?.map { $0["confidence"] as? String } == ["confirmed", "unconfirmed", "attributed"])
        #expect((stabbing["updates"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["update", "correction", "clarification"])
        #expect((stabbing["statements"] as? [[String: Any]])?.map { $0["response"] as? String } == ["declined", "no-response", "statement"])
        let csv = try site.read("incidents.csv")
        #expect(csv.hasPrefix("slug,url,title,date,status,summary,location,area,lat,lon,category,agencies,tags,killed,injured,"
                              + "content_warning,published,updated,timeline_entries,statements,updates,sources,image,corrections,"
                              + "unanswered_requests,unconfirmed_entries,people,authors,thread\r\n"))
        #expect(csv.contains(",2,2,2,\"victim, 17; deceased; Jo Bloggs (witness, 52)\",,\r\n"))
    }

    @Test func namesThatMayNotBePublishedAreInNoOutput() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        let page = try site.read("incidents/man-charged-after-stabbing/index.html")
        #expect(page.contains("""
            <dd><ul class="people"><li>Victim, 17 (under 18, not named for legal reasons)</li><li>Deceased (not named \
            until their family has been told)</li><li>Jo Bloggs, Witness, 52</li></ul></dd>
            """))
        for path in site.outputFiles() {
            let text = String(decoding: (try? Data(contentsOf: site.output.appendingPathComponent(path))) ?? Data(), as: UTF8.self)
            #expect(!text.contains("Alex Ward") && !text.contains("Sam Price"), "\(path) names someone it may not")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try site.read("incidents.json").utf8)) as? [[String: Any]])
        let people = try #require(json.first { $0["slug"] as? String == "man-charged-after-stabbing" }?["people"] as? [[String: Any]])
        #expect(people.map { $0["name"] as? String } == [nil, nil, "Jo Bloggs"])
        #expect(people.map { $0["name_withheld"] as? Bool } == [true, true, false])
        #expect(people.map { $0["anonymity"] as? String } == ["youth", "none", "none"])
    }

    @Test func withdrawnAndExpiredReportsLeaveANoticeAndNothingElse() throws {
        let site = try makeSite()
        defer { site.delete() }
        let result = try site.build()
        #expect(result.diagnostics.isEmpty)
        let page = try site.read("incidents/withdrawn-report/index.html")
        #expect(page.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(main(page) == """
            <main id="main" class="wrap" tabindex="-1">
            <article class="incident withdrawn">
              <h1>Report that was withdrawn</h1>
              <div class="withdrawn-notice">
                <p><strong>This report was withdrawn</strong> on <time datetime="2025-07-01T10:00:00+01:00">1 July 2025</time>.</p>
                <p>It named a man released <em>without charge</em>.</p>
              </div>
              <p><a href="/corrections-policy/">Our corrections policy</a> · <a href="/corrections/">Corrections and \
            clarifications</a> · <a href="/">The latest incidents</a></p>
            </article>

            </main>
            """)
        // Past its `expires` time (the test clock is 2026-01-01 12:00): a notice, in nothing else.
        let expired = try site.read("incidents/minor-theft/index.html")
        #expect(expired.contains("<p><strong>This report was removed</strong> on <time datetime=\"2025-12-01T00:00:00+00:00\">1 December 2025</time>.</p>"))
        #expect(expired.contains("<meta name=\"robots\" content=\"noindex\">"))
        // Before it: a report like any other, and the schedule knows when it goes.
        #expect(!(try site.read("incidents/shop-break-in/index.html")).contains("noindex"))
        #expect(result.schedule.changes.contains {
            $0.kind == .expire && $0.file == "Content/incidents/later.md"
                && Schedule.iso($0.at) == "2026-02-01T00:00:00Z"
        })
        for path in ["index.html", "feed.xml", "feed.json", "sitemap.xml", "news-sitemap.xml", "incidents.json",
                     "incidents.csv", "areas/barking-and-dagenham/index.html", "statuses/developing/index.html"] {
            let text = try site.read(path)
            #expect(!text.contains("withdrawn-report") && !text.contains("minor-theft"), "\(path) lists a withdrawn report")
        }
    }

    @Test func editorialFieldsAreCheckedAtTheirLines() throws {
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(extra: """
                updates:
                  - date: 2024-03-02
                    kind: erratum
                    text: x
                statements:
                  - speaker: Met
                  - speaker: Council
                    response: ignored
                timeline:
                  - time: "10:05"
                    text: y
                    confidence: likely
                people:
                  - name: A
                    anonymity: secret
                """),
            "Content/incidents/b.md": "---\ntitle: Gone\nwithdrawn:\n  date: 2024-01-01\n---\n",
        ])
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "Content/incidents/a.md:11:11: error: updates[1].kind: expected one of update, correction, clarification, found \"erratum\"",
            "Content/incidents/a.md:14:5: error: statements[1].quote: required field is missing",
            "Content/incidents/a.md:16:15: error: statements[2].response: expected one of statement, declined, no-response, found \"ignored\"",
            "Content/incidents/a.md:20:17: error: timeline[1].confidence: expected one of confirmed, attributed, unconfirmed, found \"likely\"",
            "Content/incidents/a.md:22:5: error: people[1].role: required field is missing",
            "Content/incidents/a.md:23:16: error: people[1].anonymity: expected one of none, lifelong, court-order, youth, found \"secret\"",
            "Content/incidents/b.md:4:3: error: withdrawn.reason: required field is missing",
        ])
    }
}
