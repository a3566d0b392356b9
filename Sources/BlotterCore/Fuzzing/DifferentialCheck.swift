/// The checks the fuzzer (`Sources/BlotterFuzz`) and the tests run on any input: the fast
/// readers must agree with the libraries they stand in for, and nothing may crash.
package enum DifferentialCheck {
    /// A disagreement, described for the person who has to fix it.
    package struct Disagreement: Error, CustomStringConvertible, Sendable {
        package let description: String
    }

    /// Reads `bytes` as an incident file (front matter and body), a front matter on its own
    /// and a Markdown text on its own, through every fast path and its reference.
    package static func check(_ bytes: some Collection<UInt8>) throws(Disagreement) {
        let text = String(decoding: bytes, as: UTF8.self)
        let (yaml, body) = split(text)
        try frontMatter(yaml)
        try markdown(body)
        if body != text { try markdown(text) }
        _ = IncidentParser.parse(SourceFile(path: "Content/incidents/fuzz.md", text: text), config: .defaults)
    }

    /// The fast YAML reader against Yams: the same tree whenever the fast reader reads it.
    package static func frontMatter(_ yaml: String) throws(Disagreement) {
        switch YAMLReaderComparison.of(yaml) {
        case .same, .leftToYams: return
        case .different(let quick, let yams):
            throw Disagreement(description: "the fast YAML reader and Yams differ on \(yaml.debugDescription):\n"
                               + "fast: \(quick)\nYams: \(yams)")
        case .yamsRejected(let error):
            throw Disagreement(description: "the fast YAML reader read \(yaml.debugDescription), which Yams rejects: \(error)")
        }
    }

    /// The fast Markdown path against cmark-gfm: the same HTML whenever the fast path takes
    /// the text; the inline and plain-text forms made too (they must not crash).
    package static func markdown(_ text: String) throws(Disagreement) {
        if let fast = SimpleMarkdown.html(text) {
            let cmark = Markdown.cmarkHTML(text)
            guard fast == cmark else {
                throw Disagreement(description: "the fast Markdown path and cmark-gfm differ on \(text.debugDescription):\n"
                                   + "fast:  \(fast.debugDescription)\ncmark: \(cmark.debugDescription)")
            }
        }
        _ = Markdown.inlineHTML(text)
        _ = Markdown.plainText(text)
    }

    /// The front matter between a first `---` line and the next, and the rest; or the whole
    /// text as both when it has no front matter.
    static func split(_ text: String) -> (yaml: String, body: String) {
        guard text.hasPrefix("---\n") else { return (text, text) }
        // The closing line may follow at once ("---\n---\n"): its line break is the opening's.
        let afterOpening = text.index(text.startIndex, offsetBy: 3)
        guard let close = text.range(of: "\n---\n", range: afterOpening..<text.endIndex) else { return (text, text) }
        let yaml = text[text.index(after: afterOpening)..<max(close.lowerBound, text.index(after: afterOpening))]
        return (String(yaml) + "\n", String(text[close.upperBound...]))
    }
}
