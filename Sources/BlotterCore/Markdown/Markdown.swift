internal import CCmarkGFM
internal import Foundation

/// GitHub-flavoured Markdown to HTML through cmark-gfm. The only file that
/// touches C.
///
/// Safe by default: raw HTML is omitted and `javascript:`, `vbscript:`,
/// `file:` and non-image `data:` link targets are emptied by cmark-gfm's safe
/// mode.
///
/// Thread safety: cmark-gfm 0.29 keeps its table of special inline characters
/// in a process-wide array that every `cmark_parser_finish` first fills from
/// the parser's extensions and then clears again. Two documents parsed at once
/// therefore see each other's clearing, and strikethrough or autolinks go
/// missing at random. Parsing (feed and finish) runs under one lock; building
/// the HTML from the tree, which is most of the rest of the work, runs in
/// parallel on every thread.
public enum Markdown {
    /// The GFM extensions the site uses.
    public static let siteExtensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// The body of a document: block HTML.
    public static func html(_ markdown: String) -> String {
        accessible(render(markdown, extensions: siteExtensions, footnotes: true, tableStyles: true))
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

    /// Renders `markdown` with the named extensions; `unsafe` keeps raw HTML (only for the conformance run).
    public static func render(_ markdown: String, extensions: [String], footnotes: Bool, unsafe: Bool = false,
                              tableStyles: Bool = false) -> String {
        registerExtensions
        let parseOptions = CMARK_OPT_VALIDATE_UTF8 | (footnotes ? CMARK_OPT_FOOTNOTES : 0)
        guard let parser = cmark_parser_new(parseOptions) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensions {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var source = markdown
        parseLock.lock()
        source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        let document = cmark_parser_finish(parser)
        parseLock.unlock()
        guard let document else { return "" }
        defer { cmark_node_free(document) }
        let renderOptions = (unsafe ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT) | (footnotes ? CMARK_OPT_FOOTNOTES : 0)
            | (tableStyles ? CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES : 0)
        guard let html = cmark_render_html(document, renderOptions, cmark_parser_get_syntax_extensions(parser))
        else { return "" }
        defer { free(html) }
        return String(cString: html)
    }
}

private extension Markdown {
    /// Labels task-list checkboxes and lets wide tables scroll by keyboard. Raw
    /// HTML is omitted in safe mode, so these strings can only come from cmark-gfm.
    static func accessible(_ html: String) -> String {
        guard html.containsBytes("<input type=\"checkbox\"") || html.containsBytes("<table>") else { return html }
        return html
            .replacingBytes("<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
                                  with: "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Done\">")
            .replacingBytes("<input type=\"checkbox\" disabled=\"\" />",
                                  with: "<input type=\"checkbox\" disabled=\"\" aria-label=\"Not done\">")
            .replacingBytes("<table>",
                                  with: "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\"><table>")
            .replacingBytes("</table>", with: "</table></div>")
    }
}

/// Serialises the part of cmark-gfm that writes process-wide state.
private let parseLock = NSLock()

/// Registers the core extensions once (the registry is a global list).
private let registerExtensions: Void = {
    cmark_gfm_core_extensions_ensure_registered()
}()
