import BlotterCore
import Foundation
import Testing

/// A page says only what the files say: an optional field a file leaves out shows nothing,
/// never a value of the incident or the site found by Mustache's lookup in outer contexts.
@Suite struct MissingFieldsTests {
    /// Every list item type with only its required fields, in an incident whose own values
    /// (date, URL, image, source) would be found in their place if a lookup fell through.
    static let sparse = incidentFile(title: "Canary report", date: "2023-11-23T21:05:00Z", extra: """
        image:
          src: /assets/images/weston-green.svg
          alt: Canary street
        support: [bare]
        timeline:
          - time: "21:00"
            text: First call.
        statements:
          - speaker: Amanda Rowe
            quote: We will investigate.
          - speaker: Matt Twist
            quote: Officers are held to account.
            source: "Metropolitan Police: press release"
          - speaker: Jo Bloggs
            quote: Nothing to add.
            source: "javascript:alert(1)"
        updates:
          - date: 2023-11-25T09:00:00Z
            text: Guns recovered.
        sources:
          - title: Unsafe link
            url: "javascript:alert(1)"
        """)

    static let config = """
        title: Canary Desk
        base_url: https://canary.example/
        language: en-GB
        timezone: Europe/London
        support:
          bare:
            name: Victim Support
            text: Free and confidential help.
        """

    func build() throws -> (TestSite, BuildResult) {
        let site = try TestSite(["Content/incidents/canary.md": Self.sparse], config: Self.config)
        return (site, try site.build())
    }

    @Test func listItemsWithoutOptionalFieldsShowNothingInTheirPlace() throws {
        let (site, result) = try build()
        defer { site.delete() }
        #expect(!result.failed)
        let page = try site.read("incidents/canary-report/index.html")
        #expect(section(page, "<aside class=\"support\"", "</aside>") == """
            <aside class="support" aria-label="Support: Victim Support">
              <h2>Victim Support</h2>
              <p>Free and confidential help.</p>
              
            </aside>
            """)
        #expect(section(page, "<section class=\"timeline\"", "</section>").contains(
            "<li><time datetime=\"2023-11-23T21:00:00+00:00\">21:00</time> <div class=\"entry\">First call.</div></li>"))
        let statements = section(page, "<section class=\"statements\"", "</section>")
        #expect(statements.contains("<span class=\"speaker\">Amanda Rowe</span>\n"))
        #expect(statements.contains(
            "<span class=\"speaker\">Matt Twist</span> (Metropolitan Police: press release)\n"))
        #expect(statements.contains("<span class=\"speaker\">Jo Bloggs</span>\n"))
        #expect(section(page, "<section class=\"updates\"", "</section>").contains(
            "<li id=\"update-1\" class=\"update-update\"><time datetime=\"2023-11-25T09:00:00+00:00\">Saturday 25 November 2023, 09:00 GMT</time> "
                + "<div class=\"entry\">Guns recovered.</div></li>"))
        #expect(section(page, "<section class=\"sources\"", "</section>").contains("<li>Unsafe link</li>"))
        #expect(section(page, "<figure class=\"lead-image\"", "</figure>") == """
            <figure class="lead-image">
                <img src="/assets/images/weston-green.svg" alt="Canary street">
                
                
              </figure>
            """)
        for part in ["support", "timeline", "statements", "updates", "sources"] {
            let html = part == "support" ? section(page, "<aside class=\"support\"", "</aside>")
                : section(page, "<section class=\"\(part)\"", "</section>")
            for outer in ["23 November 2023", "/incidents/canary-report/", "Canary Desk", "canary.example", "Canary report"] {
                #expect(!html.contains(outer), "\(part) shows \(outer): \(html)")
            }
        }
    }

    @Test func briefingListItemsWithoutOptionalFieldsShowNothingInTheirPlace() throws {
        let site = try TestSite(["Content/incidents/canary.md": Self.sparse], config: Self.config)
        defer { site.delete() }
        let html = try #require(try Pipeline.brief(site.options(), Briefing(filter: BriefingFilter(incidents: ["canary-report"]))).html)
        let article = section(html, "<article class=\"incident\"", "</article>")
        #expect(article.contains("<div class=\"box support\"><h4>Victim Support</h4><p>Free and confidential help.</p></div>"))
        #expect(article.contains("<span class=\"speaker\">Amanda Rowe</span></figcaption>"))
        #expect(article.contains("<span class=\"speaker\">Matt Twist</span> (Metropolitan Police: press release)</figcaption>"))
        #expect(article.contains("<li>Unsafe link</li>"))
        #expect(article.contains("First call.</td></tr>"))
    }

    @Test func statementSourcesThatAreWordsAreKept() throws {
        let (site, result) = try build()
        defer { site.delete() }
        let lines = result.diagnostics.map(\.description)
        #expect(lines.filter { $0.contains("unsafe") }.map { $0.components(separatedBy: ": warning: ")[1] } == [
            "statements[3].source: unsafe address \"javascript:alert(1)\" removed",
            "sources[1].url: unsafe address \"javascript:alert(1)\" removed; use an http(s) address",
        ])
    }

    /// The text from the first `start` to the first `end` after it, both included.
    func section(_ html: String, _ start: String, _ end: String) -> String {
        guard let from = html.range(of: start), let to = html.range(of: end, range: from.upperBound..<html.endIndex) else {
            return ""
        }
        return String(html[from.lowerBound..<to.upperBound])
    }
}
