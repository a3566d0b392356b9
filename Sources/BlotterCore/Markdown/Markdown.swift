internal import CCmarkGFM
internal import Foundation
internal import Synchronization

/// GitHub-flavoured Markdown to HTML through cmark-gfm. The only file that
/// touches C.
///
/// Safe by default: raw HTML is omitted and `javascript:`, `vbscript:`,
/// `file:` and non-image `data:` link targets are emptied by cmark-gfm's safe
/// mode.
///
/// Thread safety: cmark-gfm 0.29 keeps its table of special inline characters
/// in a process-wide array that every `cmark_parser_finish` first fills from
/// the parser's extensions and then clears again (through
/// `cmark_manage_extensions_special_characters`). Two documents parsed at once
/// therefore see each other's clearing, and strikethrough or autolinks go
/// missing at random. Blotter defines that function itself, so the dynamic
/// linker binds cmark-gfm's calls to a version that leaves the table alone,
/// fills the table once with every extension's characters but `w` (switched on
/// only for the texts that need it, see `SpecialCharacters`), and checks at
/// start-up that the binding took: then documents are parsed in parallel.
/// Where it did not take (a linker that keeps the library's own binding),
/// parsing runs under one lock and only the HTML rendering is parallel.
public enum Markdown {
    /// Whether documents are parsed in parallel (the replacement for cmark-gfm's
    /// table management is bound); otherwise parsing takes a lock.
    public static var parsesInParallel: Bool { SpecialCharacters.parallelParsing }

    /// The GFM extensions the site uses.
    public static let siteExtensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// The body of a document: block HTML.
    public static func html(_ markdown: String) -> String {
        if let html = SimpleMarkdown.html(markdown) { return html }
        let features = Features(markdown)
        let html = render(markdown, features: features, extensions: siteExtensions, footnotes: true, tableStyles: true)
        // The Markdown of a table has a delimiter row, and of a task `[ ]` or `[x]`: looked
        // for there, where searching the HTML for `<table>` stops at every tag.
        let tables = features.contains(.tables)
        let tasks = markdown.containsByte(UInt8(ascii: "["))
            && (markdown.containsBytes("[ ]") || markdown.containsBytes("[x]") || markdown.containsBytes("[X]"))
        return tables || tasks ? accessible(html, tables: tables, tasks: tasks) : html
    }

    /// A short text (timeline entry, update): the HTML of its only paragraph
    /// without the `<p>` wrapper, or block HTML when it has several blocks.
    public static func inlineHTML(_ markdown: String) -> String {
        let block = html(markdown)
        guard block.hasPrefix("<p>"), block.hasSuffix("</p>\n") else { return block }
        let inner = block.dropFirst(3).dropLast(5)
        let text = String(inner)
        return text.containsBytes("<p>") ? block : text
    }

    /// The text of `markdown` without its markup (for structured data), on one line.
    public static func plainText(_ markdown: String) -> String {
        if SimpleMarkdown.isPlain(markdown) { return markdown }
        let text = render(markdown, extensions: siteExtensions, footnotes: false, plain: true)
        return joinedLines(text) ?? text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmedWhitespace
    }

