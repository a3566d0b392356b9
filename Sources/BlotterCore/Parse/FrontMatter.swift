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
        let text = file.text
        guard text.hasPrefix("---"), let firstNewline = text.firstIndex(of: "\n"),
              text[..<firstNewline].trimmingTrailingSpaces() == "---" else {
            return .failure(Diagnostic(.error, file: file.path, line: 1, column: 1, field: "front matter",
                                       message: "expected the file to start with a '---' line"))
        }
        var lineStart = text.index(after: firstNewline)
        let yamlStart = lineStart
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd].trimmingTrailingSpaces()
            if line == "---" || line == "..." {
                let bodyStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
                return .success(FrontMatter(yaml: String(text[yamlStart..<lineStart]), yamlFirstLine: 2,
                                            body: String(text[bodyStart...])))
            }
            lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
        }
        return .failure(Diagnostic(.error, file: file.path, line: 1, column: 1, field: "front matter",
                                   message: "no closing '---' line; end the front matter with a line of three dashes"))
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
