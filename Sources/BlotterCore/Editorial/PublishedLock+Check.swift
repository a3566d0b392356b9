internal import Foundation

/// The check of the published record: every incident the lock names compared with what it
/// published. Pure; the pipeline hands it the incident files (`Pipeline+PublishedRecord.swift`).
extension PublishedLock {
    /// An incident file as the check sees it.
    struct Subject: Sendable {
        var path: String
        /// Nil when the file could not be parsed: its errors are said already. Held by
        /// reference: copying 10,000 incidents for each of the preview's rebuilds took longer
        /// than the rest of the check.
        var parsed: ParsedIncident?
        /// Its facts, when the lock names the file (made by the caller, who keeps them).
        var facts: PublishedFacts?
    }

    /// The problems of `files` (every incident file, by path) against the lock at `now`: a
    /// published fact changed without an update dated after it was locked, a published
    /// report taken back (gone, a draft, a later `published` time). A file moved keeps its
    /// entry: a file the lock does not name with the title and date of one gone.
    /// `files` and the entries are both in path order: they are walked side by side.
    func problems(_ files: [Subject], zone: TimeZone, now: Date) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var gone: [Entry] = []
        var newcomers: [Subject] = []
        var i = 0
        for entry in entries {
            while i < files.count, files[i].path < entry.path {
                newcomers.append(files[i])
                i += 1
            }
            guard i < files.count, files[i].path == entry.path else {
                gone.append(entry)
                continue
            }
            if let parsed = files[i].parsed {
                diagnostics += problems(of: parsed, against: entry,
                                        facts: files[i].facts ?? PublishedFacts(parsed.incident, zone: zone), now: now)
            }
            i += 1
        }
        guard !gone.isEmpty else { return diagnostics }
        newcomers += files[i...]
        // A file the lock does not name that cannot be read may be a gone one, moved.
        let unreadNewcomer = newcomers.contains { $0.parsed == nil }
        var moved = MovedFiles(newcomers.compactMap(\.parsed), zone: zone)
        for entry in gone {
            if let parsed = moved.take(entry) {
                diagnostics += problems(of: parsed, against: entry, facts: PublishedFacts(parsed.incident, zone: zone), now: now)
            } else if !unreadNewcomer {
                diagnostics.append(entry.gone)
            }
        }
        return diagnostics
    }
}

extension PublishedLock.Entry {
    /// When the entry was locked, for messages.
    var lockedText: String { "locked \(PublishedLock.readable(locked))" }

    /// The start of the message for a report taken back, ended by how.
    var takenBack: String {
        "published at \(url) (\(lockedText)); a published report is not taken back: withdraw it with "
            + "`withdrawn: {date, reason}` (its page then says when and why) instead of "
    }

    /// The error for a published file that is gone, at the entry's line in published.lock.
    var gone: Diagnostic {
        let message = withdrawn != nil
            ? "withdrawn, with a tombstone at \(url) (\(lockedText)), and now gone; keep the tombstone file, so that "
                + "the address says the report was withdrawn rather than nothing"
            : "published at \(url) (\(lockedText)) and now gone; a published report is not deleted: keep the file "
                + "as a tombstone (`withdrawn: {date, reason}`, which needs only `title` besides), or, to move it, "
                + "keep its title and date"
        return Diagnostic(.error, file: PublishedLock.fileName, line: line, column: 1, field: path, message: message,
                          kind: .publishedRecord)
    }
}

private extension PublishedLock {
    /// The problems of one incident the lock names: taken back, or its facts changed without
    /// an update dated after they were locked.
    func problems(of parsed: ParsedIncident, against entry: Entry, facts: PublishedFacts, now: Date) -> [Diagnostic] {
        // Fields are read through the reference (the incident is never copied), and messages
        // made only for a problem: the preview checks 10,000 incidents at each rebuild.
        if parsed.incident.draft { return [parsed.incident.problem("draft", entry.takenBack + "`draft: true`")] }
        if parsed.incident.publishedMoment > now {
            return [parsed.incident.problem("published", entry.takenBack + "a later `published` time")]
        }
        // A tombstone publishes no facts; an entry recorded for one has none to compare.
        if parsed.incident.isWithdrawn(at: now) || entry.withdrawn != nil || facts == entry.facts { return [] }
        let disclosed = parsed.incident.updates.contains { $0.kind != .clarification && $0.date.instant > entry.locked }
        if disclosed { return [] }
        let disclose = "(\(entry.lockedText)); say so in an `updates` entry with `kind: correction` (or `update`) "
            + "dated after that, or put "
        return Self.changes(from: entry.facts, to: facts).map { field, what, back in
            parsed.incident.problem(field, "\(what) \(disclose)\(back) back")
        }
    }

    /// The facts changed from `old` to `new`: each field, what happened to it, and what to put back.
    static func changes(from old: PublishedFacts, to new: PublishedFacts) -> [(String, String, String)] {
        var changes: [(String, String, String)] = []
        for (field, was, now, what) in [("title", old.title, new.title, "text"), ("summary", old.summary, new.summary, "text"),
                                        ("date", old.date, new.date, "value"),
                                        ("location", old.location, new.location, "value"),
                                        ("casualties", old.casualties, new.casualties, "value")] {
            guard let was, was != now else { continue }
            changes.append((field, now == nil ? "removed since it was published" : "changed since it was published",
                            "the published \(what)"))
        }
        for (field, was, now) in [("timeline", old.timeline, new.timeline), ("statements", old.statements, new.statements)] {
            let (changed, removed) = compare(was, now)
            for index in changed {
                changes.append(("\(field)[\(index + 1)]", "changed since it was published", "the published text"))
            }
            if removed == 1 { changes.append((field, "a published entry was removed", "it")) }
            if removed > 1 { changes.append((field, "\(removed) published entries were removed", "them")) }
        }
        return changes
    }

    /// The locked entries of a list (`was`, hashes) missing from it `now`: each paired with
    /// the nearest new entry, taken as it changed (its index), or else counted as removed.
    /// New entries, anywhere in the list, and a new order are not changes.
    static func compare(_ was: [UInt64], _ now: [UInt64]) -> (changed: [Int], removed: Int) {
        var present = Dictionary(now.map { ($0, 1) }, uniquingKeysWith: +)
        var missing: [Int] = []
        for (index, hash) in was.enumerated() {
            if let count = present[hash], count > 0 { present[hash] = count - 1 } else { missing.append(index) }
        }
        guard !missing.isEmpty else { return ([], 0) }
        var known = Dictionary(was.map { ($0, 1) }, uniquingKeysWith: +)
        var added: [Int] = []
        for (index, hash) in now.enumerated() {
            if let count = known[hash], count > 0 { known[hash] = count - 1 } else { added.append(index) }
        }
        var changed: [Int] = []
        for index in missing {
            guard let nearest = added.min(by: { abs($0 - index) < abs($1 - index) }) else { break }
            changed.append(nearest)
            added.removeAll { $0 == nearest }
        }
        return (changed.sorted(), missing.count - changed.count)
    }
}

private extension Incident {
    /// A published-record error at `field`, or at the title when the field is not in the file.
    func problem(_ field: String, _ message: String) -> Diagnostic {
        let place = marks.location(of: marks.entries.contains { $0.field == field } ? field : "title")
        return Diagnostic(.error, file: path, line: place.line, column: place.column, field: field, message: message,
                          kind: .publishedRecord)
    }
}
