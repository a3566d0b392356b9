/// Turns Mustache text into a `Template` node tree, remembering positions for errors.
struct TemplateParser {
    struct Tag {
        var kind: Character?   // nil for a plain variable
        var name: String
        var start: Int         // byte offset of the opening delimiter
        var end: Int           // byte offset after the closing delimiter
        var standalone: Bool
    }

    private let bytes: [UInt8]
    private var position = 0
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    private(set) var references: [Template.Reference] = []

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func parseDocument() throws(Template.ParseError) -> [Template.Node] {
        let (nodes, closing) = try parse(until: nil)
        if let closing { throw error("unexpected closing tag {{/\(closing.name)}}", at: closing.start) }
        return nodes
    }
}

private extension TemplateParser {
    /// Parses nodes until the closing tag of `section` (or the end for nil).
    mutating func parse(until section: (name: String, start: Int)?) throws(Template.ParseError)
        -> ([Template.Node], Tag?) {
        var nodes: [Template.Node] = []
        while position < bytes.count {
            guard let tagStart = find(open, from: position) else {
                nodes.append(.text(Array(bytes[position..<bytes.count])))
                position = bytes.count
                break
            }
            let tag = try readTag(at: tagStart)
            let textEnd = tag.standalone ? lineStart(tagStart) : tagStart
            if textEnd > position { nodes.append(.text(Array(bytes[position..<textEnd]))) }
            position = tag.standalone ? lineEnd(tag.end) : tag.end
            switch tag.kind {
            case "/":
                guard let section else { return (nodes, tag) }
                guard tag.name == section.name else {
                    throw error("{{/\(tag.name)}} closes {{#\(section.name)}}, which is still open; "
                                + "close it with {{/\(section.name)}}", at: tag.start)
                }
                return (nodes, tag)
            case "#", "^":
                let (children, _) = try parseSection(tag)
                nodes.append(.section(name: split(tag.name), inverted: tag.kind == "^", children: children))
            case "$":
                let (children, _) = try parseSection(tag)
                nodes.append(.block(tag.name, defaultContent: children))
            case "<":
                references.append(reference(tag))
                let (children, _) = try parseSection(tag)
                var overrides: [String: [Template.Node]] = [:]
                for child in children {
                    if case .block(let name, let content) = child { overrides[name] = content }
                }
                nodes.append(.parent(tag.name, overrides: overrides))
            case ">":
                references.append(reference(tag))
                // The spaces and tabs before a standalone partial tag indent each line of the partial.
                let indent = tag.standalone ? Array(bytes[textEnd..<tagStart]) : []
                nodes.append(.partial(tag.name, indent: indent))
            case "!", "=":
                break
            case "{", "&":
                nodes.append(.variable(name: split(tag.name), escaped: false))
            default:
                nodes.append(.variable(name: split(tag.name), escaped: true))
            }
        }
        if let section {
            throw error("{{#\(section.name)}} is never closed; add {{/\(section.name)}}", at: section.start)
        }
        return (nodes, nil)
    }

    mutating func parseSection(_ tag: Tag) throws(Template.ParseError) -> ([Template.Node], Tag?) {
        try parse(until: (tag.name, tag.start))
    }

    /// Reads the tag whose opening delimiter is at `start`.
    mutating func readTag(at start: Int) throws(Template.ParseError) -> Tag {
        var cursor = start + open.count
        var kind: Character?
        var closer = close
        if cursor < bytes.count, case let sigil = Character(Unicode.Scalar(bytes[cursor])),
           "#^/>!<$&{=".contains(sigil) {
            kind = sigil
            cursor += 1
            if sigil == "{" { closer = Array("}".utf8) + close }
            if sigil == "=" { closer = Array("=".utf8) + close }
        }
        guard let closeAt = find(closer, from: cursor) else {
            throw error("this tag is never closed (missing \(String(decoding: close, as: UTF8.self)))", at: start)
        }
        let name = string(cursor, closeAt).trimmedWhitespace
        let end = closeAt + closer.count
        if kind == "=" {
            try setDelimiters(name, at: start)
        } else if kind != "!", name.isEmpty {
            throw error("empty tag name", at: start)
        }
        let standaloneKinds: Set<Character> = ["#", "^", "/", ">", "!", "<", "$", "="]
        let standalone = kind.map(standaloneKinds.contains) ?? false && isStandalone(start, end)
        return Tag(kind: kind, name: name, start: start, end: end, standalone: standalone)
    }

    mutating func setDelimiters(_ spec: String, at start: Int) throws(Template.ParseError) {
        let parts = spec.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, !parts[0].contains("="), !parts[1].contains("=") else {
            throw error("badly formed set-delimiter tag; write {{=<% %>=}}", at: start)
        }
        open = Array(parts[0].utf8)
        close = Array(parts[1].utf8)
    }

    /// Whether only spaces surround the tag on its line.
    func isStandalone(_ start: Int, _ end: Int) -> Bool {
        var i = start - 1
        while i >= 0, bytes[i] != 10 {
            if bytes[i] != 32 && bytes[i] != 9 { return false }
            i -= 1
        }
        var j = end
        while j < bytes.count, bytes[j] != 10 {
            if bytes[j] != 32 && bytes[j] != 9 && bytes[j] != 13 { return false }
            j += 1
        }
        return true
    }

    func lineStart(_ index: Int) -> Int {
        var i = index
        while i > 0, bytes[i - 1] != 10 { i -= 1 }
        return max(i, position)
    }

    func lineEnd(_ index: Int) -> Int {
        var j = index
        while j < bytes.count, bytes[j] != 10 { j += 1 }
        return min(j + 1, bytes.count)
    }

    func find(_ needle: [UInt8], from start: Int) -> Int? { ByteSearch.first(needle, in: bytes, from: start) }

    func string(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }

    func split(_ name: String) -> [TemplateKey] {
        name == "." ? [TemplateKey(".")] : name.split(separator: ".").map { TemplateKey(String($0)) }
    }

    func location(_ offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 10 {
            line += 1
            lineStart = i + 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return (line, column)
    }

    func reference(_ tag: Tag) -> Template.Reference {
        let (line, column) = location(tag.start)
        return Template.Reference(name: tag.name, line: line, column: column)
    }

    func error(_ message: String, at offset: Int) -> Template.ParseError {
        let (line, column) = location(offset)
        return Template.ParseError(message: message, line: line, column: column)
    }
}
