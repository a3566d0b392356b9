import BlotterCore
import Foundation
import Testing

/// The published triggers of the 2023 cmark-gfm advisories for parsing in quadratic time,
/// which Debian's cmark-gfm 0.29.0.gfm.6 predates, each at the size of its regression test
/// (cmark-gfm's `pathological_tests.py`, as carried by the advisories and by
/// thephpleague/commonmark's `tests/pathological`). On the code before `DenseMarkup`, most
/// took from 20 s to over two minutes, and one made cmark-gfm abort the process; each must
/// now become HTML in bounded time, its text shown.
@Suite struct CmarkTriggerTests {
    static let triggers: [(name: String, text: String)] = [
        ("CVE-2023-22483 <?", "-1" + String(repeating: "<?x", count: 100_000) + "y\n"),
        ("CVE-2023-22483 tables", String(repeating: "|-\nt>|-\n", count: 100_000) + "y\n"),
        ("CVE-2023-22483 emphasis", String(repeating: "*t ", count: 40_000) + String(repeating: "_t*_ ", count: 40_000) + "\n"),
        ("CVE-2023-22483 table row", "x\n| - |\n" + String(repeating: "|", count: 100_000) + "y\n"),
        ("CVE-2023-22483 www", String(repeating: "z_www.", count: 100_000) + "\n"),
        ("CVE-2023-22483 references", "[f]:u\n\"\n" + String(repeating: "[f]\n", count: 100_000) + "[f]:u \"t\n"),
        ("CVE-2023-22483 www)", "www." + String(repeating: ")", count: 100_000) + "\n"),
        ("CVE-2023-22483 :-", ":-\n" + String(repeating: ":\n", count: 100_000) + ":-\n"),
        ("CVE-2023-22483 <http", String(repeating: "<http://s", count: 100_000) + "\n"),
        ("CVE-2023-22483 ~~", "~e" + String(repeating: ",z~~", count: 100_000) + "\n"),
        ("CVE-2023-22483 quotes", String(repeating: ">", count: 3_000) + String(repeating: ".", count: 3_000) + "\n"),
        ("CVE-2023-22484 <!--", "a" + String(repeating: "<!--", count: 50_000) + "\n"),
        ("CVE-2023-22484 </<!--", "</" + String(repeating: "<!--", count: 300_000) + "\n"),
        ("CVE-2023-22484 <?", "a" + String(repeating: "<?", count: 40_000) + "\n"),
        ("CVE-2023-22484 CDATA", "a" + String(repeating: "<![CDATA[", count: 40_000) + "\n"),
        ("CVE-2023-22486 ![[]()", String(repeating: "![[]()", count: 160_000) + "\n"),
        ("CVE-2023-24824 quotes and *", String(repeating: ">", count: 10_000) + String(repeating: "a*", count: 10_000) + "\n"),
        ("CVE-2023-24824 lists", String(repeating: " -", count: 10_000) + "x" + String(repeating: "\n", count: 10_000)),
        ("CVE-2023-26485 _", String(repeating: "_", count: 10_000) + "." + String(repeating: "_", count: 10_000)),
        ("CVE-2023-26485 ordered", "1.\n" + String(repeating: " 2.\n", count: 10_000) + "\n"),
        ("CVE-2023-37463 wide table", "|" + String(repeating: "x|", count: 100_000) + "\n|" + String(repeating: "-|", count: 100_000) + "\n"),
        ("CVE-2023-37463 wide table rows", "|" + String(repeating: "x|", count: 2_000) + "\n|" + String(repeating: "-|", count: 2_000)
            + "\n" + String(repeating: "a\n", count: 2_000)),
        ("CVE-2023-37463 footnotes", String(repeating: "[^1]:\n", count: 100_000) + String(repeating: "\n", count: 100_000)),
    ]

    @Test(arguments: triggers.map(\.name))
    func triggerBecomesHTMLInBoundedTime(_ name: String) {
        let text = Self.triggers.first { $0.name == name }!.text
        let clock = ContinuousClock()
        var html = ""
        let elapsed = clock.measure { html = Markdown.html(text) }
        #expect(elapsed < .seconds(15), "\(name): \(elapsed)")
        #expect(!html.isEmpty, "\(name)")
    }

    /// A legitimate long table stays a table (its pipes are many, but escaping keeps it one).
    @Test func aLongTableStaysATable() {
        let rows = ["| a | b | c | d | e |", "|---|---|---|---|---|"] + (0..<2_000).map { "| \($0) | x | y | z | w |" }
        let html = Markdown.html("Intro.\n\n" + rows.joined(separator: "\n") + "\n")
        #expect(html.components(separatedBy: "<tr>").count - 1 == 2_001)
        #expect(!html.contains("\\"))
    }

    /// In a body, the dense paragraph is named by a warning at its line; the rest keeps its Markdown.
    @Test func aDenseParagraphIsNamedAndTheRestKeepsItsMarkdown() throws {
        let body = "Some *emphasis* here.\n\n" + String(repeating: "*t ", count: 3_000) + "\n\nA [link](https://example.org).\n"
        let site = try TestSite(["Content/incidents/a.md": incidentFile(body: body)])
        defer { site.delete() }
        let result = try site.build()
        #expect(result.diagnostics.map(\.description) == [
            "Content/incidents/a.md:13:1: warning: body: a paragraph of more than 2000 Markdown marks (< > [ ] ( ) ! * _ ~ ` | - \\) "
                + "or lines: its emphasis, links, lists and quotes are shown as written, since cmark-gfm would take minutes over it",
        ])
        let page = try site.read("incidents/fire-in-barking/index.html")
        #expect(page.contains("<p>Some <em>emphasis</em> here.</p>\n<p>*t *t *t "))
        #expect(page.contains("<p>A <a href=\"https://example.org\">link</a>.</p>"))
    }
}
