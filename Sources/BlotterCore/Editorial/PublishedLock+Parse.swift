internal import Foundation

extension PublishedLock {
    /// Reads the text of published.lock. Every line it cannot read is an error at that line
    /// (the file is written by Blotter: a bad line is a bad merge or a hand edit); an entry
    /// with such a line is left out, and the others are still checked.
    static func parse(_ text: String) -> (PublishedLock, [Diagnostic]) {
        var reader = Reader()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            reader.read(line, number: index + 1)
        }
        reader.finish()
        return (PublishedLock(entries: reader.entries), reader.diagnostics)
    }
}

private extension PublishedLock {
    /// Keys an entry has once, and those it may repeat.
    static let singleKeys: Set<String> = ["locked", "url", "withdrawn", "title", "summary", "date", "location", "status",
                                          "casualties"]
    static let listKeys: Set<String> = ["timeline", "statements"]
    static let hashKeys: Set<String> = ["title", "summary", "date", "location", "status", "casualties", "timeline",
                                        "statements"]

    /// The lines read so far, and the entry being read.
    struct Reader {
        var entries: [Entry] = []
        var diagnostics: [Diagnostic] = []
        var seen: Set<String> = []
        /// The entry being read: its path and line, its values by key, and whether a line of it was bad.
        var current: (path: String, line: Int, values: [String: [String]], bad: Bool)?

        mutating func read(_ raw: Substring, number: Int) {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { return }
            if line.hasPrefix("["), line.hasSuffix("]") {
                heading(line.dropFirst().dropLast(), number: number)
            } else if let equals = line.firstIndex(of: "=") {
                let key = String(line[..<equals].trimmingCharacters(in: .whitespaces))
                let valueStart = line[line.index(after: equals)...].trimmingPrefix(while: { $0 == " " })
                let value = valueStart.trimmingCharacters(in: .whitespaces)
                let column = raw.distance(from: raw.startIndex, to: valueStart.startIndex) + 1
                fact(key, value, number: number, column: column)
            } else {
                fail(number, 1, "", "expected `[file]`, `key = value` or a `#` comment, found \(quoted(line))")
            }
        }

        mutating func heading(_ inner: Substring, number: Int) {
            finish()
            guard let path = unescape(inner), !path.isEmpty else {
                fail(number, 2, "", "expected the path of an incident file between `[` and `]`, found \(quoted(inner))")
                return
            }
            guard seen.insert(path).inserted else {
                fail(number, 2, "", "\(path) has a second entry; each file has one")
                return
            }
            current = (path, number, [:], false)
        }

        mutating func fact(_ key: String, _ value: String, number: Int, column: Int) {
            guard current != nil else {
                fail(number, 1, key, "a fact outside an entry: expected a `[file]` line before it")
                return
            }
            guard singleKeys.contains(key) || listKeys.contains(key) else {
                let known = (["locked", "url", "withdrawn"] + hashKeys.sorted()).joined(separator: ", ")
                return fail(number, 1, key, "unknown key (known: \(known))", inEntry: true)
            }
            if singleKeys.contains(key), current?.values[key] != nil {
                return fail(number, 1, key, "given twice in this entry", inEntry: true)
            }
            if hashKeys.contains(key), !PublishedFacts.isHash(Substring(value)) {
                return fail(number, column, key, "expected 16 hexadecimal digits, found \(quoted(value))", inEntry: true)
            }
            if key == "locked", ClockParser.parse(value) == nil {
                return fail(number, column, key, "expected a date-time like 2024-11-25T10:00:00Z, found \(quoted(value))",
                            inEntry: true)
            }
            if value.isEmpty { return fail(number, column, key, "has no value", inEntry: true) }
            current?.values[key, default: []].append(value)
        }

        /// Ends the entry being read.
        mutating func finish() {
            guard let entry = current else { return }
            current = nil
            let values = entry.values
            let missing = ["locked", "url", "title", "date"].filter { values[$0] == nil }
            if !entry.bad, !missing.isEmpty {
                let list = missing.map { "`\($0)`" }.joined(separator: ", ")
                fail(entry.line, 1, "", "the entry of \(entry.path) has no \(list)")
            }
            guard !entry.bad, missing.isEmpty, let locked = values["locked"]?.first.flatMap(ClockParser.parse) else { return }
            var facts = PublishedFacts(title: values["title"]![0], date: values["date"]![0])
            facts.summary = values["summary"]?.first
            facts.location = values["location"]?.first
            facts.status = values["status"]?.first
            facts.casualties = values["casualties"]?.first
            facts.timeline = values["timeline"] ?? []
            facts.statements = values["statements"] ?? []
            entries.append(Entry(path: entry.path, locked: locked, url: values["url"]![0],
                                 withdrawn: values["withdrawn"]?.first, facts: facts, line: entry.line))
        }

        mutating func fail(_ line: Int, _ column: Int, _ field: String, _ message: String, inEntry: Bool = false) {
            if inEntry { current?.bad = true }
            diagnostics.append(Diagnostic(
                .error, file: PublishedLock.fileName, line: line, column: column, field: field,
                message: message + "; published.lock is written by `blotter build --lock`: take it back from "
                    + "version control rather than edit it", kind: .publishedRecord))
        }

        func quoted(_ text: some StringProtocol) -> String {
            let shown = text.count > 60 ? text.prefix(60) + "..." : Substring(text)
            return "\"" + shown + "\""
        }
    }
}