    /// The lines of `text` joined by spaces, blank ones dropped, then trimmed, on the UTF-8:
    /// nil when the text holds a line break other than `\n` (a CR, VT, FF, NEL, LS or PS),
    /// which the caller splits as Characters.
    package static func joinedLines(_ text: String) -> String? {
        return text.withBytes { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for (i, byte) in bytes.enumerated() {
                switch byte {
                case 0x0B, 0x0C, 0x0D: return nil
                case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0x85: return nil
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] | 1) == 0xA9: return nil
                case 0x0A: pendingSpace = !out.isEmpty
                default:
                    if pendingSpace { out.append(32) }
                    pendingSpace = false
                    out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self).trimmedWhitespace
        }
    }

    /// The most `|` a line may hold for its text to be rendered with tables. cmark-gfm 0.29's
    /// table extension takes time in the square of a row's cells (it appends each cell to the
    /// end of a linked list, and counts its way along the row to align each cell it renders):
    /// a 2 MB body of 5,000-cell rows took 46 s. A text with a wider line is rendered without
    /// the table extension, its rows shown as text.
    static let maxTableCells = 100

    /// What a writer is told about a line wider than `maxTableCells`.
    static let overwideTableMessage = "a table row of more than \(maxTableCells) cells; "
        + "the tables of this text are shown as plain text"

    /// The 0-based line of the first line of `markdown` with more than `maxTableCells` `|`, or nil.
    static func overwideTableRow(_ markdown: String) -> Int? {
        guard markdown.utf8.count > maxTableCells else { return nil }
        return markdown.withBytes { bytes -> Int? in
            guard let base = bytes.baseAddress else { return nil }
            let end = base + bytes.count
            // Jumps from `|` to `|` (memchr): only lines that hold one are looked at.
            var line = 0, pipes = 0
            var counted = base  // line ends before here are counted in `line`
            var cursor = base
            while cursor < end, let found = memchr(cursor, Int32(UInt8(ascii: "|")), end - cursor) {
                let pipe = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                var newLines = 0
                var scan = counted
                while scan < pipe, let next = memchr(scan, 10, pipe - scan) {
                    newLines += 1
                    scan = UnsafePointer(next.assumingMemoryBound(to: UInt8.self)) + 1
                }
                if newLines > 0 { line += newLines; pipes = 0 }
                counted = pipe + 1
                pipes += 1
                if pipes > maxTableCells { return line }
                cursor = pipe + 1
            }
            return nil
        }
    }

    /// Renders `markdown` with the named extensions; `unsafe` keeps raw HTML (only for the conformance run).
    /// A feature the text cannot use is left out (see `Features`); `everything` keeps every
    /// one, with `w` special too (for the test that shows leaving them out changes nothing).
    public static func render(_ markdown: String, extensions: [String], footnotes: Bool, unsafe: Bool = false,
                              tableStyles: Bool = false, plain: Bool = false, everything: Bool = false) -> String {
        render(markdown, features: everything ? .all : Features(markdown), extensions: extensions, footnotes: footnotes,
               unsafe: unsafe, tableStyles: tableStyles, plain: plain, alwaysW: everything)
    }

    /// The same with the text's features already found; `alwaysW` makes `w` special whatever the text.
    static func render(_ markdown: String, features: Features, extensions: [String], footnotes: Bool,
                       unsafe: Bool = false, tableStyles: Bool = false, plain: Bool = false,
                       alwaysW: Bool = false) -> String {
        let parallel = SpecialCharacters.parallelParsing
        let footnotes = footnotes && features.contains(.footnotes)
        // No CMARK_OPT_VALIDATE_UTF8: a Swift String is always valid UTF-8.
        let parseOptions = footnotes ? CMARK_OPT_FOOTNOTES : 0
        guard let parser = cmark_parser_new(parseOptions) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensions {
            switch name {
            case "table": guard features.contains(.tables), overwideTableRow(markdown) == nil else { continue }
            case "strikethrough": guard features.contains(.strikethrough) else { continue }
            default: break
            }
            if let ext = syntaxExtension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        let parse = {
            markdown.withBytes { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    cmark_parser_feed(parser, chars.baseAddress, chars.count)
                }
            }
            return cmark_parser_finish(parser)
        }
        let document: OpaquePointer?
        if !parallel {
            document = parseLock.withLock(parse)
        } else if extensions.contains("autolink"), alwaysW || WWWLinks.mayHold(markdown) {
            document = SpecialCharacters.withW(parse)
        } else {
            document = parse()
        }
        guard let document else { return "" }
        defer { cmark_node_free(document) }
        let renderOptions = (unsafe ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT) | (footnotes ? CMARK_OPT_FOOTNOTES : 0)
            | (tableStyles ? CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES : 0)
        let extensionList = cmark_parser_get_syntax_extensions(parser)
        guard let html = plain ? cmark_render_plaintext(document, renderOptions, 0)
                               : cmark_render_html(document, renderOptions, extensionList)
        else { return "" }
        defer { free(html) }
        return String(cString: html)
    }
}

private extension Markdown {
    /// cmark-gfm's extension called `name`, found once (each search makes a C string).
    static func syntaxExtension(_ name: String) -> OpaquePointer? {
        if let address = knownExtensions[name] { return OpaquePointer(bitPattern: address) }
        return cmark_find_syntax_extension(name)
    }

