import BlotterCore
import Foundation
import Testing

/// The fast front-matter reader against Yams: the same tree (text, quoting and
/// positions) for everything it reads, and Yams for everything else.
@Suite struct YAMLReaderTests {
    /// Shapes front matter is written in; each must be read by the fast reader, as Yams reads it.
    static let handled: [String] = [
        "title: Fire in Barking\ndate: 2024-03-01T10:15:00Z\nslug: fire-in-barking\n",
        "location:\n  name: Weston Green, Dagenham\n  area: Barking and Dagenham\n  lat: 51.5468\n  lon: -0.1527\n",
        "tags: [fire, arson]\nagencies: [ Metropolitan Police ,  \"London Fire Brigade\" , 'IOPC' ]\nempty: []\nnone: {}\n",
        "casualties: {killed: 2, injured: 1}\nother: { a: \"x, y\" , b: 'it''s' }\n",
        "timeline:\n  - time: \"17:15\"\n    text: First.\n  - time: '18:00'\n    text: >-\n      Folded\n      text.\n",
        "timeline:\n- time: \"17:15\"\n  text: Indentless.\n- time: \"18:00\"\n  text: Two.\nnext: after\n",
        "quote: |\n  Line one.\n  Line two.\n\n  After a blank.\nnext: x\n",
        "a: |-\n  strip\n\nb: |+\n  keep\n\n\nc: >\n  folded\n  one\n\n\n  two\nd: >+\n  kept\n\ne: x\n",
        "summary: A plain scalar that goes on\n  over a second line\n  and a third.\nnext: x\n",
        "- one\n- two # a comment\n-   three\n",
        "# leading comment\ntitle: Hash#tag and a url https://example.org/a#b # trailing\n\n# between\nstatus: closed\n",
        "empty:\nafter: x\nnested:\n  inner:\n  other: y\nlast:\n",
        "list:\n  - a\n  - b\n  -\n    c: d\n  - e: f\n    g: h\n",
        "title: \"Quotes \\\"inside\\\" and \\\\ and \\u00e9 and \\x41 and \\/ and \\t\"\n",
        "place: Łódź, Café\nflow: [Łódź, Café, naïve]\nmap: {ville: Besançon, pays: \"France\"}\n",
        "emoji: \"🚒 fire\"\nflow: [🚒, 🚓 car, '🚑']\nafter: 🚒 {x} [y] z\n",
        "  title: indented root\n  status: open\n",
        "values: [~, null, 12, -3, 4.5, true, 2024-01-01]\nn: ~\nq: \"null\"\n",
        "a:\n  - x\n  - y\nb:\n- z\nc: d\n",
        "k: v\n\n\n",
        "",
        "# only a comment\n",
        "title: trailing spaces   \nother:    spaced value   # c\n",
        // Bytes C2, E2 and EF that start ordinary characters, past the first sixteen bytes.
        "title: a value long enough to scan £5 – “quoted” \u{FFFD} ok\n",
    ]

    /// Shapes left to Yams: anchors, tags, tabs, errors, and YAML the fast reader does not take on.
    static let leftToYams: [String] = [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a:\tb\n",
        "a: 1\na: 2\n",
        "title: \"two\n  lines\"\n",
        "a: b: c\n",
        "- a\nb: c\n",
        "key:value\n",
        "? complex\n: value\n",
        "a: |2\n   x\n",
        "---\na: 1\n",
        "%YAML 1.1\n---\na: 1\n",
        "a:\n  b: 1\n   c: 2\n",
        "a: |\n\n  leading blank\n",
        "a: >\n  folded\n    more indented\n",
        "a: [b,\n  c]\n",
        "a: \"unterminated\n",
        "\"quoted key\": x\n",
        "a: plain\n\n  continued after a blank\n",
        "a: - b\n",
        "a: b\n  # comment inside\n  c\n",
        "a: x\u{85}y\n",
        "a: [b, [c]]\n",
        "a: [b, ]\n",
        "a: '\\x'\nb: \"\\q\"\n",
        "a: \"\\x+4\"\n",
        "a: \"\\ud800\"\n",
        // A tab, NEL, LS, BOM, DEL and a noncharacter past the first sixteen bytes (looked for
        // sixteen at a time there).
        "title: a value long enough to scan\tb\n",
        "title: a value long enough to scan x\u{85}y\n",
        "title: a value long enough to scan \u{2028}\n",
        "title: a value long enough to scan \u{FEFF}\n",
        "title: a value long enough to scan \u{7F}\n",
        "title: a value long enough to scan \u{FFFE}\n",
    ]

    @Test func handledShapesMatchYams() {
        for yaml in Self.handled {
            #expect(YAMLReaderComparison.of(yaml) == .same, "\(yaml)")
        }
    }

    @Test func otherShapesAreLeftToYams() {
        for yaml in Self.leftToYams {
            #expect(YAMLReaderComparison.of(yaml) == .leftToYams, "\(yaml)")
        }
    }

    /// Hostile shapes: deep nesting goes to Yams, a very long one-line list is read in linear time.
    @Test func hostileShapesStayCheap() {
        var deep = ""
        for level in 0..<300 { deep += String(repeating: " ", count: level * 2) + "a:\n" }
        #expect(YAMLReaderComparison.of(deep + String(repeating: " ", count: 600) + "b: c\n") == .leftToYams)
        let shallow = (0..<40).map { String(repeating: " ", count: $0 * 2) + "a:\n" }.joined()
        #expect(YAMLReaderComparison.of(shallow + String(repeating: " ", count: 80) + "b: c\n") == .same)
        let items = (0..<100_000).map { "é\($0)" }.joined(separator: ", ")
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(YAMLReaderComparison.of("tags: [\(items)]\n") == .same) }
        #expect(elapsed < .seconds(20), "\(elapsed)")
    }

    /// Every front matter of the example site and of a generated corpus: read fast and the same, or left to Yams.
    @Test func realFrontMatterMatchesYams() throws {
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-yaml-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: corpus) }
        let generator = TestSite.repositoryRoot.appendingPathComponent("scripts/gen-corpus.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator.path, "--count", "400", "--out", corpus.path, "--seed", "yaml"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        var generated = try Self.frontMatters(in: corpus)
        generated.append(try String(contentsOf: corpus.appendingPathComponent("site.yml"), encoding: .utf8))
        let example = try Self.frontMatters(in: TestSite.repositoryRoot)
            + [try String(contentsOf: TestSite.repositoryRoot.appendingPathComponent("site.yml"), encoding: .utf8)]
        #expect(generated.count > 400)
        #expect(example.count >= 7)
        for (name, texts) in [("generated", generated), ("example", example)] {
            var same = 0
            for yaml in texts {
                let result = YAMLReaderComparison.of(yaml)
                if result == .same { same += 1 } else { #expect(result == .leftToYams, "\(name): \(yaml)") }
            }
            // The point of the fast reader: the front matter people write never goes to Yams.
            #expect(same == texts.count, "\(name): \(same) of \(texts.count) read by the fast reader")
        }
    }

    /// The YAML between the `---` lines of every `.md` file under `Content/`.
    static func frontMatters(in site: URL) throws -> [String] {
        let content = site.appendingPathComponent("Content")
        guard let walker = FileManager.default.enumerator(at: content, includingPropertiesForKeys: nil) else { return [] }
        var texts: [String] = []
        for case let url as URL in walker where url.pathExtension == "md" {
            let text = try String(contentsOf: url, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else { continue }
            texts.append(lines[1..<close].map { $0 + "\n" }.joined())
        }
        return texts
    }
}
