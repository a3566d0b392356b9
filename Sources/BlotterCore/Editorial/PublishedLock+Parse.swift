internal import Foundation

extension PublishedLock {
    /// Reads the text of published.lock. Every line it cannot read is an error at that line
    /// (the file is written by Blotter: a bad line is a bad merge or a hand edit); an entry
    /// with such a line is left out, and the others are still checked. Read as bytes: a big
    /// site's lock has hundreds of thousands of lines.
    static func parse(_ text: String) -> (PublishedLock, [Diagnostic]) {
        var reader = Reader()
        let bytes = Array(text.utf8)
        var start = 0
        var number = 1
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            reader.read(bytes[start..<end], number: number)
            start = end + 1
            number += 1
        }
        reader.finish()
        return (PublishedLock(entries: reader.entries), reader.diagnostics)
    }
}

private extension PublishedLock {
    /// An entry being read.
    struct Draft {
        var path: String
        var line: Int
        var locked: Date?
        var url: String?
        var withdrawn: String?
        var facts: [String: UInt64] = [:]
        var timeline: [UInt64] = []
        var statements: [UInt64] = []
        /// Whether one of its lines could not be read.
        var bad = false
    }

    /// The lines read so far, and the entry being read.
    struct Reader {
        static let factKeys: Set<String> = ["title", "summary", "date", "location", "status", "casualties"]
        static let keys = "locked, url, withdrawn, title, summary, date, location, status, casualties, timeline, statements"

        var entries: [Entry] = []
        var diagnostics: [Diagnostic] = []
        var seen: Set<String> = []
        var current: Draft?

        mutating func read(_ raw: ArraySlice<UInt8>, number: Int) {
            let line = raw.drop { $0 == 0x20 || $0 == 0x09 }
            guard let first = line.first, first != UInt8(ascii: "#") else { return }
            if first == UInt8(ascii: "["), line.last == UInt8(ascii: "]") {
                heading(String(decoding: line.dropFirst().dropLast(), as: UTF8.self), number: number)
            } else if let equals = line.firstIndex(of: UInt8(ascii: "=")) {
                let key = String(decoding: trimmed(line[..<equals]), as: UTF8.self)
                let value = trimmed(line[(equals + 1)...])
                fact(key, value, number: number, column: value.startIndex - raw.startIndex + 1)
            } else {
                fail(number, 1, "", "expected `[file]`, `key = value` or a `#` comment, found \(quoted(line))")
            }
        }

        mutating func heading(_ inner: String, number: Int) {
            finish()
            guard let path = unescape(Substring(inner)), !path.isEmpty else {
                return fail(number, 2, "", "expected the path of an incident file between `[` and `]`, found \(quoted(inner))")
            }
            guard seen.insert(path).inserted else { return fail(number, 2, "", "\(path) has a second entry; each file has one") }
            current = Draft(path: path, line: number)
        }

        mutating func fact(_ key: String, _ bytes: ArraySlice<UInt8>, number: Int, column: Int) {
            guard let draft = current else {
                return fail(number, 1, key, "a fact outside an entry: expected a `[file]` line before it")
            }
            let hash = Self.factKeys.contains(key) || key == "timeline" || key == "statements" ? PublishedFacts.hash(bytes) : nil
            let text = hash == nil ? String(decoding: bytes, as: UTF8.self) : ""
            if let (at, message) = problem(key, text, hash: hash, in: draft) {
                return fail(number, at ? column : 1, key, message, inEntry: true)
            }
            switch key {
            case "locked": current?.locked = ClockParser.parse(text)
            case "url": current?.url = text
            case "withdrawn": current?.withdrawn = text
            case "timeline": current?.timeline.append(hash!)
            case "statements": current?.statements.append(hash!)
            default: current?.facts[key] = hash
            }
        }

        /// What is wrong with the line `key = text` of `draft`, if anything, and whether it is
        /// at the value (else at the key).
        func problem(_ key: String, _ text: String, hash: UInt64?, in draft: Draft) -> (Bool, String)? {
            let hashed = Self.factKeys.contains(key) || key == "timeline" || key == "statements"
            guard hashed || ["locked", "url", "withdrawn"].contains(key) else {
                return (false, "unknown key (known: \(Self.keys))")
            }
            let given = switch key {
            case "locked": draft.locked != nil
            case "url": draft.url != nil
            case "withdrawn": draft.withdrawn != nil
            default: draft.facts[key] != nil
            }
            if given { return (false, "given twice in this entry") }
            if hashed, hash == nil { return (true, "expected 16 hexadecimal digits, found \(quoted(text))") }
            if key == "locked", ClockParser.parse(text) == nil {
                return (true, "expected a date-time like 2024-11-25T10:00:00Z, found \(quoted(text))")
            }
            return hash == nil && text.isEmpty ? (true, "has no value") : nil
        }

        /// Ends the entry being read.
        mutating func finish() {
            guard let draft = current else { return }
            current = nil
            guard !draft.bad else { return }
            let missing = [("locked", draft.locked == nil), ("url", draft.url == nil), ("title", draft.facts["title"] == nil),
                           ("date", draft.facts["date"] == nil)].filter(\.1).map { "`\($0.0)`" }
            guard missing.isEmpty, let locked = draft.locked, let url = draft.url, let title = draft.facts["title"],
                  let date = draft.facts["date"] else {
                return fail(draft.line, 1, "", "the entry of \(draft.path) has no \(missing.joined(separator: ", "))")
            }
            var facts = PublishedFacts(title: title, date: date)
            facts.summary = draft.facts["summary"]
            facts.location = draft.facts["location"]
            facts.status = draft.facts["status"]
            facts.casualties = draft.facts["casualties"]
            facts.timeline = draft.timeline
            facts.statements = draft.statements
            entries.append(Entry(path: draft.path, locked: locked, url: url, withdrawn: draft.withdrawn, facts: facts,
                                 line: draft.line))
        }

        mutating func fail(_ line: Int, _ column: Int, _ field: String, _ message: String, inEntry: Bool = false) {
            if inEntry { current?.bad = true }
            diagnostics.append(Diagnostic(
                .error, file: PublishedLock.fileName, line: line, column: column, field: field,
                message: message + "; published.lock is written by `blotter build --lock`: take it back from "
                    + "version control rather than edit it", kind: .publishedRecord))
        }

        func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            let start = bytes.drop { $0 == 0x20 || $0 == 0x09 }
            return start[..<(start.lastIndex { $0 != 0x20 && $0 != 0x09 }.map { $0 + 1 } ?? start.startIndex)]
        }

        func quoted(_ text: String) -> String {
            "\"" + (text.count > 60 ? text.prefix(60) + "..." : Substring(text)) + "\""
        }

        func quoted(_ bytes: ArraySlice<UInt8>) -> String { quoted(String(decoding: bytes, as: UTF8.self)) }
    }
}
