internal import Foundation

/// A file split into its YAML front matter and its Markdown body.
struct FrontMatter: Sendable {
    /// The YAML between the two `---` lines.
    var yaml: String
    /// The file line of the first YAML line (2 when the file starts with `---`).
    var yamlFirstLine: Int
    /// The Markdown after the closing line.
    var body: String
    /// The file line the body starts on.
    var bodyFirstLine: Int

    /// Splits `file`; a file without a complete front-matter block is a diagnostic.
    static func split(_ file: SourceFile) -> Result<FrontMatter, Diagnostic> {
        let found: Fences = file.text.withBytes { bytes in
            guard let first = line(in: bytes, from: 0), isFence(bytes, first, dashesOnly: true) else { return .noOpening }
            var next = line(in: bytes, from: first.upperBound)
            var number = 2
            while let current = next {
                if isFence(bytes, current, dashesOnly: false) {
                    return .found(yaml: first.upperBound, close: current.lowerBound, body: current.upperBound,
                                  bodyLine: number + 1)
                }
                next = line(in: bytes, from: current.upperBound)
                number += 1
            }
            return .noClosing
        }
        switch found {
        case .found(let yaml, let close, let body, let bodyLine):
            let utf8 = file.text.utf8
            func at(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
            return .success(FrontMatter(yaml: String(file.text[at(yaml)..<at(close)]), yamlFirstLine: 2,
                                        body: String(file.text[at(body)...]), bodyFirstLine: bodyLine))
        case .noOpening:
            return .failure(Diagnostic(.error, file: file.path, line: 1, column: 1, field: "front matter",
                                       message: "expected the file to start with a '---' line"))
        case .noClosing:
            return .failure(Diagnostic(.error, file: file.path, line: 1, column: 1, field: "front matter",
                                       message: "no closing '---' line; end the front matter with a line of three dashes"))
        }
    }

    /// Where the fences are, as byte offsets: where the YAML starts, where the closing line
    /// starts and where the body starts; and the body's first line.
    private enum Fences {
        case found(yaml: Int, close: Int, body: Int, bodyLine: Int)
        case noOpening, noClosing
    }

    /// The line starting at `start`, newline included (nil at the end of the text).
    private static func line(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let newline = memchr(base + start, 10, bytes.count - start) else { return start..<bytes.count }
        return start..<(base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1)
    }

    /// `---` (or `...` to close), with trailing spaces allowed.
    private static func isFence(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, dashesOnly: Bool) -> Bool {
        var end = line.upperBound
        while end > line.lowerBound, [32, 9, 10].contains(bytes[end - 1]) { end -= 1 }
        guard end - line.lowerBound == 3 else { return false }
        let mark = bytes[line.lowerBound]
        guard mark == 45 || (!dashesOnly && mark == 46) else { return false }
        return bytes[line.lowerBound + 1] == mark && bytes[line.lowerBound + 2] == mark
    }
}
