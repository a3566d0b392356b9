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
        let markdown = DenseMarkup.tamed(markdown).text
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

extension Markdown {
    /// cmark-gfm's extension called `name`, found once (each search makes a C string).
    private static func syntaxExtension(_ name: String) -> OpaquePointer? {
        if let address = knownExtensions[name] { return OpaquePointer(bitPattern: address) }
        return cmark_find_syntax_extension(name)
    }

    /// The site's extensions' addresses by name.
    private static let knownExtensions: [String: UInt] = {
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