    /// The site's extensions' addresses by name.
    static let knownExtensions: [String: UInt] = {
        cmark_gfm_core_extensions_ensure_registered()
        var found: [String: UInt] = [:]
        for name in siteExtensions {
            if let ext = cmark_find_syntax_extension(name) { found[name] = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(ext))) }
        }
        return found
    }()

    /// Labels task-list checkboxes and lets wide tables scroll by keyboard. Raw
    /// HTML is omitted in safe mode, so these tags can only come from cmark-gfm.
    /// One pass: each `<` is checked against the tags that change.
    package static func accessible(_ html: String, tables: Bool, tasks: Bool) -> String {
        var changes: [(tag: [UInt8], replacement: [UInt8])] = []
        if tasks { changes += taskChanges }
        if tables { changes += tableChanges }
        return html.withBytes { bytes in
            guard let base = bytes.baseAddress else { return html }
            var out: [UInt8] = []
            var copied = 0
            var at = 0
            while at < bytes.count, let found = memchr(base + at, 60, bytes.count - at) {
                let i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                at = i + 1
                guard let change = changes.first(where: { bytes.count - i >= $0.tag.count
                    && memcmp(base + i, $0.tag, $0.tag.count) == 0 }) else { continue }
                if out.isEmpty { out.reserveCapacity(bytes.count + 256) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<i]))
                out.append(contentsOf: change.replacement)
                copied = i + change.tag.count
                at = copied
            }
            guard copied > 0 else { return html }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static let taskChanges: [(tag: [UInt8], replacement: [UInt8])] = [
        ("<input type=\"checkbox\" checked=\"\" disabled=\"\" />", "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Done\">"),
        ("<input type=\"checkbox\" disabled=\"\" />", "<input type=\"checkbox\" disabled=\"\" aria-label=\"Not done\">"),
    ].map { (Array($0.utf8), Array($1.utf8)) }

    private static let tableChanges: [(tag: [UInt8], replacement: [UInt8])] = [
        ("<table>", "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\"><table>"),
        ("</table>", "</table></div>"),
    ].map { (Array($0.utf8), Array($1.utf8)) }
}

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

