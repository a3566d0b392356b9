internal import BlotterCore

/// A long briefing cut into parts that Chromium prints at the same time, one process per
/// core (Chromium lays out and paints a document on one thread: an 842-page briefing took
/// 16-25 s whole and 13-16 s in two parts on two cores, measured in turn), and the
/// document that draws the page margins once the page count is known.
///
/// - The cuts are before incidents (their `anchor` ids), so that each part's pages are the
///   whole document's pages: every incident starts a page. Parts hold about the same
///   amount of HTML.
/// - Each part is the whole `<head>`, the elements open at its cut opened again (say
///   `<main class="...">`), and its incidents.
/// - Links across parts: Chromium drops a link whose target is not in the document, and
///   names only the destinations something links to. So each part gets an empty element
///   for every linked id it lacks, and a hidden link to every linked id it has; the merger
///   takes each destination from the part that holds the element (`owners`).
/// - Page margins: the parts are printed without margin boxes (Chromium counts each part's
///   pages from 1), and `margins(pages:)` is a document of that many empty pages with the
///   briefing's own `@page` rules, whose margin boxes (title, "Page 3 of 841") are drawn
///   onto the pages. `@page :first`, `:left` and `:right` rules that change more than the
///   margin boxes apply to each part as to a document of its own.
struct PrintParts {
    /// The parts' HTML.
    var parts: [String]
    /// For each part, the linked ids whose elements it holds.
    var owners: [Set<String>]
    /// The briefing up to the end of its `<body>` start tag.
    private var head: String

    /// `html` cut into at most `count` parts before some of `anchors` (the incidents' ids,
    /// in document order); nil when it cannot be cut (no `<body>`, an anchor not found).
    init?(html: String, anchors: [String], count: Int) {
        let bytes = Array(html.utf8)
        guard count > 1, anchors.count > 1, let bodyStart = Self.endOfBodyTag(bytes) else { return nil }
        var starts: [Int] = []
        for anchor in anchors {
            guard let start = Self.tagStart(ofID: anchor, in: bytes, from: starts.last ?? bodyStart) else { return nil }
            starts.append(start)
        }
        // Cut before the incident nearest to each equal share of the HTML.
        var cuts: [Int] = []
        let span = bytes.count - starts[0]
        for share in 1..<count {
            let target = starts[0] + span * share / count
            let later = starts.dropFirst().filter { $0 > (cuts.last ?? 0) }
            if let cut = later.min(by: { abs($0 - target) < abs($1 - target) }) { cuts.append(cut) }
        }
        guard !cuts.isEmpty else { return nil }
        let linked = Self.linkedIDs(bytes)
        let head = String(decoding: bytes[..<bodyStart], as: UTF8.self)
        let marginless = head.inserting(Self.marginless, beforeTag: "</head>") ?? head + Self.marginless
        let bounds = [bodyStart] + cuts + [bytes.count]
        var parts: [String] = []
        var owners: [Set<String>] = []
        for index in 0..<(bounds.count - 1) {
            let slice = bytes[bounds[index]..<bounds[index + 1]]
            let held = Self.ids(in: slice).intersection(linked)
            var part = marginless
            if index > 0 { part += Self.openElements(bytes[bodyStart..<bounds[index]]) }
            part += String(decoding: slice, as: UTF8.self)
            // After the incidents (before `</body>` in the last part), where nothing follows
            // them to move: the part's first incident must start its first page.
            let extras = "<div hidden>" + held.sorted().map { "<a href=\"#\($0)\"></a>" }.joined() + "</div>"
                + linked.subtracting(held).sorted().map { "<div id=\"\($0)\"></div>" }.joined() + "\n"
            parts.append(part.inserting(extras, beforeTag: "</body>", last: true) ?? part + "\n" + extras)
            owners.append(held)
        }
        self.parts = parts
        self.owners = owners
        self.head = head
    }

    /// A document of `pages` empty pages with the briefing's `@page` rules: its margin boxes.
    /// Backgrounds are left out, so that the margins drawn over a page do not hide it.
    func margins(pages: Int) -> String {
        let page = "<div class=\"blotter-page\"></div>"
        return (head.inserting(Self.marginsOnly, beforeTag: "</head>") ?? head + Self.marginsOnly)
            + String(repeating: page, count: max(1, pages)) + "\n</body>\n</html>\n"
    }

    // MARK: Styles

    static let marginBoxes = ["top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
                              "bottom-left-corner", "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner",
                              "left-top", "left-middle", "left-bottom", "right-top", "right-middle", "right-bottom"]

