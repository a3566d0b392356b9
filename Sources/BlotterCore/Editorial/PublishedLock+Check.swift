internal import Foundation

/// The check of the published record: every incident the lock names compared with what it
/// published. Pure; the pipeline hands it the incident files (`Pipeline+PublishedRecord.swift`).
extension PublishedLock {
    /// An incident file as the check sees it.
    struct Subject: Sendable {
        var path: String
        /// Nil when the file could not be parsed: its errors are said already.
        var incident: Incident?
        /// Its facts, when the lock names the file (made by the caller, who keeps them).
        var facts: PublishedFacts?
    }

    /// The problems of `files` (every incident file, by path) against the lock at `now`: a
    /// published fact changed without an update dated after it was locked, a published
    /// report taken back (gone, a draft, a later `published` time). A file moved keeps its
    /// entry: a file the lock does not name with the title and date of one gone.
    func problems(_ files: [Subject], zone: TimeZone, now: Date) -> [Diagnostic] {
        let named = Set(entries.map(\.path))
        let byPath = Dictionary(files.map { ($0.path, $0) }) { first, _ in first }
        var newcomers = files.filter { !named.contains($0.path) }
        // A file the lock does not name that cannot be read may be a gone one, moved.
        let unreadNewcomer = newcomers.contains { $0.incident == nil }
        var diagnostics: [Diagnostic] = []
        for entry in entries {
            if let subject = byPath[entry.path] {
                guard let incident = subject.incident else { continue }
                diagnostics += problems(of: incident, against: entry,
                                        facts: subject.facts ?? PublishedFacts(incident, zone: zone), now: now)
            } else if let index = newcomers.firstIndex(where: { entry.isMoved(to: $0.incident, zone: zone) }) {
                let incident = newcomers.remove(at: index).incident!
                diagnostics += problems(of: incident, against: entry, facts: PublishedFacts(incident, zone: zone), now: now)
            } else if !unreadNewcomer {
                diagnostics.append(entry.gone)
            }
        }
        return diagnostics
    }
}

extension PublishedLock.Entry {
    /// Whether `incident`, in a file the lock does not name, is this entry's file moved.
    func isMoved(to incident: Incident?, zone: TimeZone) -> Bool {
        guard let incident else { return false }
        return PublishedFacts.titleHash(incident) == facts.title && PublishedFacts.dateHash(incident, zone: zone) == facts.date
    }

    /// When the entry was locked, for messages.
    var lockedText: String { "locked \(PublishedLock.readable(locked))" }

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
    /// The problems of one incident the lock names.
    func problems(of incident: Incident, against entry: Entry, facts: PublishedFacts, now: Date) -> [Diagnostic] {
        let marks = incident.marks
        func error(_ field: String, _ message: String) -> Diagnostic {
            let place = marks.has(field) ? marks.location(of: field) : marks.location(of: "title")
            return Diagnostic(.error, file: incident.path, line: place.line, column: place.column, field: field,
                              message: message, kind: .publishedRecord)
        }
        let takenBack = "a published report is not taken back: withdraw it with `withdrawn: {date, reason}` "
            + "(its page then says when and why)"
        if incident.draft {
            return [error("draft", "published at \(entry.url) (\(entry.lockedText)); \(takenBack) instead of `draft: true`")]
        }
        if incident.publishedMoment > now {
            return [error("published", "published at \(entry.url) (\(entry.lockedText)); \(takenBack) instead of "
                          + "a later `published` time")]
        }
        // A tombstone publishes no facts; an entry recorded for one has none to compare.
        if incident.isWithdrawn(at: now) || entry.withdrawn != nil { return [] }
        let disclosed = incident.updates.contains { $0.kind != .clarification && $0.date.instant > entry.locked }
        if disclosed { return [] }
        let disclose = "say so in an `updates` entry with `kind: correction` (or `update`) dated after that"
        var diagnostics: [Diagnostic] = []
        let locked = entry.facts
        for (field, old, new, what) in [("title", locked.title, facts.title, "text"),
                                        ("summary", locked.summary, facts.summary, "text"),
                                        ("date", locked.date, facts.date, "value"),
                                        ("location", locked.location, facts.location, "value"),
                                        ("casualties", locked.casualties, facts.casualties, "value")] {
            guard let old, old != new else { continue }
            let how = new == nil ? "removed" : "changed"
            diagnostics.append(error(field, "\(how) since it was published (\(entry.lockedText)); \(disclose), "
                                     + "or put the published \(what) back"))
        }
        for (field, old, new) in [("timeline", locked.timeline, facts.timeline),
                                  ("statements", locked.statements, facts.statements)] {
            let (changed, removed) = Self.compare(old, new)
            for index in changed {
                diagnostics.append(error("\(field)[\(index + 1)]", "changed since it was published (\(entry.lockedText)); "
                                         + "\(disclose), or put the published text back"))
            }
            if removed > 0 {
                let entries = removed == 1 ? "a published entry was removed" : "\(removed) published entries were removed"
                diagnostics.append(error(field, "\(entries) (\(entry.lockedText)); \(disclose), or put "
                                         + (removed == 1 ? "it" : "them") + " back"))
            }
        }
        return diagnostics
    }

    /// The locked entries of a list (`was`, hashes) missing from it `now`: each paired with
    /// the nearest new entry, taken as it changed (its index), or else counted as removed.
    /// New entries, anywhere in the list, and a new order are not changes.
    static func compare(_ was: [String], _ now: [String]) -> (changed: [Int], removed: Int) {
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

extension FieldMarks {
    /// Whether the place of `field` itself was recorded.
    func has(_ field: String) -> Bool { entries.contains { $0.field == field } }
}