/// A text that cmark-gfm would read as simple blocks between blank lines (paragraphs,
/// `#` headings, lists of one-line items or tasks, `> ` quotes of one such block) of text
/// with, at most, simple links (`[words](https://...)`) and simple emphasis (`*a*`,
/// `**a**`, `_a_`, `__a__` between spaces and words or links): its HTML is made here
/// without a parser. Timeline entries, updates
/// and quotes are mostly such texts (a hundred thousand of them in a big site), and so
/// are many bodies; cmark-gfm spent 150 to 200 instructions a byte on them. Anything else
/// goes to cmark-gfm; tests compare the two on every text this accepts.
package enum SimpleMarkdown {
    /// The block HTML of the text, or nil when it may hold other Markdown.
    package static func html(_ markdown: String) -> String? {
        markdown.withBytes { bytes -> String? in
            // Tables and tags are never simple: rather than find out at the end of a long
            // body, look for a `|`, and for a `>` that does not open a quote, first.
            guard let base = bytes.baseAddress, memchr(base, 124, bytes.count) == nil, quotesOnly(bytes) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8 + 16)
            guard blocks(bytes, into: &out), !out.isEmpty else { return nil }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Writes the blocks of `bytes`; false when one is not simple.
    private static func blocks(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
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
                guard heading(bytes, start, end, into: &out) else { return false }
            case .bullets, .numbers:
                guard list(kind, bytes, start, end, into: &out) else { return false }
            case .quote:
                guard quote(bytes, start, end, into: &out) else { return false }
            case .paragraph:
                guard lines(bytes, start, end) else { return false }
                out.append(contentsOf: "<p>".utf8)
                guard inline(bytes, start, end, into: &out) else { return false }
                out.append(contentsOf: "</p>\n".utf8)
            }
            previousWasList = kind == .bullets || kind == .numbers
            start = end
        }
        return true
    }

    private enum BlockKind { case paragraph, heading, bullets, numbers, quote }

    /// What a block is, from its first bytes: `#` a heading, `- ` a list, `1. ` a numbered
    /// list, `>` a quote.
    private static func blockKind(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> BlockKind {
        if bytes[start] == 35 { return .heading }
        if bytes[start] == 62 { return .quote }
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

    /// A quote: every line opens with `> `; what follows is one simple block.
    private static func quote(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                              into out: inout [UInt8]) -> Bool {
        var inner: [UInt8] = []
        inner.reserveCapacity(end - start)
        var lineStart = start
        for i in start...end where i == end || bytes[i] == 10 {
            guard i - lineStart > 2, bytes[lineStart] == 62, bytes[lineStart + 1] == 32 else { return false }
            if !inner.isEmpty { inner.append(10) }
            inner.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart + 2..<i]))
            lineStart = i + 1
        }
        out.append(contentsOf: "<blockquote>\n".utf8)
        guard inner.withUnsafeBufferPointer({ blocks($0, into: &out) }) else { return false }
        out.append(contentsOf: "</blockquote>\n".utf8)
        return true
    }

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
                                into out: inout [UInt8]) -> Bool {
        var level = 0
        while start + level < end, bytes[start + level] == 35 { level += 1 }
        let text = start + level + 1
        guard level <= 6, text < end, bytes[text - 1] == 32, bytes[end - 1] != 35,
              !UnsafeBufferPointer(rebasing: bytes[start..<end]).contains(10), lines(bytes, text, end) else { return false }
        let tag = [104, UInt8(48 + level)]
        out.append(60)
        out.append(contentsOf: tag)
        out.append(62)
        guard inline(bytes, text, end, into: &out) else { return false }
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: tag)
        out.append(contentsOf: ">\n".utf8)
        return true
    }

    /// A tight list: every line an item of one line (`- text` or `1. text`).
    private static func list(_ kind: BlockKind, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                             into out: inout [UInt8]) -> Bool {
        var lineStart = start
        var first = true
        for i in start...end where i == end || bytes[i] == 10 {
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
            guard text < i, lines(bytes, text, i), inline(bytes, text, i, into: &out) else { return false }
            out.append(contentsOf: "</li>\n".utf8)
            lineStart = i + 1
        }
        out.append(contentsOf: (kind == .bullets ? "</ul>\n" : "</ol>\n").utf8)
        return true
    }

    /// Whether each line of `bytes[start..<end]` starts and ends a paragraph line: no block
    /// syntax at its start (list, heading, quote, fence, indentation, break, table), no
    /// trailing space (a hard break).
    private static func lines(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var lineStart = start
        for i in start...end where i == end || bytes[i] == 10 {
            guard i > lineStart, bytes[i - 1] != 32 else { return false }
            let first = bytes[lineStart]
            guard opens(first) || first == 91 || emphasisOpens(bytes, lineStart, i) else { return false }
            // `1.` or `1)` opens an ordered list.
            var k = lineStart
            while k < i, bytes[k] >= 48, bytes[k] <= 57 { k += 1 }
            if k > lineStart, k < i, bytes[k] == 46 || bytes[k] == 41 { return false }
            lineStart = i + 1
        }
        return true
    }

    /// Writes the inline HTML of `bytes[start..<end]`; false when it holds anything but
    /// text, simple links and simple emphasis.
    private static func inline(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                               into out: inout [UInt8]) -> Bool {
        inline(bytes, start, end, inside: nil, into: &out) != nil
    }

    /// The same from `start`, inside emphasis of `mark` or not; returns where it stopped:
    /// `end`, or inside emphasis, the start of the closing run. Emphasis holds text and
    /// links, no other emphasis.
    private static func inline(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, inside mark: UInt8?,
                               into out: inout [UInt8]) -> Int? {
        var i = start
        while i < end {
            switch bytes[i] {
            case 91: // [text](https://...)
                if i > start, bytes[i - 1] == 33 { return nil } // an image
                guard let close = textEnd(bytes, i + 1, end, stop: 93), close > i + 1, bytes[i + 1] != 94,
                      close + 1 < end, bytes[close + 1] == 40, let url = urlEnd(bytes, close + 2, end) else { return nil }
                out.append(contentsOf: "<a href=\"".utf8)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[close + 2..<url]))
                out.append(contentsOf: "\">".utf8)
                text(bytes, i + 1, close, into: &out)
                out.append(contentsOf: "</a>".utf8)
                i = url + 1
            case 42, 95: // *em*, **strong**, _em_, __strong__
                if let mark { return bytes[i] == mark ? i : nil }
                let mark = bytes[i]
                let run = i + 1 < end && bytes[i + 1] == mark ? 2 : 1
                let inner = i + run
                // Opens after a space and before a word or a link; closes after a word or a
                // link and before a space or punctuation (so no run can both open and close).
                guard i == start || bytes[i - 1] == 32 || bytes[i - 1] == 10, inner < end, bytes[inner] != mark,
                      bytes[inner].isASCIIAlphanumeric || bytes[inner] == 91 else { return nil }
                let tag = run == 2 ? "strong" : "em"
                out.append(60)
                out.append(contentsOf: tag.utf8)
                out.append(62)
                guard let close = inline(bytes, inner, end, inside: mark, into: &out),
                      bytes[close - 1].isASCIIAlphanumeric || bytes[close - 1] == 41, close + run <= end,
                      run == 1 || bytes[close + 1] == mark else { return nil }
                let after = close + run
                guard after == end || closes(bytes[after]) else { return nil }
                out.append(contentsOf: "</".utf8)
                out.append(contentsOf: tag.utf8)
                out.append(62)
                i = after
            default:
                guard let next = textEnd(bytes, i, end, stop: nil) else { return nil }
                text(bytes, i, next, into: &out)
                i = next
            }
        }
        return mark == nil ? end : nil
    }

    /// The end of the plain text from `start`: the first `stop` byte (nil: none found),
    /// or with no `stop`, the first `[`, `*` or `_` (or `end`). Nil when the text holds
    /// a byte that could start other Markdown, or a `//` or `www.` (autolinks).
    private static func textEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, stop: UInt8?) -> Int? {
        let allowed = Self.allowed  // once, not a lazy-global check per byte
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let word = WordBytes()
        var i = start
        while i < end {
            // Sixteen bytes of letters, digits, spaces and the like at a time.
            if i + 16 <= end, word.all(raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)) {
                i += 16
                continue
            }
            let byte = bytes[i]
            if byte >= 0x80 || byte == 10 {
                i += 1
                continue
            }
            if byte == stop { return i }
            guard allowed[Int(byte)] else {
                return stop == nil && (byte == 91 || byte == 42 || byte == 95) ? i : nil
            }
            if byte == 47, i > start, bytes[i - 1] == 47 { return nil }
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

        @inline(__always)
        func all(_ v: SIMD16<UInt8>) -> Bool {
            let lower = v | caseBit
            let letter = (lower .>= a) .& (lower .<= z)
            let digit = (v .>= zero) .& (v .<= nine)
            let other = (v .>= high) .| (v .== space) .| (v .== comma) .| (v .== apostrophe) .| (v .== hyphen) .| (v .== lineEnd)
            return Swift.all(letter .| digit .| other)
        }
    }

    /// Task-list checkboxes as `Markdown.accessible` writes them, with the space after them.
    package static let openTask = Array("<input type=\"checkbox\" disabled=\"\" aria-label=\"Not done\"> ".utf8)
    package static let doneTask = Array("<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Done\"> ".utf8)

    /// Whether the line at `start` opens with emphasis (`*a`, `**a`, `_a`, `__a`), which
    /// no block starts with.
    private static func emphasisOpens(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let mark = bytes[start]
        guard mark == 42 || mark == 95 else { return false }
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

/// Serialises the part of cmark-gfm that writes process-wide state, when it must.
private let parseLock = NSLock()

/// The process-wide special-character table of cmark-gfm, set up once, with `w` switched
/// on only while it is needed.
///
/// At every special character cmark-gfm's inline parser stops, asks the extensions for a
/// match and starts a new text node (the nodes are merged again at the end). The autolink
/// extension makes `w` special for its `www.` links: every `w` of every text, which cost
/// a tenth of a build's time. So `w` is out of the table, and a text that may hold a `www.`
/// link (`WWWLinks.mayHold`) is parsed with it switched on: texts count themselves in and
/// out under a lock, the first in switches it on and the last out off. A text parsed
/// meanwhile reads the same either way, since it holds no `www.` link and its split text
/// nodes are merged.
private enum SpecialCharacters {
    typealias Manage = @convention(c) (OpaquePointer?, Int32) -> Void

    /// Set by the replacement below whenever cmark-gfm calls it.
    static let replacementCalled = Atomic<Bool>(false)

    /// cmark-gfm's own table function (RTLD_NEXT: the library's definition, behind ours).
    static let manage: Manage? = dlsym(UnsafeMutableRawPointer(bitPattern: -1),
                                       "cmark_manage_extensions_special_characters").map {
        unsafeBitCast($0, to: Manage.self)
    }

    /// A parser holding one extension whose only special character is `w` (it never
    /// matches): given to `manage` to switch `w` alone on or off.
    nonisolated(unsafe) static let wParser: OpaquePointer? = {
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT), let ext = cmark_syntax_extension_new("blotter-w") else {
            return nil
        }
        cmark_syntax_extension_set_match_inline_func(ext) { _, _, _, _, _ in nil }
        let chars = cmark_llist_append(cmark_get_default_mem_allocator(), nil, UnsafeMutableRawPointer(bitPattern: 0x77))
        cmark_syntax_extension_set_special_inline_chars(ext, chars)
        cmark_parser_attach_syntax_extension(parser, ext)
        return parser
    }()

    /// Texts being parsed with `w` on.
    static let wUsers = Mutex<Int>(0)

    /// Registers the extensions, fills the table, and tells whether parsers may run at once.
    static let parallelParsing: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        guard let manage, let wParser, let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return false }
        defer { cmark_parser_free(parser) }
        for name in Markdown.siteExtensions {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        manage(parser, 1)
        manage(wParser, 0)
        // A parse shows whether cmark-gfm's own calls now reach the replacement.
        cmark_parser_feed(parser, "~~a~~", 5)
        if let document = cmark_parser_finish(parser) { cmark_node_free(document) }
        return replacementCalled.load(ordering: .relaxed)
    }()

    /// `parse()` with `w` special (only when `parallelParsing`).
    static func withW<T>(_ parse: () -> T) -> T {
        wUsers.withLock { users in
            if users == 0 { manage?(wParser, 1) }
            users += 1
        }
        defer {
            wUsers.withLock { users in
                users -= 1
                if users == 0 { manage?(wParser, 0) }
            }
        }
        return parse()
    }
}

