internal import Foundation

/// `published.lock`: what a site has published, one entry per incident file, with a hash of
/// each published fact (`PublishedFacts`). `blotter build --lock` writes it, the newsroom
/// commits it with the content, and every build compares the incidents with it
/// (`PublishedLock+Check.swift`; docs/editorial.md, "The published record").
///
/// The file is text, one fact a line, entries sorted by path, so that a diff shows what
/// changed: a new timeline entry is one added `timeline = ...` line. Timeline entries and
/// statements are repeated keys in the written order rather than numbered keys, so that an
/// entry inserted in the middle does not renumber the ones after it.
public struct PublishedLock: Sendable, Equatable {
    /// The file's name, at the site's root.
    public static let fileName = "published.lock"

    /// The entries, sorted by path.
    var entries: [Entry]

    /// What was published from one incident file.
    struct Entry: Sendable, Equatable {
        /// The file, relative to the site folder.
        var path: String
        /// When these facts were recorded: a change needs an update dated after it.
        var locked: Date
        /// Where it was published, below the site's root (`/incidents/<slug>/`).
        var url: String
        /// For a tombstone: when it was withdrawn (the day, or day and time, in the site's
        /// timezone). Its facts are then only its title and date.
        var withdrawn: String?
        var facts: PublishedFacts
        /// The line of its `[path]` heading in published.lock (0 for an entry not read from it).
        var line = 0

        static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.path == rhs.path && lhs.locked == rhs.locked && lhs.url == rhs.url && lhs.withdrawn == rhs.withdrawn
                && lhs.facts == rhs.facts
        }
    }

    init(entries: [Entry]) {
        self.entries = entries.sorted { $0.path < $1.path }
    }

    /// The file's text: a heading, then the entries in path order, each after a blank line.
    var text: String {
        var lines = [
            "# published.lock: what this site has published, written by `blotter build --lock`.",
            "# Commit it with the content; do not edit it by hand (docs/editorial.md).",
        ]
        for entry in entries {
            lines += ["", "[\(Self.escape(entry.path))]", "locked = \(Self.timestamp(entry.locked))", "url = \(entry.url)"]
            if let withdrawn = entry.withdrawn { lines.append("withdrawn = \(withdrawn)") }
            let facts = entry.facts
            let hex = PublishedFacts.hex
            for (key, value) in [("title", facts.title), ("summary", facts.summary), ("date", facts.date),
                                 ("location", facts.location), ("status", facts.status), ("casualties", facts.casualties)] {
                if let value { lines.append("\(key) = \(hex(value))") }
            }
            lines += facts.timeline.map { "timeline = \(hex($0))" } + facts.statements.map { "statements = \(hex($0))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `date` as the lock writes it: `2024-11-25T10:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        let t = CivilTime(date, offset: 0)
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second))Z"
    }

    /// `date` as messages say it: `2024-11-25 10:00 UTC` (with seconds when it has them).
    static func readable(_ date: Date) -> String {
        let t = CivilTime(date, offset: 0)
        let seconds = t.second == 0 ? "" : ":\(pad(t.second))"
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day)) \(pad(t.hour)):\(pad(t.minute))\(seconds) UTC"
    }

    /// A path on one line: `%`, control characters and a space at either end as `%XX`.
    static func escape(_ path: String) -> String {
        var out = ""
        let scalars = Array(path.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            let edgeSpace = scalar == " " && (i == 0 || i == scalars.count - 1)
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "%" || edgeSpace {
                out += "%" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `escape` undone; nil for a `%` not followed by two hexadecimal digits.
    static func unescape(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension PublishedLock {
    /// `value` with leading zeros to `count` digits.
    static func pad(_ value: Int, _ count: Int = 2) -> String {
        let text = String(value)
        return text.count >= count ? text : String(repeating: "0", count: count - text.count) + text
    }
}
