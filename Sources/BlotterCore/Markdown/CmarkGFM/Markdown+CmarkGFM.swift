internal import CCmarkGFM
internal import Foundation

/// The binding to cmark-gfm: a text parsed and rendered with the extensions, options and
/// features asked for. (What Blotter asks for is in `Markdown.swift`.)
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
extension Markdown {
    /// Whether documents are parsed in parallel (the replacement for cmark-gfm's
    /// table management is bound); otherwise parsing takes a lock.
    public static var parsesInParallel: Bool { SpecialCharacters.parallelParsing }

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
}

/// Serialises the part of cmark-gfm that writes process-wide state, when it must.
private let parseLock = NSLock()

extension Markdown {
    /// Where `markdown` has an image without a description (`![](photo.jpg)`): the lines and
    /// columns of each, counted from the text's first line.
    package static func imagesWithoutDescription(_ markdown: String) -> [(line: Int, column: Int)] {
        guard markdown.containsBytes("![") else { return [] }
        let text = DenseMarkup.tamed(markdown).text
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return [] }
        defer { cmark_parser_free(parser) }
        let parse = {
            text.withBytes { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in cmark_parser_feed(parser, chars.baseAddress, chars.count) }
            }
            return cmark_parser_finish(parser)
        }
        let parsed = SpecialCharacters.parallelParsing ? parse() : parseLock.withLock(parse)
        guard let document = parsed, let iterator = cmark_iter_new(document) else { return [] }
        defer {
            cmark_iter_free(iterator)
            cmark_node_free(document)
        }
        var found: [(line: Int, column: Int)] = []
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_IMAGE else { continue }
            var described = false
            var child = cmark_node_first_child(node)
            while let current = child, !described {
                if let literal = cmark_node_get_literal(current),
                   String(cString: literal).contains(where: { !$0.isWhitespace }) { described = true }
                if cmark_node_first_child(current) != nil { described = true }  // emphasis or code inside
                child = cmark_node_next(current)
            }
            if !described {
                found.append((Int(cmark_node_get_start_line(node)), Int(cmark_node_get_start_column(node))))
            }
        }
        return found
    }
}
