import BlotterCore
import Foundation
import Testing

/// The Markdown layer: GFM conformance, safety and parallel rendering.
@Suite struct MarkdownTests {
    struct Case: Decodable {
        var id: String
        var markdown: String
        var html: String
        var extensions: [String]
        var disabled: Bool?
    }

    struct Suite: Decodable {
        var cases: [Case]
    }

    /// The GFM spec's examples (CC BY-SA 4.0; see Tests/Fixtures/gfm/README.md).
    static let conformanceFile = TestSite.repositoryRoot.appendingPathComponent("Tests/Fixtures/gfm/gfm-spec-cases.json")

    /// Whitespace between tags does not count; footnote markup differs between cmark-gfm versions.
    static func normalise(_ html: String) -> String {
        html.replacingOccurrences(of: ">\n", with: ">").replacingOccurrences(of: "\n<", with: "<")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func gfmSpecExamples() throws {
        let data = try Data(contentsOf: Self.conformanceFile)
        let cases = try JSONDecoder().decode(Suite.self, from: data).cases.filter { $0.disabled != true }
        var failures: [String] = []
        for c in cases {
            let extensions = c.id.hasPrefix("extensions") ? Markdown.siteExtensions
                : c.extensions.filter { Markdown.siteExtensions.contains($0) }
            let footnotes = c.id.hasPrefix("extensions") || c.extensions.contains("footnotes")
            let actual = Markdown.render(c.markdown, extensions: extensions, footnotes: footnotes, unsafe: true)
            if Self.normalise(actual) != Self.normalise(c.html) { failures.append(c.id) }
        }
        let passed = cases.count - failures.count
        print("GFM conformance: \(passed)/\(cases.count) passed; failing: \(failures.joined(separator: ", "))")
        // Allowed differences: footnote markup of cmark-gfm 0.29 vs the spec file (see conformance/README.md).
        #expect(failures.allSatisfy { $0.hasPrefix("extensions") }, "failing: \(failures)")
        #expect(failures.count <= 2)
    }

    @Test func rawHTMLAndDangerousLinksAreNeutralised() {
        let html = Markdown.html("""
            <script>alert(1)</script>

            <img src=x onerror=alert(1)>

            [a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](java&#115;cript:alert(1))
            [d](vbscript:msgbox) [e](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(1)>
            ![i](javascript:alert(1))
            """)
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
        #expect(!html.lowercased().contains("href=\"javascript:"))
        #expect(!html.lowercased().contains("src=\"javascript:"))
        #expect(!html.lowercased().contains("vbscript:"))
        #expect(html.contains("<a href=\"\">a</a> <a href=\"\">b</a> <a href=\"\">c</a>"))
        #expect(!html.contains("data:text/html"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
    }

    @Test func extensionsAreOn() {
        #expect(Markdown.html("~~gone~~") == "<p><del>gone</del></p>\n")
        #expect(Markdown.html("see www.example.org") == "<p>see <a href=\"http://www.example.org\">www.example.org</a></p>\n")
        #expect(Markdown.html("| a |\n|---|\n| b |").contains("<table>"))
        #expect(Markdown.html("- [x] done").contains("checkbox"))
        #expect(Markdown.html("Note[^1]\n\n[^1]: Here.").contains("footnotes"))
        #expect(Markdown.inlineHTML("*a* b") == "<em>a</em> b")
    }

    /// cmark-gfm 0.29 changes a process-wide table while parsing; many documents
    /// rendered at once must each come out as they do alone.
    @Test func concurrentRenderingMatchesSerial() async {
        #expect(Markdown.parsesInParallel, "cmark-gfm's table calls should reach Blotter's replacement")
        // Long documents keep each parse running while others finish and clear the table.
        let documents = (0..<200).map { i in
            (0..<60).map { p in
                // Odd documents have no bare `www.` (so they parse while the even ones switch `w` on and off).
                "Paragraph \(p) of doc \(i): ~~struck~~ and "
                    + (i % 2 == 0 ? "www.example\(p).org" : "[a site](https://www.example\(p).org/www.x)")
                    + " and https://x.org/\(i)/\(p) text.\n\n"
                    + (p % 10 == 0 ? "| a | b |\n|---|---|\n| \(i) | ~~x~~ |\n\n- [x] task \(p)\n\n" : "")
            }.joined()
        }
        let expected = documents.map(Markdown.html)
        let results = await withTaskGroup(of: (Int, String).self) { group in
            for round in 0..<3 {
                for (i, document) in documents.enumerated() {
                    group.addTask { (i, Markdown.html(document) + (round == 0 ? "" : "")) }
                }
            }
            var collected: [(Int, String)] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == documents.count * 3)
        let mismatches = results.filter { expected[$0.0] != $0.1 }.count
        #expect(mismatches == 0)
        #expect(expected.allSatisfy { $0.contains("<del>") && $0.contains("<table>") && $0.contains("href=\"http") })
        #expect(expected.enumerated().allSatisfy { $0.element.contains("href=\"http://www.") == ($0.offset % 2 == 0) })
    }

    /// A text is parsed without the cmark-gfm features it cannot use (`w` special for `www.`
    /// links, tables, footnotes, strikethrough): every text must come out as it does with
    /// all of them. Checked on the GFM examples and on 40,000 random texts dense in the
    /// characters each feature looks for, with the number of texts that left each one out.
    @Test func featuresLeftOutChangeNothing() throws {
        let data = try Data(contentsOf: Self.conformanceFile)
        var texts = try JSONDecoder().decode(Suite.self, from: data).cases.map(\.markdown)
        let pieces = ["www.", "w", "ww", "a", "x.org", " ", "\n", "\n\n", "*", "_", "~", "(", ")", "[", "]", "|", "/", ".", "-",
                      ":", "http", "https://", "@", "b@c.de", "mailto:", "`", "&", ";", "\\", "> ", "- ", "1. ", "# ", "\t",
                      "é", "|---|", "<", "!", "[^1]", "WWW.", ":-:", "--:", ":--", "\n> ", "[^1]: a", "^", "~~",
                      "a|b\n|-|-|\n", "\nx\n:-:\n", "\n> x\n> --:\n"]
        var generator = SystemRandomNumberGenerator.Seeded(seed: 11)
        texts += (0..<40_000).map { _ in
            (0..<Int.random(in: 1...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        var withoutW = 0, withoutTables = 0, withoutFootnotes = 0, withoutStrikethrough = 0
        var wwwLinks = 0, tables = 0, footnotes = 0, struck = 0
        for text in texts {
            let all = Markdown.render(text, extensions: Markdown.siteExtensions, footnotes: true, tableStyles: true,
                                      everything: true)
            let html = Markdown.render(text, extensions: Markdown.siteExtensions, footnotes: true, tableStyles: true)
            #expect(html == all, "\(text.debugDescription)")
            let features = Features(text)
            if !WWWLinks.mayHold(text) { withoutW += 1 }
            if !features.contains(.tables) { withoutTables += 1 }
            if !features.contains(.footnotes) { withoutFootnotes += 1 }
            if !features.contains(.strikethrough) { withoutStrikethrough += 1 }
            if all.contains("href=\"http://www.") { wwwLinks += 1 }
            if all.contains("<table") { tables += 1 }
            if all.contains("footnote") { footnotes += 1 }
            if all.contains("<del>") { struck += 1 }
        }
        let counts = [withoutW, withoutTables, withoutFootnotes, withoutStrikethrough]
        #expect(counts.allSatisfy { $0 > 5_000 && texts.count - $0 > 5_000 }, "texts that left out w, tables, footnotes, ~: \(counts)")
        #expect([wwwLinks, tables, footnotes, struck].allSatisfy { $0 > 500 }, "\([wwwLinks, tables, footnotes, struck])")
        #expect(WWWLinks.mayHold("www.a.org") && WWWLinks.mayHold("see (www.a.org)") && WWWLinks.mayHold("|www.a.org|"))
        #expect(!WWWLinks.mayHold("[a](https://www.a.org)") && !WWWLinks.mayHold("awww.a.org") && !WWWLinks.mayHold("WWW.a.org"))
        // A table of one column needs no `|`, and still scrolls by keyboard.
        #expect(Markdown.html("Ward\n:-:\nEast\n").hasPrefix("<div class=\"table-wrap\""))
    }

    /// Structured data joins a text's plain lines with spaces on the UTF-8; it must agree with
    /// splitting at Characters (or leave the text to it, when another line break is there).
    @Test func joinedLinesMatchCharacterSplit() {
        let pieces = ["a", "é", "🚒", " ", "\t", "\n", "\n\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}",
                      "\u{2029}", "\u{2027}", "\u{301}", "x y"]
        var generator = SystemRandomNumberGenerator.Seeded(seed: 3)
        var joined = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let expected = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmedWhitespace
            if let fast = Markdown.joinedLines(text) {
                joined += 1
                #expect(fast == expected, "\(text.debugDescription)")
            }
        }
        #expect(joined > 3_000)
    }

    /// Lines made without cmark-gfm (`SimpleMarkdown`) must be exactly what cmark-gfm makes:
    /// checked on 60,000 random lines over every ASCII character and some others, on
    /// lines that look plain but are Markdown, and on 60,000 random texts of several lines.
    @Test func plainLinesMatchCmark() {
        let alphabet = Array("abcXYZ019 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\u{7F}éß–🚒w.")
        var generator = SystemRandomNumberGenerator.Seeded(seed: 7)
        var lines = (0..<60_000).map { _ in
            String((0..<Int.random(in: 1...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        lines += ["1. Not plain", "12) Nor this", "10.5 million", "- item", "+ item", "# Heading", "See www.example.org",
                  "Visit WWW.EXAMPLE.ORG", "http://example.org", "a://b", "Officers arrived at 14:30.",
                  "\"Quoted\" words", "It's the officers' car", "(In brackets)", "Ends in space ", " Starts with one",
                  "2 people were hurt.", "Fire at No. 10", "Score: 3-1; 50% of {them}?", "Café in Łódź: 5 hurt!"]
        let accepted = Self.takenLikeCmark(lines)[0]
        for line in lines where SimpleMarkdown.isPlain(line) {
            let plain = Markdown.render(line, extensions: Markdown.siteExtensions, footnotes: false, plain: true)
            #expect(Markdown.plainText(line) == line && plain == line + "\n", "\(line.debugDescription) as plain text")
        }
        #expect(accepted > 3_000, "only \(accepted) lines taken as plain")
        for line in ["12) Nor this", "See www.example.org", "http://example", "+ item", " Starts with one"] {
            #expect(SimpleMarkdown.html(line) == nil, "\(line) is Markdown")
        }
        #expect(SimpleMarkdown.html("Officers arrived at 14:30.") == "<p>Officers arrived at 14:30.</p>\n")
        // Texts of several lines: lines from a mostly plain alphabet, joined by one or more line ends.
        // Most lines open with a letter, digit, quote or bracket; a few characters are Markdown.
        let openers = Array("aXb0(\"' =-#>1")
        let plainish = Array("abcdefXYZ0123  .,;:'\"()!?-/=wabcdef.ww") + Array("*_[<&\t")
        var texts = (0..<60_000).map { _ in
            (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                Int.random(in: 0..<8, using: &generator) == 0 ? ""
                    : String(openers.randomElement(using: &generator)!)
                        + String((0..<Int.random(in: 0...12, using: &generator)).map { _ in plainish.randomElement(using: &generator)! })
            }.joined(separator: ["\n", "\n", "\n\n", "\n\n\n"].randomElement(using: &generator)!)
        }
        texts += ["Neighbours said\nthe street was quiet.\n", "One.\n\nTwo \"quoted\".\n", "a\n===", "a\n- b", "a\n1. b",
                  "a  \nb", "a\n    b", "a\n> b", "a\n# b", "\n\nLate start\nhere", "a\n\n\n"]
        let paragraphs = Self.takenLikeCmark(texts)[0]
        #expect(paragraphs > 1_500, "only \(paragraphs) texts taken as plain paragraphs")
        for text in ["a\n===", "a\n- b", "a\n1. b", "a  \nb", "a\n    b", "\n\n"] {
            #expect(SimpleMarkdown.html(text) == nil, "\(text.debugDescription) is Markdown")
        }
        #expect(SimpleMarkdown.html("\"Quoted\" words") == "<p>&quot;Quoted&quot; words</p>\n")
    }
}

extension MarkdownTests {
    /// Simple links and emphasis made without cmark-gfm must be exactly what cmark-gfm makes:
    /// 40,000 random texts of words, spaces, line ends, punctuation, delimiters, brackets and
    /// addresses, 80,000 random sentences with emphasis and links, good and bad, and texts
    /// that look simple but are not.
    @Test func simpleLinksAndEmphasisMatchCmark() {
        let pieces = ["Police", "were", "called", "a", "b9", "é", "–", "🚒", " ", " ", " ", "\n", "\n\n", ".", ",", ";", ":", "!",
                      "?", "\"", "'", "(", ")", "*", "**", "***", "_", "__", "[", "]", "](", "](https://x.org/a_b-c)",
                      "](http://w.io/?q=1&r=2)", "](https://a.b/p%20q~r#s;t,u+v=w$x!y)", "](https://a.b/(c))",
                      "](https://a.b/ c)", "](javascript:alert)", "](/local)", "https://x.org", "www.", "//", "^", "!",
                      "1.", "2)", "#", "-", "[^1]", "<", "&", "\\", "`", "~"]
        var generator = SystemRandomNumberGenerator.Seeded(seed: 23)
        var texts = (0..<40_000).map { _ in
            (0..<Int.random(in: 1...16, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        // Sentences: words between spaces, some emphasised or linked (with good and bad
        // marks and addresses), some punctuation after them, now and then a piece from above.
        let words = ["Police", "were", "called", "a", "b9", "é", "the", "2am", "\"quoted\"", "it's", "(now)", "Café"]
        let marks = ["*", "**", "_", "__", "***", "*", "**", "_"]
        let urls = ["https://x.org/a_b-c", "http://w.io/?q=1&r=2", "https://a.b/p%20q~r#s;t,u+v=w$x!y", "https://a.b/(c)",
                    "https://a.b/ c", "javascript:alert", "/local", "https://www.bbc.co.uk/news/2813309", "http://a.b/*c"]
        let after = ["", "", "", ".", ",", ";", ":", "!", "?", ")", "\"", "'", "s", "*", "_"]
        texts += (0..<80_000).map { _ in
            var text = ""
            for k in 0..<Int.random(in: 1...10, using: &generator) {
                if k > 0 { text += Int.random(in: 0..<12, using: &generator) == 0 ? "\n" : " " }
                let word = words.randomElement(using: &generator)!
                switch Int.random(in: 0..<10, using: &generator) {
                case 0, 1:
                    let mark = marks.randomElement(using: &generator)!
                    let inner = Int.random(in: 0..<4, using: &generator) == 0 ? word + " " + words.randomElement(using: &generator)! : word
                    text += mark + inner + mark
                case 2, 3:
                    let inner = Int.random(in: 0..<4, using: &generator) == 0 ? word + "\n" + words.randomElement(using: &generator)! : word
                    text += "[" + inner + "](" + urls.randomElement(using: &generator)! + ")"
                case 4:
                    text += pieces.randomElement(using: &generator)!
                case 5:
                    let mark = marks.randomElement(using: &generator)!
                    let link = "[" + word + "](" + urls.randomElement(using: &generator)! + ")"
                    text += mark + (Int.random(in: 0..<2, using: &generator) == 0 ? link : word + " " + link) + mark
                default:
                    text += word
                }
                text += after.randomElement(using: &generator)!
            }
            return text
        }
        texts += ["A **post-mortem** examination is *expected* to take place.", "Officers _attended_ at __10pm__.",
                  "Residents heard [a loud bang](https://www.bbc.co.uk/news/1) before *help* arrived.",
                  "[Shops](https://a.org/x) reopened\nthe *next* morning.", "The [CCTV\ncoverage](https://a.org/y) review.",
                  "*a*b", "a*b*", "_a_b", "snake_case_name", "*a **b** c*", "[*a*](https://a.org)", "*[a](https://a.org)*",
                  "![a](https://a.org/i.png)", "[a] [b](https://a.org)", "[a]: https://a.org", "[^1](https://a.org)",
                  "**a*", "*a**", "***a***", "* a*", "*a *", "\"*a*\"", "(*a*)", "*a*.", "_a_'s", "**1**"]
        let counts = Self.takenLikeCmark(texts, counting: [["<a href"], ["<em>", "<strong>"]])
        let (accepted, links, emphasis) = (counts[0], counts[1], counts[2])
        #expect(accepted > 5_000 && links > 1_000 && emphasis > 1_000, "\([accepted, links, emphasis]) accepted, links, emphasis")
        #expect(SimpleMarkdown.html("A **post-mortem** is [due](https://a.org/x_y).")
            == "<p>A <strong>post-mortem</strong> is <a href=\"https://a.org/x_y\">due</a>.</p>\n")
        for text in ["*a*b", "snake_case_name", "[a](javascript:alert)", "![a](https://a.org/i.png)", "*a **b** c*"] {
            #expect(SimpleMarkdown.html(text) == nil, "\(text.debugDescription) is left to cmark-gfm")
        }
        // Plain text is skipped sixteen bytes at a time: a byte that matters must be seen at
        // every offset of a long run of words.
        let run = "Police were called to Mill Lane, it's 10-12 in Café Łódź, 🚒 and"
        for special in ["&", "<", "\t", "|", "//", "www.", "\\", "`", "~", "@", "\"", ".", "/", "*", "[", "]", "_"] {
            for offset in 0...run.count {
                var text = run
                text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: offset))
                let fast = SimpleMarkdown.html(text)
                if ["&", "<", "\t", "|", "//", "www.", "\\", "`", "~", "@"].contains(special) {
                    #expect(fast == nil, "\(text.debugDescription) is left to cmark-gfm")
                } else if let fast {
                    let cmark = Markdown.render(text, extensions: Markdown.siteExtensions, footnotes: true, tableStyles: true)
                    #expect(fast == cmark, "\(text.debugDescription)")
                }
            }
        }
    }
}

extension MarkdownTests {
    /// Bodies of headings, lists, quotes and paragraphs made without cmark-gfm must be exactly what
    /// cmark-gfm makes: 40,000 random bodies of blocks, good and bad, between blank lines or
    /// not, and bodies that look simple but are not.
    @Test func simpleBlocksMatchCmark() {
        let sentences = ["Police were called.", "A **post-mortem** is *due*.", "See [the report](https://a.org/r_1).",
                         "Shops _reopened_ later", "It's \"quiet\" (now)", "2 hurt", "Café in Łódź", "[a](https://b.c)"]
        let blocks = ["# ", "## ", "### ", "###### ", "####### ", "#", "- ", "* ", "+ ", "1. ", "2. ", "10. ", "01. ", "1) ",
                      "> ", "-  ", "    ", "- [ ] ", "- [x] ", "- [X] ", "- [x]", "- [x]  ", "- [y] ", "1. [ ] ", "", "", "", ""]
        let joins = ["\n", "\n\n", "\n\n", "\n\n\n", "\n- ", "\n1. ", "\n2. ", "\n## "]
        var generator = SystemRandomNumberGenerator.Seeded(seed: 29)
        var texts = (0..<40_000).map { _ in
            (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                blocks.randomElement(using: &generator)! + sentences.randomElement(using: &generator)!
                    + (Int.random(in: 0..<6, using: &generator) == 0 ? ["#", " ", " ##", "\n"].randomElement(using: &generator)! : "")
            }.joined(separator: joins.randomElement(using: &generator)!)
        }
        texts += ["## The investigation\n\nAn inquest is *expected*.\n\n- One\n- Two\n\n3. Three\n4. Four\n",
                  "> a\n> b\n\n> c", "> > a", "> a\n>\n> b", "> - a\n> - b", "> ## a", "> 1. a\n\n2. b", "- a\n\n> b",
                  "- a\n\n- b", "1. a\n\n2. b", "- a\n\n1. b", "- a\nb", "## a\nb", "a\n## b", "a\n- b", "- a\n  b",
                  "# a #", "#a", "- ", "1. ", "0. zero", "123456789. big", "1234567890. too big"]
        // Task-list boxes are labelled for screen readers after cmark-gfm; the fast path
        // writes them labelled.
        let counts = Self.takenLikeCmark(texts, counting: [["<h"], ["<li>"], ["checkbox"]])
        let (accepted, headings, lists, tasks) = (counts[0], counts[1], counts[2], counts[3])
        #expect(tasks > 500, "\(tasks) texts with tasks")
        #expect(accepted > 2_500 && headings > 1_000 && lists > 1_000, "\([accepted, headings, lists]) accepted, headings, lists")
        #expect(SimpleMarkdown.html("## Now\n\n- a\n- *b*\n\nThen:\n\n3. c\n")
            == "<h2>Now</h2>\n<ul>\n<li>a</li>\n<li><em>b</em></li>\n</ul>\n<p>Then:</p>\n<ol start=\"3\">\n<li>c</li>\n</ol>\n")
        #expect(SimpleMarkdown.html("> A *quote*\n> goes on.\n\n> - a\n") == "<blockquote>\n<p>A <em>quote</em>\ngoes on.</p>\n"
            + "</blockquote>\n<blockquote>\n<ul>\n<li>a</li>\n</ul>\n</blockquote>\n")
        #expect(SimpleMarkdown.html("- [x] Done\n- [ ] Not *yet*\n") == "<ul>\n<li>" + String(decoding: SimpleMarkdown.doneTask, as: UTF8.self)
            + "Done</li>\n<li>" + String(decoding: SimpleMarkdown.openTask, as: UTF8.self) + "Not <em>yet</em></li>\n</ul>\n")
        for text in ["- a\n\n- b", "- a\nb", "- [y] task", "# a #", "> a\nlazy", ">\n> b", "a > b", "* star"] {
            #expect(SimpleMarkdown.html(text) == nil, "\(text.debugDescription) is left to cmark-gfm")
        }
        // Quotes in quotes recurse: past a few levels cmark-gfm takes them (a hostile text of
        // 50,000 levels overflowed the stack).
        let eight = String(repeating: "> ", count: SimpleMarkdown.maxQuoteDepth) + "a"
        #expect(SimpleMarkdown.html(eight) == Markdown.cmarkHTML(eight))
        let deep = String(repeating: "> ", count: 50_000) + "a"
        #expect(SimpleMarkdown.html("> " + eight) == nil)
        let quoted = String(repeating: "> ", count: Markdown.maxNesting - 1) + "a"
        #expect(Markdown.html(quoted) == String(repeating: "<blockquote>\n", count: Markdown.maxNesting - 1) + "<p>a</p>\n"
            + String(repeating: "</blockquote>\n", count: Markdown.maxNesting - 1))
        // Deeper than `maxNesting`, a text is shown as plain paragraphs.
        #expect(Markdown.html(deep) == "<p>" + String(repeating: "&gt; ", count: 50_000) + "a</p>\n")
        let list = String(repeating: "- ", count: 100_000) + "x <b>\n\nNext"
        #expect(Markdown.html(list) == "<p>" + String(repeating: "- ", count: 100_000) + "x &lt;b&gt;</p>\n<p>Next</p>\n")
        let emphasis = String(repeating: "*", count: 50_000) + "a" + String(repeating: "*", count: 50_000)
        #expect(Markdown.html(emphasis) == "<p>" + emphasis + "</p>\n")
        #expect(Markdown.nestingDepth("<p>a<br />b <img src=\"x\" alt=\"\" /></p>\n<ul>\n<li><input type=\"checkbox\" disabled=\"\" "
            + "aria-label=\"Done\"> <em>c</em></li>\n</ul>\n<hr />\n<!-- raw HTML omitted -->\n") == 3)
    }
}

extension MarkdownTests {
    /// Tables, footnotes, bare addresses and strikethrough made without cmark-gfm must be
    /// exactly what cmark-gfm makes (with the table wrapper and task labels added after it):
    /// 40,000 random bodies of good and bad tables, footnote references and definitions,
    /// paragraphs of addresses and marks, lists and quotes, and texts that look simple but are not.
    @Test func simpleTablesNotesAndAddressesMatchCmark() {
        // Each choice is mostly a good one, now and then a bad one.
        let urls = (good: ["https://x.org", "https://news.x.org/a/123", "http://a.b.c/d-e/f_g", "https://x.org/a.b", "https://1.2",
                           "https://www.bbc.co.uk/news/1", "https://x-y.org/"],
                    bad: ["https://x-.org", "https://-x.org", "https://x..org", "https://x", "HTTPS://X.ORG", "https://x.org/a_",
                          "https://x.org/a~b", "https://x.org?q=1", "https://x.org/(a)", "http://x.org/a*b", "ftp://x.org",
                          "https://x_y.org", "https://x.org/a%20b"])
        let marks = (good: ["*", "**", "_", "__", "~~"], bad: ["~", "~~~", "***"])
        let after = (good: ["", "", "", "", ".", ",", ";", ":", "!", "?"], bad: [")", "'", "s", "*", "~", "..", "\""])
        let labels = (good: ["1", "2", "a", "note"], bad: ["A", "", "1 2", "^"])
        let words = ["Police", "were", "called", "a", "b9", "2am", "é", "it's", "(now)", "Café"]
        var generator = SystemRandomNumberGenerator.Seeded(seed: 31)
        func pick(_ list: [String]) -> String { list.randomElement(using: &generator)! }
        func chance(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &generator) == 0 }
        func pick(_ lists: (good: [String], bad: [String])) -> String { pick(chance(12) ? lists.bad : lists.good) }
        func sentence(_ used: inout [String]) -> String {
            var text = ""
            for k in 0..<Int.random(in: 1...7, using: &generator) {
                if k > 0 { text += chance(14) ? "\n" : " " }
                switch Int.random(in: 0..<12, using: &generator) {
                case 0, 1: text += pick(urls)
                case 2:
                    let mark = pick(marks)
                    text += mark + pick(words) + (chance(3) ? pick([":", ".", "!", "?", ","]) : "") + (chance(4) ? " " + pick(words) : "")
                        + (chance(12) ? pick(marks) : mark)
                case 3:
                    let label = pick(labels)
                    used.append(label)
                    text += pick(words) + (chance(12) ? pick(["![^", "[^"]) + label + pick(["](https://x.org)", "]:", "[a]"]) : "[^" + label + "]")
                case 4: text += "[" + pick(words) + "](" + pick(urls) + ")"
                default: text += pick(words)
                }
                text += pick(after)
            }
            return text
        }
        func table(_ used: inout [String]) -> String {
            func cell() -> String { chance(5) ? "" : chance(3) ? sentence(&used).replacingOccurrences(of: "\n", with: " ") : pick(words) }
            let columns = Int.random(in: 1...4, using: &generator)
            let header = (0..<columns).map { _ in " " + cell() + " " }
            let delimiters = (0..<(chance(20) ? columns + 1 : columns)).map { _ in
                pick((good: ["---", ":--", "--:", ":-:", "-", " :---: "], bad: ["", ":", "-:-", "- -", "x"]))
            }
            var lines = ["|" + header.joined(separator: "|") + "|", "|" + delimiters.joined(separator: "|") + "|"]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let count = chance(6) ? Int.random(in: 1...columns + 1, using: &generator) : columns
                lines.append("|" + (0..<count).map { _ in " " + cell() + " " }.joined(separator: "|") + "|")
            }
            if chance(20) { lines[Int.random(in: 0..<lines.count, using: &generator)] += pick([" ", "x"]) }
            if chance(20) { lines.append(pick(words)) }
            return lines.joined(separator: "\n")
        }
        func definition(_ label: String, _ used: inout [String]) -> String {
            "[^" + label + "]" + (chance(12) ? pick([":", ":  "]) : ": ") + sentence(&used)
        }
        func block(_ used: inout [String]) -> String {
            switch Int.random(in: 0..<12, using: &generator) {
            case 0, 1, 2: return table(&used)
            case 3: return definition(pick(labels), &used)
            case 4: return "> " + (chance(2) ? table(&used) : definition(pick(labels), &used)).replacingOccurrences(of: "\n", with: "\n> ")
            case 5: return (0..<Int.random(in: 1...3, using: &generator)).map { _ in "- " + sentence(&used).replacingOccurrences(of: "\n", with: " ") }
                .joined(separator: "\n")
            case 6: return "## " + sentence(&used).replacingOccurrences(of: "\n", with: " ")
            default: return sentence(&used)
            }
        }
        var texts = (0..<40_000).map { _ in
            var used: [String] = []
            var blocks = (0..<Int.random(in: 1...6, using: &generator)).map { _ in block(&used) }
            // Definitions for the labels referred to, now and then in the middle or missing.
            for label in Set(used).sorted() where !chance(10) {
                var ignored: [String] = []
                blocks.insert(definition(label, &ignored), at: chance(5) ? Int.random(in: 0...blocks.count, using: &generator) : blocks.count)
            }
            return blocks.joined(separator: chance(10) ? "\n" : "\n\n")
        }
        texts += ["| Year | Incidents in Dagenham | Fatal |\n|---|--:|--:|\n| 2016 | 3 | 0 |\n| 2017 | 12 | 1 |",
                  "A fire.[^1]\n\n[^1]: The *brigade* said so.", "More at https://example.org/1234567.",
                  "*Correction:* an earlier version said ~~3 people~~ were hurt.", "a\n[^1]: b\n\nc[^1]",
                  "[^1]\n\n[^1]: x\n\n[^2]: y", "a [^1]: b\n\n[^1]: c", "| a |\n|---|", "| a | b |\n|---|\n| c |",
                  "| a |\n| - |\n| b | c |", "x https://x.org/a.b. y", "(https://x.org)", "x:https://x.org", "~~a~~b",
                  "[^1][^1]\n\n[^1]: x", "> [^1]: x\n\n[^1]", "| [a](https://x.org) | ~~b~~ [^1] |\n|:-|-:|\n\n[^1]: n",
                  "a [^1](https://x.org)\n\n[^1]: c", "*a:*b", "a *b.*c", "*a.* b", "~~a!~~ b"]
        let counts = Self.takenLikeCmark(texts, counting: [["<table>"], ["footnote-ref"], ["\">http"], ["<del>"]])
        let (accepted, tables, notes, addresses, struck) = (counts[0], counts[1], counts[2], counts[3], counts[4])
        #expect(accepted > 3_500 && tables > 1_100 && notes > 400 && addresses > 1_700 && struck > 170,
                "\([accepted, tables, notes, addresses, struck]) accepted, tables, notes, addresses, struck")
        #expect(SimpleMarkdown.html("A fire.[^1] See https://x.org/a.\n\n| Year | Hurt |\n|---|--:|\n| 2016 | ~~3~~ 2 |\n\n[^1]: Said *police*.\n")
            == "<p>A fire.<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a></sup> See "
            + "<a href=\"https://x.org/a\">https://x.org/a</a>.</p>\n<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" "
            + "tabindex=\"0\"><table>\n<thead>\n<tr>\n<th>Year</th>\n<th style=\"text-align: right\">Hurt</th>\n</tr>\n</thead>\n"
            + "<tbody>\n<tr>\n<td>2016</td>\n<td style=\"text-align: right\"><del>3</del> 2</td>\n</tr>\n</tbody>\n</table></div>\n"
            + "<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-1\">\n<p>Said <em>police</em>. <a href=\"#fnref-1\" "
            + "class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to content\">↩</a></p>\n</li>\n</ol>\n</section>\n")
        // Many footnotes go to cmark-gfm (the fast path's search among them grows with their square).
        let many = "Start" + (0..<65).map { " a[^n\($0)]" }.joined() + "\n\n" + (0..<65).map { "[^n\($0)]: x" }.joined(separator: "\n\n")
        let enough = "Start" + (0..<64).map { " a[^n\($0)]" }.joined() + "\n\n" + (0..<64).map { "[^n\($0)]: x" }.joined(separator: "\n\n")
        #expect(SimpleMarkdown.html(many) == nil)
        #expect(SimpleMarkdown.html(enough) == Markdown.cmarkHTML(enough) && Markdown.cmarkHTML(enough).contains("fnref-n63"))
        for text in ["a\n[^1]: b\n\nc[^1]", "[^1][^1]\n\n[^1]: x", "> [^1]: x\n\n[^1]", "[^9] alone", "| a |\n| b |", "~a~",
                     "| a |\n|---|\nlazy", "x https://x.org/a..", "(https://x.org)", "a [^1](https://x.org)\n\n[^1]: c", "a [^1](b) c\n\n[^1]: x", "*a:*b"] {
            #expect(SimpleMarkdown.html(text) == nil, "\(text.debugDescription) is left to cmark-gfm")
        }
    }
}

extension MarkdownTests {
    /// Checks that every text of `texts` that `SimpleMarkdown` takes gets exactly the HTML of
    /// cmark-gfm's whole path (`Markdown.cmarkHTML`: table wrappers and task labels added).
    /// Returns how many it took, then, for each group of `marks`, how many of those hold
    /// one of the group in their HTML (so that a test can assert it did not pass empty).
    static func takenLikeCmark(_ texts: [String], counting marks: [[String]] = []) -> [Int] {
        var counts = [Int](repeating: 0, count: marks.count + 1)
        for text in texts {
            guard let fast = SimpleMarkdown.html(text) else { continue }
            counts[0] += 1
            for (k, group) in marks.enumerated() where group.contains(where: fast.contains) { counts[k + 1] += 1 }
            #expect(fast == Markdown.cmarkHTML(text), "\(text.debugDescription)")
        }
        return counts
    }
}

extension SystemRandomNumberGenerator {
    /// A seeded generator (SplitMix64), so random test inputs are the same on every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