/// Where the autolink extension may find a `www.` link.
package enum WWWLinks {
    /// Whether `markdown` has a `www.` that the extension could take for a link: one at the
    /// start or after anything but a letter, digit, `/`, `.` or `-`. (It takes `www.` only at
    /// the start of a text or after a space or one of `* _ ~ ( [`, so a `www.` inside an
    /// address such as `https://www.` never needs `w`, and link targets stay on the fast path.)
    package static func mayHold(_ markdown: String) -> Bool {
        return markdown.withBytes { bytes -> Bool in
            guard bytes.count >= 4, let base = bytes.baseAddress else { return false }
            let end = bytes.count - 3
            var from = 0
            while from < end, let hit = memchr(base + from, 0x77, end - from) {
                let at = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
                if bytes[at + 1] == 0x77, bytes[at + 2] == 0x77, bytes[at + 3] == 0x2E {
                    guard at > 0 else { return true }
                    let before = bytes[at - 1]
                    if !(before.isASCIIAlphanumeric || before == 47 || before == 46 || before == 45) { return true }
                }
                from = at + 1
            }
            return false
        }
    }
}

/// Replaces cmark-gfm's `cmark_manage_extensions_special_characters`: the
/// table is filled once by `SpecialCharacters` and never cleared.
@_cdecl("cmark_manage_extensions_special_characters")
package func blotterManageExtensionsSpecialCharacters(_ parser: OpaquePointer?, _ add: Int32) {
    SpecialCharacters.replacementCalled.store(true, ordering: .relaxed)
}
