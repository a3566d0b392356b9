/// Finds where a place in a parsed value is in its file.
///
/// The body is the file's text as it is: the place is exact. A front-matter value was read
/// from YAML, which may fold lines, quote and escape: the value is walked along the file's
/// lines from where it starts, piece by piece, and the place is given only when the file's
/// characters are the value's up to the start of the match; otherwise the value's start.
struct SourcePlaces {
    /// The file's lines, as UTF-8 bytes (made when first needed: most files have no finding).
    private let text: String
    private var lines: [ArraySlice<UInt8>]?
    private let marks: FieldMarks

    init(text: String, marks: FieldMarks) {
        self.text = text
        self.marks = marks
    }

    /// The line and column of UTF-8 range `range` of `field`'s value `value`.
    mutating func location(field: String, value: String, range: Range<Int>) -> SourceLocation {
        let bytes = Array(value.utf8)
        if field == "body" {
            let before = bytes[..<range.lowerBound]
            let lineStart = (before.lastIndex(of: 10).map { $0 + 1 }) ?? 0
            return SourceLocation(line: marks.bodyLine + before.count(where: { $0 == 10 }),
                                  column: 1 + Self.characters(bytes[lineStart..<range.lowerBound]))
        }
        let start = marks.location(of: field)
        guard marks.entries.contains(where: { $0.field == field }) else { return start }
        if lines == nil { lines = Array(text.utf8).split(separator: 10, omittingEmptySubsequences: false) }
        return Self.walk(bytes, range: range, lines: lines!, from: start) ?? start
    }

    /// Where `field`'s value starts (where the nearest enclosing field's does, if it was not recorded).
    func fieldStart(_ field: String) -> SourceLocation { marks.location(of: field) }

    /// The place of `range` found by walking the value along the file's lines (nil: the file's
    /// characters are not the value's there).
    static func walk(_ value: [UInt8], range: Range<Int>, lines: [ArraySlice<UInt8>],
                     from start: SourceLocation) -> SourceLocation? {
        var index = start.line - 1
        guard index >= 0, index < lines.count else { return nil }
        var line = lines[index]
        var skip = start.column - 1
        while skip > 0, let first = line.first {  // columns count characters, not bytes
            line = line.dropFirst(first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1)
            skip -= 1
        }
        var offset = 0
        switch line.first {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): line = line.dropFirst()
        case UInt8(ascii: "|"), UInt8(ascii: ">"): line = line.dropLast(line.count)  // a block: text below
        default: break
        }
        while true {
            let piece = trimmed(line)
            if !piece.isEmpty {
                let common = zip(piece, value[offset...]).prefix { $0 == $1 }.count
                if range.lowerBound >= offset, range.lowerBound < offset + common {
                    let column = characters(lines[index][lines[index].startIndex..<piece.startIndex])
                        + characters(value[offset..<range.lowerBound])
                    return SourceLocation(line: index + 1, column: column + 1)
                }
                guard common == piece.count else { return nil }
                offset += common
                while offset < value.count, value[offset] == 32 || value[offset] == 10 { offset += 1 }
                guard offset <= range.lowerBound else { return nil }
            }
            index += 1
            guard index < lines.count, index < start.line + 1_000 else { return nil }
            line = lines[index]
        }
    }

    /// A line without the spaces and tabs around it.
    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var piece = line
        while let first = piece.first, first == 32 || first == 9 { piece = piece.dropFirst() }
        while let last = piece.last, last == 32 || last == 9 { piece = piece.dropLast() }
        return piece
    }

    /// The number of characters (Unicode scalars, as YAML columns count them) in UTF-8 bytes.
    static func characters(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.count(where: { $0 & 0xC0 != 0x80 })
    }
}
