/// A file split into its YAML front matter and its Markdown body.
struct FrontMatter: Sendable {
    /// The YAML between the two `---` lines.
    var yaml: String
    /// The file line of the first YAML line (2 when the file starts with `---`).
    var yamlFirstLine: Int
    /// The Markdown after the closing line.
    var body: String

    /// Splits `file`; a file without a complete front-matter block is a diagnostic.
    static func split(_ file: SourceFile) -> Result<FrontMatter, Diagnostic> {
        let bytes = file.text.utf8
        var lines = LineCursor(bytes)
        guard let first = lines.next(), isFence(bytes[first], dashesOnly: true) else {
            return .failure(Diagnostic(.error, file: file.path, line: 1, column: 1, field: "front matter",
                                       message: "expected the file to start with a '---' line"))
        }
        let yamlStart = first.upperBound
        while let line = lines.next() {
            if isFence(bytes[line], dashesOnly: false) {
                let text = file.text
                return .success(FrontMatter(yaml: String(text[yamlStart..<line.lowerBound]), yamlFirstLine: 2,
                                            body: String(text[lines.position...])))
            }
        }
        return .failure(Diagnostic(.error, file: file.path, line: 1, column: 1, field: "front matter",
                                   message: "no closing '---' line; end the front matter with a line of three dashes"))
    }

    /// `---` (or `...` to close), with trailing spaces allowed.
    private static func isFence(_ line: Substring.UTF8View, dashesOnly: Bool) -> Bool {
        var content = line
        while let last = content.last, last == 32 || last == 9 || last == 10 { content = content.dropLast() }
        return content.elementsEqual("---".utf8) || (!dashesOnly && content.elementsEqual("...".utf8))
    }
}

/// Walks the lines of UTF-8 text; each range includes its newline.
private struct LineCursor {
    let bytes: String.UTF8View
    var position: String.Index

    init(_ bytes: String.UTF8View) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    mutating func next() -> Range<String.Index>? {
        guard position < bytes.endIndex else { return nil }
        let start = position
        if let newline = bytes[start...].firstIndex(of: 10) {
            position = bytes.index(after: newline)
        } else {
            position = bytes.endIndex
        }
        return start..<position
    }
}
