/// The cmark-gfm features a text could use, found by looking for the characters each one
/// needs. Each one left out spares cmark-gfm work on every paragraph or inline (parsing the
/// generated corpus's bodies in C, the table extension took 6 % and footnotes 3 %); a test
/// renders texts both ways.
package struct Features: OptionSet, Sendable {
    package let rawValue: UInt8
    /// A table has a delimiter row, which holds a `|` or, for a table of one column, a `:`
    /// next to a `-` (`:-:`, `--:`): cmark-gfm reads `a` over `:-:` as a table.
    package static let tables = Features(rawValue: 1)
    /// A footnote reference or definition starts `[^`.
    package static let footnotes = Features(rawValue: 2)
    /// Strikethrough needs a `~`.
    package static let strikethrough = Features(rawValue: 4)
    package static let all: Features = [.tables, .footnotes, .strikethrough]

    package init(rawValue: UInt8) { self.rawValue = rawValue }

    package init(_ markdown: String) {
        var found: Features = []
        if markdown.containsByte(UInt8(ascii: "|")) || markdown.containsBytes(":-") || markdown.containsBytes("-:") {
            found.insert(.tables)
        }
        if markdown.containsBytes("[^") { found.insert(.footnotes) }
        if markdown.containsByte(UInt8(ascii: "~")) { found.insert(.strikethrough) }
        self = found
    }
}
