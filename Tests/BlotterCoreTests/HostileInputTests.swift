import BlotterCore
import Foundation
import Testing

/// Hostile and odd input: the site still builds, and nothing live reaches the output.
@Suite struct HostileInputTests {
    static let script = "<script>alert(1)</script>"
    static let handler = "\\\" onmouseover=\\\"alert(1)"

    func hostileSite() throws -> TestSite {
        let quoted = "\"\(Self.script)\(Self.handler)\""
        let hostile = """
            ---
            title: \(quoted)
            date: 2024-03-01T10:00:00Z
            location:
              name: \(quoted)
              area: \(quoted)
            status: developing
            summary: \(quoted)
            tags: [\(quoted), "javascript:alert(1)"]
            agencies: [\(quoted)]
            category: \(quoted)
            timeline:
              - time: "10:00"
                text: "<img src=x onerror=alert(1)> [x](JAVASCRIPT:alert(1))"
            statements:
              - speaker: \(quoted)
                quote: "<script>alert(1)</script> [q](javascript:alert(1))"
                source: "javascript:alert(1)"
            updates:
              - date: 2024-03-02
                text: "[u](&#106;avascript:alert(1))"
            sources:
              - title: \(quoted)
                url: "javascript:alert(1)"
              - title: Tab-split scheme
                url: "java\\tscript:alert(1)"
              - title: Entity
                url: "javascript&#58;alert(1)"
              - title: Combining mark after the colon (one Character with it)
                url: "javascript:\u{301}alert(1)"
            image:
              src: /a.png
              alt: \(quoted)
              caption: \(quoted)
            ---
            <script>alert(1)</script>
            <a href="javascript:alert(1)" onclick="alert(1)">x</a>

            [one](javascript:alert(1)) [two](JaVaScRiPt:alert(1)) [three](&#x6A;avascript:alert(1))
            [four](vbscript:msgbox(1)) [five](data:text/html;base64,PHNjcmlwdD4=)

            <iframe src="javascript:alert(1)"></iframe>
            """
        return try TestSite([
            "Content/incidents/hostile.md": hostile,
            "Content/incidents/crlf.md": "\u{FEFF}" + incidentFile(title: "CRLF and BOM", body: "Line one.\nLine two.")
                .replacingOccurrences(of: "\n", with: "\r\n"),
            "Content/incidents/empty.md": incidentFile(title: "Empty body", body: ""),
            "Content/incidents/big.md": incidentFile(title: "Two megabytes",
                                                     body: String(repeating: "A paragraph of *text* with [a link](https://example.org).\n\n", count: 36_000)),
        ])
    }

    @Test func nothingLiveInAnyOutputFile() throws {
        let site = try hostileSite()
        defer { site.delete() }
        let result = try site.build()
        #expect(!result.failed, "\(result.diagnostics)")
        #expect(result.incidents == 4)
        var checked = 0
        for path in site.outputFiles() where path.hasSuffix(".html") {
            let html = try site.read(path)
            let data = Self.jsonLD(in: html)
            for block in data {
                #expect((try? JSONSerialization.jsonObject(with: Data(block.utf8))) != nil, "JSON-LD in \(path) is JSON")
            }
            var lower = html.lowercased()
            for block in data { lower = lower.replacingOccurrences(of: block.lowercased(), with: "") }
            lower = lower.replacingOccurrences(of: "<script type=\"application/ld+json\"></script>", with: "")
            #expect(!lower.contains("<script"), "live script in \(path)")
            #expect(!lower.contains("<iframe"), "iframe in \(path)")
            // Looked for as bytes: a combining mark after the colon would hide it from `contains`.
            let mentionsJavascript = lower.utf8.firstRange(of: Array("javascript:".utf8)) != nil
            #expect(!mentionsJavascript || !Self.hasLiveJavascriptURL(lower), "javascript: URL in \(path)")
            #expect(!lower.contains("vbscript:"), "vbscript: URL in \(path)")
            #expect(!lower.contains("data:text/html"), "data: URL in \(path)")
            #expect(Self.eventHandlerAttributes(in: lower).isEmpty, "event handler in \(path)")
            checked += 1
        }
        #expect(checked > 10)
        let page = try site.read("incidents/script-alert-1-script-onmouseover-alert-1/index.html")
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;alert(1)"))
    }

