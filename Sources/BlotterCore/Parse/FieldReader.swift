internal import Foundation
internal import Yams

/// Reads typed fields out of YAML nodes, turning every defect into one
/// diagnostic at the node's file position.
struct FieldReader {
    /// The file being read.
    let file: String
    /// Added to a YAML line to give the file line.
    let lineOffset: Int
    /// What was found so far.
    var diagnostics: [Diagnostic] = []
    /// The values the file's unknown fields may still hold (see `extraBudget`).
    private var extraLeft = FieldReader.extraBudget
    /// Whether the YAML has a backslash: only an escape (`"\u0007"`) can make a control
    /// character in a value, since `SourceFile` has made the file's own ones spaces.
    private var hasEscapes = true

    init(file: String, yamlFirstLine: Int) {
        self.file = file
        self.lineOffset = yamlFirstLine - 1
    }

    mutating func error(_ field: String, at node: YAMLNode?, _ message: String) {
        report(.error, field, at: node?.mark, message)
    }

    mutating func warning(_ field: String, at node: YAMLNode?, _ message: String, kind: Diagnostic.Kind) {
        report(.warning, field, at: node?.mark, message, kind: kind)
    }

    mutating func report(_ severity: Diagnostic.Severity, _ field: String, at mark: YAMLMark?, _ message: String,
                         kind: Diagnostic.Kind = .other) {
        report(severity, field, yamlLine: mark?.line, column: mark?.column ?? 1, message, kind: kind)
    }

    /// Reports at a YAML line (nil: the start of the file).
    mutating func report(_ severity: Diagnostic.Severity, _ field: String, yamlLine: Int?, column: Int,
                         _ message: String, kind: Diagnostic.Kind = .other) {
        let line = yamlLine.map { $0 + lineOffset } ?? 1
        diagnostics.append(Diagnostic(severity, file: file, line: line, column: column, field: field, message: message,
                                      kind: kind))
    }

    /// A warning at each image of a Markdown `body` (whose first line is the file's
    /// `bodyLine`) that has no description: readers who cannot see it learn nothing of it.
    mutating func describedImages(_ body: String, bodyLine: Int) {
        for place in Markdown.imagesWithoutDescription(body) {
            diagnostics.append(Diagnostic(.warning, file: file, line: bodyLine + place.line - 1, column: place.column,
                                          field: "body", message: "image without a description: write what it shows "
                                              + "between the brackets, ![Firefighters at the flats](…)", kind: .image))
        }
    }

    /// Splits `file` and reads its front matter: the reader, the fields and the body,
    /// or the diagnostics that stop it being read.
    static func open(_ file: SourceFile) -> Opened {
        switch FrontMatter.split(file) {
        case .failure(let diagnostic):
            return .failed(file.notes + [diagnostic])
        case .success(let front):
            var reader = FieldReader(file: file.path, yamlFirstLine: front.yamlFirstLine)
            reader.diagnostics = file.notes
            guard let fields = reader.rootMapping(front.yaml) else { return .failed(reader.diagnostics) }
            if let row = Markdown.overwideTableRow(front.body) {
                reader.diagnostics.append(Diagnostic(.warning, file: file.path, line: front.bodyFirstLine + row, column: 1,
                                                     field: "body", message: Markdown.overwideTableMessage,
                                                     kind: .markdown))
            }
            // A row too wide for tables is the same problem, already named.
            if Markdown.overwideTableRow(front.body) == nil, let block = DenseMarkup.denseBlocks(front.body).first {
                reader.diagnostics.append(Diagnostic(.warning, file: file.path, line: front.bodyFirstLine + block.line,
                                                     column: 1, field: "body", message: DenseMarkup.message,
                                                     kind: .markdown))
            }
            reader.describedImages(front.body, bodyLine: front.bodyFirstLine)
            return .read(reader, fields, body: front.body, bodyLine: front.bodyFirstLine)
        }
    }

    /// A file's front matter, open for reading, or why it cannot be.
    enum Opened {
        case read(FieldReader, Fields, body: String, bodyLine: Int)
        case failed([Diagnostic])
    }

    /// Parses `yaml` into its root mapping; a syntax error becomes a diagnostic.
    mutating func rootMapping(_ yaml: String) -> Fields? {
        hasEscapes = yaml.containsByte(92)
        let root: YAMLNode?
        do {
            root = try YAMLReader.compose(yaml)
        } catch let error as YamlError {
            reportSyntax(error, yaml: yaml)
            return nil
        } catch {
            report(.error, "front matter", at: nil, "invalid YAML: \(error)")
            return nil
        }
        guard let root else { return Fields(entries: [], mark: nil) }
        if case .scalar(let scalar) = root, isNull(scalar) {
            return Fields(entries: [], mark: nil)
        }
        return mapping(root, field: "front matter")
    }

