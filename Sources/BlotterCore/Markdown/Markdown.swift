internal import Foundation

/// GitHub-flavoured Markdown to HTML: what Blotter allows and what it makes of
/// cmark-gfm's output. The reading itself is cmark-gfm's, through the binding in
/// `CmarkGFM/` (the only code that calls it; `SimpleMarkdown` is the fast path for
/// texts that need no parser).
///
/// Safe by default: raw HTML is omitted and `javascript:`, `vbscript:`,
/// `file:` and non-image `data:` link targets are emptied by cmark-gfm's safe
/// mode. The site's extensions are `siteExtensions`; a text nested too deeply is shown
/// as plain paragraphs, a table row too wide as text; task checkboxes get labels and
/// tables a scrolling region (`accessible`); footnote ids are prefixed per text.
public enum Markdown {
    /// The GFM extensions the site uses.
    public static let siteExtensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// The body of a document: block HTML.
    public static func html(_ markdown: String) -> String {
        SimpleMarkdown.html(markdown) ?? cmarkHTML(markdown)
    }

    /// The same, always made by cmark-gfm (tests compare `SimpleMarkdown` with it).
    package static func cmarkHTML(_ markdown: String) -> String {
        let features = Features(markdown)
        let html = render(markdown, features: features, extensions: siteExtensions, footnotes: true, tableStyles: true)
        // The Markdown of a table has a delimiter row, and of a task `[ ]` or `[x]`: looked
        // for there, where searching the HTML for `<table>` stops at every tag.
        let tables = features.contains(.tables)
        let tasks = markdown.containsByte(UInt8(ascii: "["))
            && (markdown.containsBytes("[ ]") || markdown.containsBytes("[x]") || markdown.containsBytes("[X]"))
        let made = tables || tasks ? accessible(html, tables: tables, tasks: tasks) : html
        return nestingDepth(made) > maxNesting ? plainParagraphs(markdown) : made
    }

    /// The deepest nesting of elements a text's HTML may have. Markdown nests without limit
    /// (a line of 100,000 `- ` is a list in a list 100,000 times, `***...a***...` emphasis as
    /// deep), and such a page stalls browsers, Chromium's printing and Pagefind (which ran for
    /// minutes on one). Deeper, the text is shown as plain paragraphs.
    package static let maxNesting = 100

    /// How deeply the elements of cmark-gfm's HTML nest. In safe mode every `<` there opens
    /// a tag (text has `&lt;`); `<br />`, `<hr />`, `<img />` and `<input>` hold nothing.
    package static func nestingDepth(_ html: String) -> Int {
        html.withBytes { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            var depth = 0, deepest = 0
            var at = 0
            while at < bytes.count, let found = memchr(base + at, 60, bytes.count - at) {
                let i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                at = i + 1
                guard i + 1 < bytes.count else { break }
                let next = bytes[i + 1]
                if next == 47 {
                    depth -= 1
                } else if next != 33, !Self.voidTags.contains(where: { tag in
                    bytes.count - i > tag.count && memcmp(base + i + 1, tag, tag.count) == 0 }) {
                    depth += 1
                    deepest = max(deepest, depth)
                }
            }
            return deepest
        }
    }

    /// The elements cmark-gfm writes without content, each name with the byte after it.
    private static let voidTags = ["br ", "hr ", "img ", "input "].map { Array($0.utf8) }

    /// `markdown` as plain text: a paragraph for each run of lines between blank ones.
    static func plainParagraphs(_ markdown: String) -> String {
        var out: [UInt8] = []
        for paragraph in markdown.components(separatedBy: "\n\n").map(\.trimmedWhitespace) where !paragraph.isEmpty {
            out.write("<p>")
            HTMLEscape.append(paragraph, to: &out)
            out.write("</p>\n")
        }
        return String(decoding: out, as: UTF8.self)
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

    /// `html` with the ids of its footnotes and of their references, and the links to them,
    /// prefixed by `prefix`. Every text's footnotes are numbered from 1 (`fn-1`, `fnref-1`):
    /// where several texts share a page (a timeline entry and the body, a briefing's
    /// incidents), the prefix keeps their ids apart. Raw HTML is never in the output and a
    /// text's quotes are escaped, so only footnotes (and links the writer made to them)
    /// hold these attributes.
    public static func footnotes(_ html: String, prefixedWith makePrefix: @autoclosure () -> String) -> String {
        guard html.containsBytes("fn") else { return html }
        let prefix = makePrefix()
        guard !prefix.isEmpty else { return html }
        var out = html
        for attribute in ["id=\"", "href=\"#"] {
            for name in ["fn-", "fnref-"] {
                out = out.replacingOccurrences(of: attribute + name, with: attribute + prefix + name)
            }
        }
        return out
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
}

extension Markdown {
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