    /// No margin boxes, whatever the briefing's `@page` rules say.
    static let marginless = "<style>@page { " + marginBoxes.map { "@\($0) { content: none !important; }" }.joined(separator: " ")
        + " }</style>\n"

    /// No backgrounds; each empty page a page.
    static let marginsOnly = "<style>html, body { background: none !important; } "
        + "@page { background: none !important; } "
        + ".blotter-page { break-after: page; height: 1px; } .blotter-page:last-child { break-after: auto; }</style>\n"

    // MARK: Scanning the HTML

    /// The offset just after the `<body ...>` start tag.
    private static func endOfBodyTag(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            if let (name, end, _) = tag(bytes[...], at: open), name == "body" { return end }
            index = open + 1
        }
        return nil
    }

    /// The start of the tag that has `id="anchor"`, searching from `from`.
    private static func tagStart(ofID anchor: String, in bytes: [UInt8], from: Int) -> Int? {
        let needle = Array(" id=\"\(anchor)\"".utf8)
        guard let first = needle.first, from < bytes.count else { return nil }
        var index = from
        while let hit = bytes[index...].firstIndex(of: first) {
            if hit + needle.count <= bytes.count, bytes[hit..<hit + needle.count].elementsEqual(needle) {
                return bytes[from..<hit].lastIndex(of: UInt8(ascii: "<"))
            }
            index = hit + 1
        }
        return nil
    }

    /// The values of `attribute="..."` in `bytes`.
    private static func attributeValues(_ attribute: String, in bytes: ArraySlice<UInt8>) -> [String] {
        let needle = Array(" \(attribute)=\"".utf8)
        var values: [String] = []
        var index = bytes.startIndex
        while let hit = bytes[index...].firstIndex(of: needle[0]) {
            let start = hit + needle.count
            if start <= bytes.endIndex, bytes[hit..<start].elementsEqual(needle),
               let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) {
                values.append(String(decoding: bytes[start..<end], as: UTF8.self))
                index = end
            } else {
                index = hit + 1
            }
        }
        return values
    }

    /// The ids of elements in `bytes`.
    private static func ids(in bytes: ArraySlice<UInt8>) -> Set<String> {
        Set(attributeValues("id", in: bytes))
    }

    /// The ids that links in the document point to (`href="#id"`).
    private static func linkedIDs(_ bytes: [UInt8]) -> Set<String> {
        Set(attributeValues("href", in: bytes[...]).compactMap { $0.hasPrefix("#") && $0.count > 1 ? String($0.dropFirst()) : nil })
    }

    /// Elements that have no end tag.
    private static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                                                    "meta", "source", "track", "wbr"]
    /// Elements whose content is text up to their end tag.
    private static let rawTextElements: Set<String> = ["script", "style", "textarea", "title"]

    /// The start tags, as written, of the elements still open at the end of `bytes`.
    private static func openElements(_ bytes: ArraySlice<UInt8>) -> String {
        var open: [(name: String, tag: String)] = []
        var index = bytes.startIndex
        while let start = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            if bytes[start...].starts(with: "<!--".utf8) {
                let rest = bytes[(start + 4)...]
                index = rest.indices.first { rest[$0...].starts(with: "-->".utf8) }.map { $0 + 3 } ?? bytes.endIndex
                continue
            }
            guard let (name, tagEnd, closing) = tag(bytes, at: start) else {
                index = start + 1
                continue
            }
            if closing {
                if let match = open.lastIndex(where: { $0.name == name }) { open.removeSubrange(match...) }
            } else if !voidElements.contains(name), bytes[tagEnd - 2] != UInt8(ascii: "/") {
                if rawTextElements.contains(name) {
                    let close = Array("</\(name)".utf8)
                    let rest = bytes[tagEnd...]
                    index = rest.indices.first { rest[$0...].starts(with: close) } ?? bytes.endIndex
                    continue
                }
                open.append((name, String(decoding: bytes[start..<tagEnd], as: UTF8.self)))
            }
            index = tagEnd
        }
        return open.map(\.tag).joined(separator: "\n") + "\n"
    }

    /// The tag at `start` (`<name ...>` or `</name>`): its lowercased name, the offset after
    /// its `>`, and whether it is an end tag; nil when no tag starts there.
    private static func tag(_ bytes: ArraySlice<UInt8>, at start: Int) -> (String, Int, Bool)? {
        var index = start + 1
        let closing = index < bytes.endIndex && bytes[index] == UInt8(ascii: "/")
        if closing { index += 1 }
        let nameStart = index
        while index < bytes.endIndex, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z")
                || (index > nameStart && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")) {
            index += 1
        }
        guard index > nameStart else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        var quote: UInt8? = nil
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return (name, index, closing)
            }
        }
        return nil
    }
}