    /// The entries of a mapping node; anything else is an error. (Duplicate keys never get
    /// here: Yams rejects them, and `reportSyntax` says where.)
    mutating func mapping(_ node: YAMLNode, field: String) -> Fields? {
        guard case .mapping(let map, _) = node else {
            error(field, at: node, "expected a set of `key: value` fields, found \(describe(node))")
            return nil
        }
        var entries: [Fields.Entry] = []
        entries.reserveCapacity(map.count)
        for pair in map {
            guard let name = pair.key.scalarText else {
                error(field, at: pair.key, "expected a field name, found \(describe(pair.key))")
                continue
            }
            entries.append(Fields.Entry(name: name, key: pair.key, value: pair.value))
        }
        return Fields(entries: entries, mark: node.mark)
    }

    /// A required or optional string. Numbers and booleans are taken as written. The field's
    /// name is made only for a message (most values are fine, and names are built strings).
    mutating func string(_ node: YAMLNode?, _ field: @autoclosure () -> String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else {
            error(field(), at: node, "expected text, found \(describe(node))")
            return nil
        }
        if isNull(scalar) { return nil }
        var text = scalar.string.trimmedWhitespace
        if hasEscapes, let replaced = text.replacingControls() {
            warning(field(), at: node, "control character U+\(replaced.first.scalar.hexCode) shown as a space",
                    kind: .controlCharacter)
            text = replaced.text.trimmedWhitespace
        }
        return text.isEmpty ? nil : text
    }

    /// A string or a list of strings (a single value counts as a list of one).
    /// Past `limit` items, the rest are left out with a warning.
    mutating func stringList(_ node: YAMLNode?, _ field: String, limit: Int = .max) -> [String] {
        guard let node else { return [] }
        switch node {
        case .sequence(var seq, _):
            if seq.count > limit {
                warning(field, at: seq[limit], "\(seq.count) values; the first \(limit) are kept", kind: .tooMany)
                seq.removeSubrange(limit...)
            }
            return seq.enumerated().compactMap { index, item in string(item, "\(field)[\(index + 1)]") }
        case .scalar:
            return string(node, field).map { [$0] } ?? []
        default:
            error(field, at: node, "expected a list of text values, found \(describe(node))")
            return []
        }
    }

    /// The items of a list (a missing field is an empty list).
    mutating func sequence(_ node: YAMLNode?, _ field: String) -> [YAMLNode] {
        guard let node else { return [] }
        if case .sequence(let seq, _) = node { return seq }
        if case .scalar(let s) = node, isNull(s) { return [] }
        error(field, at: node, "expected a list (lines starting with `- `), found \(describe(node))")
        return []
    }

    /// A whole number ≥ 0.
    mutating func count(_ node: YAMLNode?, _ field: String) -> Int? {
        guard let node, let text = string(node, field) else { return nil }
        guard let value = Int(text), value >= 0 else {
            error(field, at: node, "expected a whole number of 0 or more, found \(quoted(text))")
            return nil
        }
        return value
    }

    /// A decimal number within `range`.
    mutating func number(_ node: YAMLNode?, _ field: String, in range: ClosedRange<Double>) -> Double? {
        guard let node, let text = string(node, field) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            error(field, at: node, "expected a number from \(Int(range.lowerBound)) to \(Int(range.upperBound)), "
                  + "found \(quoted(text))")
            return nil
        }
        return value
    }

    /// `true` or `false` (also yes/no).
    mutating func bool(_ node: YAMLNode?, _ field: String) -> Bool? {
        guard let node, let text = string(node, field) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(field, at: node, "expected true or false, found \(quoted(text))")
            return nil
        }
    }

    /// A value of an unknown field, kept for templates.
    /// The most values the unknown fields of one file may hold together: YAML aliases can
    /// make a few lines stand for billions of values ("billion laughs"), and a budget per
    /// field let 80,000 small fields of aliases make hundreds of millions.
    static let extraBudget = 10_000

    /// The value of unknown field `name` for templates, or nil when the file's unknown fields
    /// have used up the budget (a warning at the first field that does not fit).
    mutating func extra(_ node: YAMLNode, field name: String, key: YAMLNode) -> ExtraValue? {
        guard extraLeft > 0 else { return nil }
        var budget = extraLeft
        guard let value = Self.extra(node, budget: &budget) else {
            warning(name, at: key, "the unknown fields of this file hold more than \(Self.extraBudget) values; "
                    + "this one and those after it are left out", kind: .tooMany)
            extraLeft = 0
            return nil
        }
        extraLeft = budget
        return value
    }

    private static func extra(_ node: YAMLNode, budget: inout Int) -> ExtraValue? {
        budget -= 1
        guard budget >= 0 else { return nil }
        switch node {
        case .scalar(let s): return .string(s.string)
        case .sequence(let seq, _):
            var items: [ExtraValue] = []
            for item in seq {
                guard let value = extra(item, budget: &budget) else { return nil }
                items.append(value)
            }
            return .list(items)
        case .mapping(let map, _):
            var pairs: [String: ExtraValue] = [:]
            for pair in map {
                guard let value = extra(pair.value, budget: &budget) else { return nil }
                pairs[pair.key.scalarText ?? ""] = value
            }
            return .map(pairs)
        case .alias: return .string("")
        }
    }

    func isNull(_ scalar: YAMLScalar) -> Bool {
        guard scalar.plain else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    func describe(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let s): return quoted(s.string)
        case .sequence: return "a list"
        case .mapping: return "a set of fields"
        case .alias: return "an alias"
        }
    }

    /// The name a message gives a field: `parent.name`, or `name` at the top.
    static func join(_ parent: String, _ name: String) -> String {
        parent.isEmpty ? name : parent + "." + name
    }
}