    @Test func oddFilesBuild() throws {
        let site = try hostileSite()
        defer { site.delete() }
        try site.build()
        #expect(try site.read("incidents/crlf-and-bom/index.html").contains("<p>Line one.\nLine two.</p>"))
        #expect(try site.read("incidents/empty-body/index.html").contains("<h1>Empty body</h1>"))
        #expect(try site.read("incidents/two-megabytes/index.html").utf8.count > 2_000_000)
    }

    /// A few lines of YAML aliases that stand for 9^10 values ("billion laughs") must not hang the build.
    @Test func aliasBombIsCutShort() throws {
        var lines = ["---", "title: Laughs", "date: 2024-01-01", "location: Here", "status: closed", "summary: S.",
                     "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...9 { lines.append("l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        lines.append("tags: *l9")
        let site = try TestSite(["Content/incidents/bomb.md": (lines + ["---", "Body."]).joined(separator: "\n")])
        defer { site.delete() }
        let diagnostics = try site.diagnosticLines()
        #expect(diagnostics.contains("Content/incidents/bomb.md:11:1: warning: l4: the unknown fields of this file hold more "
                                     + "than 10000 values; this one and those after it are left out"))
        // An alias points at its anchor's value, so the error is placed there.
        #expect(diagnostics.contains("Content/incidents/bomb.md:15:5: error: tags[1]: expected text, found a list"))
    }

    /// cmark-gfm's tables take time in the square of a row's cells: 600 rows of 2,000 cells
    /// (2.4 MB) took 12 s to render, once per page that shows them. Such a text is rendered
    /// without tables, with a warning at the first wide row; a table of 99 cells still renders.
    @Test func overwideTableIsShownAsText() throws {
        func head(_ title: String) -> String {
            "---\ntitle: \(title)\ndate: 2024-01-01\nlocation: Here\nstatus: closed\nsummary: S.\n---\nIntro.\n\n"
        }
        func row(_ cells: Int) -> String { "|" + String(repeating: " a |", count: cells) + "\n" }
        let wide = row(2_000) + "|" + String(repeating: "-|", count: 2_000) + "\n" + String(repeating: row(2_000), count: 600)
        let fits = row(99) + "|" + String(repeating: "-|", count: 99) + "\n" + row(99)
        let site = try TestSite(["Content/incidents/wide.md": head("Wide") + wide,
                                 "Content/incidents/fits.md": head("Fits") + fits])
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "Content/incidents/wide.md:10:1: warning: body: a table row of more than 100 cells; the tables of this text are shown as plain text",
        ])
        try site.build()
        #expect(try !site.read("incidents/wide/index.html").contains("<table"))
        #expect(try site.read("incidents/fits/index.html").components(separatedBy: "<td>").count == 100)
    }

    /// The contents of the page's JSON-LD blocks (data, not code).
    static func jsonLD(in html: String) -> [String] {
        let open = "<script type=\"application/ld+json\">"
        var blocks: [String] = []
        var rest = html[...]
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: "</script>") {
            blocks.append(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return blocks
    }

    /// `javascript:` counts as live only inside an href/src attribute value.
    static func hasLiveJavascriptURL(_ html: String) -> Bool {
        for attribute in ["href=\"", "src=\"", "action=\"", "formaction=\""] {
            var rest = html[...]
            while let range = rest.range(of: attribute) {
                let value = rest[range.upperBound...].prefix { $0 != "\"" }
                // By Unicode scalar, as a browser reads it: a combining mark after the colon
                // makes one Character with it, which would hide the scheme from `hasPrefix`.
                let cleaned = value.unicodeScalars.filter { $0.value > 0x20 }
                for scheme in ["javascript:", "vbscript:"] where cleaned.starts(with: scheme.unicodeScalars) { return true }
                rest = rest[range.upperBound...]
            }
        }
        return false
    }

    /// Attributes named `on...` inside tags (text that merely mentions one is fine).
    static func eventHandlerAttributes(in html: String) -> [String] {
        var found: [String] = []
        var inTag = false
        var quote: Character?
        var previous: Character = " "
        var index = html.startIndex
        while index < html.endIndex {
            let c = html[index]
            if inTag {
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == "\"" || c == "'" {
                    quote = c
                } else if c == ">" {
                    inTag = false
                } else if previous.isWhitespace, c == "o", html[index...].hasPrefix("on"),
                          let eq = html[index...].firstIndex(where: { $0 == "=" || $0.isWhitespace || $0 == ">" }),
                          html[eq] == "=" {
                    found.append(String(html[index..<eq]))
                }
            } else if c == "<" {
                inTag = true
            }
            previous = c
            index = html.index(after: index)
        }
        return found
    }
}
