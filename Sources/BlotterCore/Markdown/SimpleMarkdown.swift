internal import Foundation

/// A text that cmark-gfm would read as simple blocks between blank lines: paragraphs,
/// `#` headings, lists of one-line items or tasks, `> ` quotes of one such block, tables
/// whose rows are all `| ... |` lines, and footnote definitions of one paragraph. Their text
/// holds, at most, simple links (`[words](https://...)`), addresses cmark-gfm links by
/// itself (` https://host/path`), simple emphasis and strikethrough (`*a*`, `**a**`, `_a_`,
/// `__a__`, `~~a~~` between spaces and words or links) and footnote references (`[^1]`).
/// Its HTML is made here without a parser. Timeline entries, updates and quotes are mostly
/// such texts (a hundred thousand of them in a big site), and so are most bodies;
/// cmark-gfm spent 150 to 200 instructions a byte on them. Anything else goes to cmark-gfm;
/// tests compare the two on every text this accepts.
package enum SimpleMarkdown {
    /// The block HTML of the text, or nil when it may hold other Markdown.
    package static func html(_ markdown: String) -> String? {
        markdown.withBytes { bytes -> String? in
            // Tags are never simple: rather than find out at the end of a long body, look for
            // a `>` that does not open a quote first.
            guard bytes.baseAddress != nil, quotesOnly(bytes) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8 + 16)
            var notes = Notes()
            guard blocks(bytes, into: &out, notes: &notes, depth: 0), notes.write(into: &out), !out.isEmpty else {
                return nil
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The footnotes of a text: the labels referred to, in order (a reference's number is
    /// its place here), and the definitions met so far, each with its paragraph's HTML.
    private struct Notes {
        /// The most references and definitions taken here: each is looked for among the
        /// others, in time that grows with their square (a text of 16,000 took minutes);
        /// cmark-gfm takes a text with more.
        static let most = 64
        var references: [[UInt8]] = []
        var definitions: [(label: [UInt8], html: [UInt8])] = []
        /// Set while a definition is written: a reference there is left to cmark-gfm.
        var inDefinition = false

        /// Writes the footnotes section as cmark-gfm does: the notes in the order of their
        /// references, each with a link back (a definition no one refers to is left out).
        /// False when a reference has no definition.
        func write(into out: inout [UInt8]) -> Bool {
            guard !references.isEmpty else { return true }
            out.append(contentsOf: "<section class=\"footnotes\" data-footnotes>\n<ol>\n".utf8)
            for label in references {
                guard let note = definitions.first(where: { $0.label == label }) else { return false }
                out.append(contentsOf: "<li id=\"fn-".utf8)
                out.append(contentsOf: label)
                out.append(contentsOf: "\">\n".utf8)
                out.append(contentsOf: note.html)
                out.append(contentsOf: " <a href=\"#fnref-".utf8)
                out.append(contentsOf: label)
                out.append(contentsOf: "\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to content\">↩</a></p>\n</li>\n".utf8)
            }
            out.append(contentsOf: "</ol>\n</section>\n".utf8)
            return true
        }
    }

    /// Writes the blocks of `bytes`, in `depth` quotes; false when one is not simple.
    private static func blocks(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], notes: inout Notes,
                               depth: Int) -> Bool {
        var start = 0
        var previousWasList = false
        while start < bytes.count {
            if bytes[start] == 10 {
                start += 1
                continue
            }
            // A block: the lines up to a blank one.
            var end = bytes.count
            var from = start
            while let lineEnd = find(10, in: bytes, from: from, to: bytes.count) {
                if lineEnd + 1 == bytes.count || bytes[lineEnd + 1] == 10 {
                    end = lineEnd
                    break
                }
                from = lineEnd + 1
            }
            let kind = blockKind(bytes, start)
            // Lists with only blank lines between them join into one loose list.
            if kind == .bullets || kind == .numbers, previousWasList { return false }
            switch kind {
            case .heading:
                guard heading(bytes, start, end, into: &out, notes: &notes) else { return false }
            case .bullets, .numbers:
                guard list(kind, bytes, start, end, into: &out, notes: &notes) else { return false }
            case .quote:
                guard quote(bytes, start, end, into: &out, notes: &notes, depth: depth) else { return false }
            case .table:
                guard table(bytes, start, end, into: &out, notes: &notes) else { return false }
            case .footnote:
                guard depth == 0, definition(bytes, start, end, notes: &notes) else { return false }
            case .paragraph:
                guard lines(bytes, start, end) else { return false }
                out.append(contentsOf: "<p>".utf8)
                guard inline(bytes, start, end, into: &out, notes: &notes) else { return false }
                out.append(contentsOf: "</p>\n".utf8)
            }
            previousWasList = kind == .bullets || kind == .numbers
            start = end
        }
        return true
    }

    private enum BlockKind { case paragraph, heading, bullets, numbers, quote, table, footnote }

    /// What a block is, from its first bytes: `#` a heading, `- ` a list, `1. ` a numbered
    /// list, `>` a quote, `|` a table, `[^label]:` a footnote.
    private static func blockKind(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> BlockKind {
        if bytes[start] == 35 { return .heading }
        if bytes[start] == 62 { return .quote }
        if bytes[start] == 124 { return .table }
        if definesNote(bytes, start, bytes.count) { return .footnote }
        if bytes[start] == 45, start + 1 < bytes.count, bytes[start + 1] == 32 { return .bullets }
        if number(bytes, start) != nil { return .numbers }
        return .paragraph
    }

    /// Whether every `>` opens a quote line (at a line start, or after `> ` in a quote).
    private static func quotesOnly(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var at = 0
        while at < bytes.count, let found = memchr(base + at, 62, bytes.count - at) {
            let i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard i == 0 || bytes[i - 1] == 10 || (i >= 2 && bytes[i - 1] == 32 && bytes[i - 2] == 62) else { return false }
            at = i + 1
        }
        return true
    }

    /// A quote: every line opens with `> `; what follows is one simple block. Quotes in
    /// quotes are copied again at each level: deeper than `maxQuoteDepth`, cmark-gfm (which
    /// does not recurse) takes the text.
    private static func quote(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                              into out: inout [UInt8], notes: inout Notes, depth: Int) -> Bool {
        guard depth < maxQuoteDepth else { return false }
        var inner: [UInt8] = []
        inner.reserveCapacity(end - start)
        guard eachLine(bytes, start, end, { lineStart, i in
            guard i - lineStart > 2, bytes[lineStart] == 62, bytes[lineStart + 1] == 32 else { return false }
            if !inner.isEmpty { inner.append(10) }
            inner.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart + 2..<i]))
            return true
        }) else { return false }
        out.append(contentsOf: "<blockquote>\n".utf8)
        guard inner.withUnsafeBufferPointer({ blocks($0, into: &out, notes: &notes, depth: depth + 1) }) else { return false }
        out.append(contentsOf: "</blockquote>\n".utf8)
        return true
    }

    package static let maxQuoteDepth = 8

    /// The end of a `1. ` marker at `start` (the offset of its space) and its number: one to
    /// nine digits, no leading zero.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (end: Int, value: Int)? {
        var i = start
        var value = 0
        while i < bytes.count, i - start < 9, bytes[i] >= 48, bytes[i] <= 57 {
            value = value * 10 + Int(bytes[i] - 48)
            i += 1
        }
        guard i > start, bytes[start] != 48 || i == start + 1, i + 1 < bytes.count, bytes[i] == 46, bytes[i + 1] == 32
        else { return nil }
        return (i + 1, value)
    }

    /// `## Title` on a line of its own: one to six `#`, one space, text that does not end in `#`.
    private static func heading(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                into out: inout [UInt8], notes: inout Notes) -> Bool {
        var level = 0
        while start + level < end, bytes[start + level] == 35 { level += 1 }
        let text = start + level + 1
        guard level <= 6, text < end, bytes[text - 1] == 32, bytes[end - 1] != 35,
              !UnsafeBufferPointer(rebasing: bytes[start..<end]).contains(10), lines(bytes, text, end) else { return false }
        let tag = [104, UInt8(48 + level)]
        out.append(60)
        out.append(contentsOf: tag)
        out.append(62)
        guard inline(bytes, text, end, into: &out, notes: &notes) else { return false }
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: tag)
        out.append(contentsOf: ">\n".utf8)
        return true
    }

    /// A tight list: every line an item of one line (`- text` or `1. text`).
    private static func list(_ kind: BlockKind, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                             into out: inout [UInt8], notes: inout Notes) -> Bool {
        var first = true
        guard eachLine(bytes, start, end, { lineStart, i in
            var text: Int
            if kind == .bullets {
                guard bytes[lineStart] == 45, lineStart + 1 < i, bytes[lineStart + 1] == 32 else { return false }
                text = lineStart + 2
                if first { out.append(contentsOf: "<ul>\n".utf8) }
            } else {
                guard let (marker, value) = number(bytes, lineStart) else { return false }
                text = marker + 1
                if first {
                    out.append(contentsOf: (value == 1 ? "<ol>\n" : "<ol start=\"\(value)\">\n").utf8)
                }
            }
            first = false
            out.append(contentsOf: "<li>".utf8)
            // A task: `[ ] ` or `[x] ` before the text, written as `accessible` labels it.
            if i - text > 4, bytes[text] == 91, bytes[text + 2] == 93, bytes[text + 3] == 32 {
                switch bytes[text + 1] {
                case 32: out.append(contentsOf: Self.openTask)
                case 120, 88: out.append(contentsOf: Self.doneTask)
                default: return false
                }
                text += 4
            }
            guard text < i, lines(bytes, text, i), inline(bytes, text, i, into: &out, notes: &notes) else { return false }
            out.append(contentsOf: "</li>\n".utf8)
            return true
        }) else { return false }
        out.append(contentsOf: (kind == .bullets ? "</ul>\n" : "</ol>\n").utf8)
        return true
    }

    /// A table: a header row, a delimiter row and body rows, every line `| ... |`, a body
    /// row with no more cells than the header (missing ones are empty). Written with the
    /// scrolling wrapper `Markdown.accessible` gives tables.
    private static func table(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                              into out: inout [UInt8], notes: inout Notes) -> Bool {
        guard let headerEnd = find(10, in: bytes, from: start, to: end), let header = cells(bytes, start, headerEnd),
              header.count <= 50 else { return false }
        let delimiterEnd = find(10, in: bytes, from: headerEnd + 1, to: end) ?? end
        guard let delimiters = cells(bytes, headerEnd + 1, delimiterEnd), delimiters.count == header.count else {
            return false
        }
        var alignments: [Alignment] = []
        alignments.reserveCapacity(delimiters.count)
        for cell in delimiters {
            guard let alignment = alignment(bytes, cell) else { return false }
            alignments.append(alignment)
        }
        out.append(contentsOf: Self.tableStart)
        out.append(contentsOf: "<thead>\n".utf8)
        guard row(bytes, header, "th", alignments, into: &out, notes: &notes) else { return false }
        out.append(contentsOf: "</thead>\n".utf8)
        var lineStart = delimiterEnd + 1
        if lineStart < end { out.append(contentsOf: "<tbody>\n".utf8) }
        while lineStart < end {
            let lineEnd = find(10, in: bytes, from: lineStart, to: end) ?? end
            guard let cells = cells(bytes, lineStart, lineEnd), cells.count <= header.count,
                  row(bytes, cells, "td", alignments, into: &out, notes: &notes) else { return false }
            if lineEnd == end { out.append(contentsOf: "</tbody>\n".utf8) }
            lineStart = lineEnd + 1
        }
        out.append(contentsOf: "</table></div>\n".utf8)
        return true
    }

    private static let tableStart = Array("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\"><table>\n".utf8)

    /// A column's alignment, from its delimiter cell.
    private enum Alignment { case unset, left, center, right }

    /// The alignment a delimiter cell (`---`, `:--`, `:-:`, `--:`) gives, or nil when it is not one.
    private static func alignment(_ bytes: UnsafeBufferPointer<UInt8>, _ cell: Range<Int>) -> Alignment? {
        guard !cell.isEmpty else { return nil }
        let left = bytes[cell.lowerBound] == 58, right = bytes[cell.upperBound - 1] == 58
        let low = left ? cell.lowerBound + 1 : cell.lowerBound, high = right ? cell.upperBound - 1 : cell.upperBound
        guard low < high, (low..<high).allSatisfy({ bytes[$0] == 45 }) else { return nil }
        switch (left, right) {
        case (true, true): return .center
        case (true, false): return .left
        case (false, true): return .right
        case (false, false): return .unset
        }
    }

    /// The cells of a `| a | b |` line, their spaces trimmed; nil when the line does not
    /// start and end with `|`.
    private static func cells(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [Range<Int>]? {
        guard end - start >= 2, bytes[start] == 124, bytes[end - 1] == 124 else { return nil }
        var cells: [Range<Int>] = []
        var cellStart = start + 1
        while cellStart < end {
            let pipe = find(124, in: bytes, from: cellStart, to: end) ?? end
            var low = cellStart, high = pipe
            while low < high, bytes[low] == 32 { low += 1 }
            while high > low, bytes[high - 1] == 32 { high -= 1 }
            cells.append(low..<high)
            cellStart = pipe + 1
        }
        return cells
    }

    /// Writes a table row: its cells, then empty ones up to the header's count.
    private static func row(_ bytes: UnsafeBufferPointer<UInt8>, _ cells: [Range<Int>], _ tag: StaticString,
                            _ alignments: [Alignment], into out: inout [UInt8], notes: inout Notes) -> Bool {
        out.append(contentsOf: "<tr>\n".utf8)
        for (column, alignment) in alignments.enumerated() {
            out.append(60)
            out.append(contentsOf: UnsafeBufferPointer(start: tag.utf8Start, count: tag.utf8CodeUnitCount))
            switch alignment {
            case .unset: break
            case .left: out.append(contentsOf: " style=\"text-align: left\"".utf8)
            case .center: out.append(contentsOf: " style=\"text-align: center\"".utf8)
            case .right: out.append(contentsOf: " style=\"text-align: right\"".utf8)
            }
            out.append(62)
            if column < cells.count, !cells[column].isEmpty {
                guard inline(bytes, cells[column].lowerBound, cells[column].upperBound, into: &out, notes: &notes) else {
                    return false
                }
            }
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: UnsafeBufferPointer(start: tag.utf8Start, count: tag.utf8CodeUnitCount))
            out.append(contentsOf: ">\n".utf8)
        }
        out.append(contentsOf: "</tr>\n".utf8)
        return true
    }

    /// The end (after its `]`) of a footnote reference `[^label]` at `start`: a label of
    /// lowercase letters and digits.
    private static func noteEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard start + 3 < end, bytes[start] == 91, bytes[start + 1] == 94 else { return nil }
        var i = start + 2
        while i < end, i - start < 34, (bytes[i] >= 97 && bytes[i] <= 122) || (bytes[i] >= 48 && bytes[i] <= 57) { i += 1 }
        return i > start + 2 && i < end && bytes[i] == 93 ? i + 1 : nil
    }

    /// Whether the line at `start` opens a footnote definition (`[^label]:`).
    private static func definesNote(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard let close = noteEnd(bytes, start, end) else { return false }
        return close < end && bytes[close] == 58
    }

    /// A footnote definition, `[^label]: text` with its text a paragraph: kept for the
    /// footnotes section at the end.
    private static func definition(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                   notes: inout Notes) -> Bool {
        guard let close = noteEnd(bytes, start, end), close + 2 < end, bytes[close] == 58, bytes[close + 1] == 32 else {
            return false
        }
        let label = Array(UnsafeBufferPointer(rebasing: bytes[start + 2..<close - 1]))
        guard notes.definitions.count < Notes.most, !notes.definitions.contains(where: { $0.label == label }),
              lines(bytes, close + 2, end) else { return false }
        var html = Array("<p>".utf8)
        notes.inDefinition = true
        let written = inline(bytes, close + 2, end, into: &html, notes: &notes)
        notes.inDefinition = false
        guard written else { return false }
        notes.definitions.append((label, html))
        return true
    }

    /// Whether each line of `bytes[start..<end]` starts and ends a paragraph line: no block
    /// syntax at its start (list, heading, quote, fence, indentation, break, table), no
    /// trailing space (a hard break).
    private static func lines(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        eachLine(bytes, start, end) { lineStart, i in
            guard i > lineStart, bytes[i - 1] != 32 else { return false }
            let first = bytes[lineStart]
            guard opens(first) || (first == 91 && !definesNote(bytes, lineStart, i)) || emphasisOpens(bytes, lineStart, i) else {
                return false
            }
            // `1.` or `1)` opens an ordered list.
            var k = lineStart
            while k < i, bytes[k] >= 48, bytes[k] <= 57 { k += 1 }
            return k == lineStart || k == i || (bytes[k] != 46 && bytes[k] != 41)
        }
    }

    /// Calls `body` with the start and end of each line of `bytes[start..<end]` (found with
    /// memchr) while it returns true; whether it always did.
    @inline(__always)
    private static func eachLine(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                 _ body: (_ lineStart: Int, _ lineEnd: Int) -> Bool) -> Bool {
        var lineStart = start
        while true {
            let lineEnd = find(10, in: bytes, from: lineStart, to: end) ?? end
            guard body(lineStart, lineEnd) else { return false }
            if lineEnd == end { return true }
            lineStart = lineEnd + 1
        }
    }

    /// Writes the inline HTML of `bytes[start..<end]`; false when it holds anything but
    /// text, simple links, addresses, emphasis and footnote references.
    private static func inline(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                               into out: inout [UInt8], notes: inout Notes) -> Bool {
        inline(bytes, start, end, inside: nil, into: &out, notes: &notes) != nil
    }

    /// The same from `start`, inside emphasis of `mark` or not; returns where it stopped:
    /// `end`, or inside emphasis, the start of the closing run. Emphasis holds text, links
    /// and references, no other emphasis.
    private static func inline(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, inside mark: UInt8?,
                               into out: inout [UInt8], notes: inout Notes) -> Int? {
        var i = start
        while i < end {
            switch bytes[i] {
            case 91 where i + 1 < end && bytes[i + 1] == 94: // [^label], each label referred to once
                guard i == start || bytes[i - 1] != 33, !notes.inDefinition, let close = noteEnd(bytes, i, end),
                      close == end || (bytes[close] != 40 && bytes[close] != 91 && bytes[close] != 58) else { return nil }
                let label = UnsafeBufferPointer(rebasing: bytes[i + 2..<close - 1])
                guard notes.references.count < Notes.most, !notes.references.contains(where: { $0.elementsEqual(label) }) else {
                    return nil
                }
                notes.references.append(Array(label))
                out.append(contentsOf: "<sup class=\"footnote-ref\"><a href=\"#fn-".utf8)
                out.append(contentsOf: label)
                out.append(contentsOf: "\" id=\"fnref-".utf8)
                out.append(contentsOf: label)
                out.append(contentsOf: "\" data-footnote-ref>".utf8)
                out.append(contentsOf: String(notes.references.count).utf8)
                out.append(contentsOf: "</a></sup>".utf8)
                i = close
            case 91: // [text](https://...)
                if i > start, bytes[i - 1] == 33 { return nil } // an image
                guard let close = textEnd(bytes, i + 1, end, stop: 93), close > i + 1,
                      close + 1 < end, bytes[close + 1] == 40, let url = urlEnd(bytes, close + 2, end) else { return nil }
                out.append(contentsOf: "<a href=\"".utf8)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[close + 2..<url]))
                out.append(contentsOf: "\">".utf8)
                text(bytes, i + 1, close, into: &out)
                out.append(contentsOf: "</a>".utf8)
                i = url + 1
            case 42, 95, 126: // *em*, **strong**, _em_, __strong__, ~~struck~~
                if let mark { return bytes[i] == mark ? i : nil }
                let mark = bytes[i]
                let run = i + 1 < end && bytes[i + 1] == mark ? 2 : 1
                let inner = i + run
                // Opens after a space and before a word or a link; closes after a word or a
                // link and before a space or punctuation, or after punctuation and before a
                // space (so no run can both open and close).
                guard i == start || bytes[i - 1] == 32 || bytes[i - 1] == 10, inner < end, bytes[inner] != mark,
                      mark != 126 || run == 2, bytes[inner].isASCIIAlphanumeric || bytes[inner] == 91 else { return nil }
                let tag = mark == 126 ? "del" : run == 2 ? "strong" : "em"
                out.append(60)
                out.append(contentsOf: tag.utf8)
                out.append(62)
                guard let close = inline(bytes, inner, end, inside: mark, into: &out, notes: &notes),
                      close + run <= end, run == 1 || bytes[close + 1] == mark else { return nil }
                let after = close + run
                let last = bytes[close - 1]
                if last.isASCIIAlphanumeric || last == 41 {
                    guard after == end || closes(bytes[after]) else { return nil }
                } else {
                    guard endsClause(last), after == end || bytes[after] == 32 || bytes[after] == 10 else { return nil }
                }
                out.append(contentsOf: "</".utf8)
                out.append(contentsOf: tag.utf8)
                out.append(62)
                i = after
            default:
                if bytes[i] == 104, let link = autolink(bytes, i, end) {
                    out.append(contentsOf: "<a href=\"".utf8)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<link]))
                    out.append(contentsOf: "\">".utf8)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<link]))
                    out.append(contentsOf: "</a>".utf8)
                    i = link
                    continue
                }
                guard let next = textEnd(bytes, i, end, stop: nil) else { return nil }
                text(bytes, i, next, into: &out)
                i = next
            }
        }
        return mark == nil ? end : nil
    }

    /// The end of the plain text from `start`: the first `stop` byte (nil: none found),
    /// or with no `stop`, the first `[`, `*`, `_` or `~`, or an address `autolink` takes (or
    /// `end`). Nil when the text holds a byte that could start other Markdown, or another
    /// `//` or a `www.` (autolinks).
    private static func textEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, stop: UInt8?) -> Int? {
        let allowed = Self.allowed  // once, not a lazy-global check per byte
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let word = WordBytes()
        var i = start
        while i < end {
            // Sixteen bytes of letters, digits, spaces and the like at a time; past them, on
            // to the first other byte.
            if i + 16 <= end {
                let others = word.others(raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self))
                if others == 0 {
                    i += 16
                    continue
                }
                i += others.trailingZeroBitCount
            }
            let byte = bytes[i]
            if byte >= 0x80 || byte == 10 {
                i += 1
                continue
            }
            if byte == stop { return i }
            guard allowed[Int(byte)] else {
                return stop == nil && (byte == 91 || byte == 42 || byte == 95 || byte == 126) ? i : nil
            }
            if byte == 47, i > start, bytes[i - 1] == 47 {
                // The address from its scheme on, when `autolink` takes it.
                guard stop == nil, let scheme = schemeStart(bytes, i - 1), scheme >= start,
                      autolink(bytes, scheme, end) != nil else { return nil }
                return scheme
            }
            if byte == 46, i >= 3, (bytes[i - 3] | 0x20, bytes[i - 2] | 0x20, bytes[i - 1] | 0x20) == (119, 119, 119) {
                return nil
            }
            i += 1
        }
        return stop == nil ? end : nil
    }

    /// The offset of the `)` that ends a link's address at `start`: an `http://` or
    /// `https://` address of bytes that cmark-gfm writes unchanged into `href`.
    private static func urlEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let rest = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard rest.starts(with: "http://".utf8) || rest.starts(with: "https://".utf8) else { return nil }
        let allowed = Self.urlBytes
        var i = start
        while i < end, bytes[i] < 0x80, allowed[Int(bytes[i])] { i += 1 }
        return i < end && bytes[i] == 41 ? i : nil
    }

    /// The start of the `http` or `https` before the `://` whose first `/` is at `slash`.
    private static func schemeStart(_ bytes: UnsafeBufferPointer<UInt8>, _ slash: Int) -> Int? {
        guard slash >= 5, bytes[slash - 1] == 58 else { return nil }
        let s = bytes[slash - 2] == 115 ? slash - 6 : slash - 5
        guard s >= 0, bytes[s] == 104, bytes[s + 1] == 116, bytes[s + 2] == 116, bytes[s + 3] == 112 else { return nil }
        return s
    }

    /// The end of an address at `start` that cmark-gfm's autolink extension links as it is:
    /// after a space or a line end (or at the start), `http://` or `https://`, a host of
    /// two or more names of letters, digits and inner hyphens, a path of letters, digits and
    /// `/ - . _` (not ending in `.` or `_`), then a space, a line end or the end, maybe
    /// after one of `. , ; : ! ?`.
    private static func autolink(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard start == 0 || bytes[start - 1] == 32 || bytes[start - 1] == 10 else { return nil }
        let rest = UnsafeBufferPointer(rebasing: bytes[start..<end])
        var i: Int
        if rest.starts(with: "https://".utf8) { i = start + 8 } else if rest.starts(with: "http://".utf8) { i = start + 7 } else {
            return nil
        }
        var names = 0
        while true {
            let name = i
            while i < end, bytes[i].isASCIIAlphanumeric || bytes[i] == 45 { i += 1 }
            guard i > name, bytes[name] != 45, bytes[i - 1] != 45 else { return nil }
            names += 1
            guard i + 1 < end, bytes[i] == 46, bytes[i + 1].isASCIIAlphanumeric else { break }
            i += 1
        }
        guard names >= 2 else { return nil }
        if i < end, bytes[i] == 47 {
            while i < end, bytes[i].isASCIIAlphanumeric || bytes[i] == 47 || bytes[i] == 45 || bytes[i] == 46 || bytes[i] == 95 {
                i += 1
            }
            while bytes[i - 1] == 46 || bytes[i - 1] == 95 { i -= 1 }
        }
        var after = i
        if after < end, endsClause(bytes[after]) { after += 1 }
        return after == end || bytes[after] == 32 || bytes[after] == 10 ? i : nil
    }

    /// `. , ; : ! ?`: punctuation that ends a clause.
    private static func endsClause(_ byte: UInt8) -> Bool {
        switch byte {
        case 46, 44, 59, 58, 33, 63: return true
        default: return false
        }
    }

    /// Copies text, `"` escaped as cmark-gfm does.
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8]) {
        var run = start
        while run < end, let i = find(34, in: bytes, from: run, to: end) {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
            out.append(contentsOf: "&quot;".utf8)
            run = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<end]))
    }

    /// The offset of the first `byte` in `bytes[from..<to]`.
    @inline(__always)
    private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress, let found = memchr(base + from, Int32(byte), to - from) else {
            return nil
        }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Bytes that plain text skips without a look: ASCII letters and digits, space, line
    /// end, `,`, `'`, `-` and the bytes of other characters. Tested sixteen at a time, with
    /// the vectors made once per scan (compares with scalars are not vectorized).
    private struct WordBytes {
        let caseBit = SIMD16<UInt8>(repeating: 0x20), a = SIMD16<UInt8>(repeating: 97), z = SIMD16<UInt8>(repeating: 122)
        let zero = SIMD16<UInt8>(repeating: 48), nine = SIMD16<UInt8>(repeating: 57), high = SIMD16<UInt8>(repeating: 0x80)
        let space = SIMD16<UInt8>(repeating: 32), comma = SIMD16<UInt8>(repeating: 44)
        let apostrophe = SIMD16<UInt8>(repeating: 39), hyphen = SIMD16<UInt8>(repeating: 45)
        let lineEnd = SIMD16<UInt8>(repeating: 10)

        /// Bit `k` set when byte `k` of `v` is not one of these.
        @inline(__always)
        func others(_ v: SIMD16<UInt8>) -> UInt64 {
            let lower = v | caseBit
            let letter = (lower .>= a) .& (lower .<= z)
            let digit = (v .>= zero) .& (v .<= nine)
            let other = (v .>= high) .| (v .== space) .| (v .== comma) .| (v .== apostrophe) .| (v .== hyphen) .| (v .== lineEnd)
            return (.!(letter .| digit .| other)).bits
        }
    }

    /// Task-list checkboxes as `Markdown.accessible` writes them, with the space after them.
    package static let openTask = Array("<input type=\"checkbox\" disabled=\"\" aria-label=\"Not done\"> ".utf8)
    package static let doneTask = Array("<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Done\"> ".utf8)

    /// Whether the line at `start` opens with emphasis (`*a`, `**a`, `_a`, `__a`), which
    /// no block starts with.
    private static func emphasisOpens(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let mark = bytes[start]
        guard mark == 42 || mark == 95 || mark == 126 else { return false }
        let text = start + 1 < end && bytes[start + 1] == mark ? start + 2 : start + 1
        return text < end && bytes[text].isASCIIAlphanumeric
    }

    /// Whether emphasis may close before `byte`: a space, a line end or punctuation that
    /// ends a word.
    private static func closes(_ byte: UInt8) -> Bool {
        switch byte {
        case 32, 10, 46, 44, 59, 58, 33, 63, 41, 34, 39: return true
        default: return false
        }
    }

    /// Bytes of a link address that cmark-gfm neither escapes nor reads as the address's end.
    private static let urlBytes: [Bool] = (0..<128).map { byte in
        let c = UInt8(byte)
        return c.isASCIIAlphanumeric || Array("-._~:/?#=%+,;$!".utf8).contains(c)
    }

    /// Whether cmark-gfm would read `markdown` as one paragraph of plain text.
    package static func isPlain(_ markdown: String) -> Bool {
        return markdown.withBytes { isPlain($0) }
    }

    /// Whether the bytes of one line are a paragraph of plain text to cmark-gfm: a paragraph
    /// line with no link or emphasis.
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty && find(10, in: bytes, from: 0, to: bytes.count) == nil && lines(bytes, 0, bytes.count)
            && textEnd(bytes, 0, bytes.count, stop: nil) == bytes.count
    }

    /// Whether a line may start with `byte`: a letter, a digit, a quote, `(` or non-ASCII
    /// (not a list marker, heading, quote block, fence, indentation or thematic break).
    private static func opens(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte.isASCIIAlphanumeric || byte == 34 || byte == 39 || byte == 40
    }

    /// ASCII bytes that start no Markdown syntax in the middle of a line: letters, digits,
    /// space and `! " # $ % ' ( ) + , - . / : ; = ? ^ { }`. Not allowed: `& * < > @ [ \ ] _ \` | ~`,
    /// tabs, line ends and other control characters.
    private static let allowed: [Bool] = (0..<128).map { byte in
        let c = UInt8(byte)
        return c.isASCIIAlphanumeric || Array(" !\"#$%'()+,-./:;=?^{}".utf8).contains(c)
    }
}