/// A value shown in a message, quoted and cut short.
func quoted(_ text: String) -> String {
    let short = text.count > 40 ? String(text.prefix(37)) + "..." : text
    return "\"" + short.replacingOccurrences(of: "\n", with: " ") + "\""
}

/// The fields of one YAML mapping, taken one by one so the rest can be
/// reported as unknown.
struct Fields {
    struct Entry {
        var name: String
        var key: YAMLNode
        var value: YAMLNode
    }

    var entries: [Entry]
    var mark: YAMLMark?
    /// Which entries were taken, by position.
    private var taken: [Bool]

    init(entries: [Entry], mark: YAMLMark?) {
        self.entries = entries
        self.mark = mark
        self.taken = Array(repeating: false, count: entries.count)
    }

    /// The value of `name`, marking it as known.
    mutating func take(_ name: String) -> YAMLNode? {
        guard let index = entries.firstIndex(where: { $0.name == name }) else { return nil }
        taken[index] = true
        return entries[index].value
    }

    /// Entries never taken.
    var unknown: [Entry] { entries.indices.filter { !taken[$0] }.map { entries[$0] } }
}

private extension FieldReader {
    /// Yams names duplicate keys but not where they are: find each key's lines at
    /// the mapping's indentation and report the repeats. One pass over the lines, whatever
    /// the number of keys (a file of 50,000 repeated keys took minutes when each key
    /// searched every line).
    mutating func reportDuplicates(_ keys: [String], mapping: YAMLMark, yaml: String) {
        let wanted = Set(keys)
        let indent = max(mapping.column - 1, 0)
        var found: [String: [Int]] = [:]
        for (i, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where i >= mapping.line - 1 {
            if let key = Self.key(of: line, indent: indent), wanted.contains(key) { found[key, default: []].append(i) }
        }
        for key in keys {
            guard let lines = found[key], let first = lines.first, lines.count > 1 else {
                report(.error, key, at: mapping, "duplicate field")
                continue
            }
            for line in lines.dropFirst() {
                report(.error, key, yamlLine: line + 1, column: mapping.column,
                       "duplicate field (first given on line \(first + 1 + lineOffset))")
            }
        }
    }

    /// The key of a `key:`, `"key":` or `'key':` line indented by exactly `indent` spaces.
    static func key(of line: Substring, indent: Int) -> String? {
        let utf8 = line.utf8
        guard utf8.count > indent, utf8.prefix(indent).allSatisfy({ $0 == 32 }) else { return nil }
        let rest = utf8.dropFirst(indent)
        guard let first = rest.first, first != 32 else { return nil }
        if first == 34 || first == 39 {
            let inside = rest.dropFirst()
            guard let close = inside.firstIndex(of: first), inside[inside.index(after: close)...].first == 58 else { return nil }
            return String(decoding: inside[..<close], as: UTF8.self)
        }
        guard let colon = rest.firstIndex(of: 58) else { return nil }
        return String(decoding: rest[..<colon], as: UTF8.self)
    }
}

private extension YAMLNode {
    var scalarText: String? {
        if case .scalar(let s) = self { return s.string }
        return nil
    }
}

extension FieldReader {
    /// libyaml's words for a problem, where they speak to a programmer rather than a writer.
    static func plain(_ problem: String) -> String {
        // libyaml stops at 1,000 levels of lists and maps inside each other.
        if problem.hasPrefix("Maximum nesting level reached") {
            return "lists and maps are nested more than 1,000 levels deep"
        }
        return problem
    }

    /// Reports a YAML syntax error at its position.
    mutating func reportSyntax(_ error: YamlError, yaml: String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            report(.error, "front matter", at: YAMLMark(line: mark.line, column: mark.column), "invalid YAML: \(Self.plain(problem))")
        case .reader(let problem, _, _, _):
            report(.error, "front matter", at: nil, "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            reportDuplicates(duplicates, mapping: YAMLMark(line: context.mark.line, column: context.mark.column), yaml: yaml)
        default:
            report(.error, "front matter", at: nil, "invalid YAML: \(error)")
        }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines (fast: no Foundation).
    package var trimmedWhitespace: String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !Self.isSpace($0) })!
        if first == utf8.startIndex, last == utf8.index(before: utf8.endIndex) { return self }
        return String(self[first...last])
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
}
