internal import Foundation

/// The published record's addresses: a URL that was published must not silently disappear.
/// Checked once the site is assembled (the addresses are made there, `permalinks` and slug
/// collisions included); the facts are checked before (`PublishedLock+Check.swift`).
extension PublishedLock {
    /// An error for each locked report still published (or its tombstone) whose locked URL is
    /// no longer any page's address nor any alias: a headline edit that changed the slug, a
    /// new `permalinks` pattern. A report gone, a draft or held back is said by `problems`;
    /// a moved file is found by its title and date, as there.
    func addressProblems(_ site: Site, zone: TimeZone) -> [Diagnostic] {
        let published = site.incidents + site.withdrawn
        var live = Set(published.map { "/" + $0.path })
        live.formUnion(site.redirects.map { "/" + $0.from })
        live.formUnion(site.pages.map { "/" + $0.path })
        let lost = entries.filter { !live.contains($0.url) }
        guard !lost.isEmpty else { return [] }
        var byPath: [String: PublishedIncident] = [:]
        for item in published { byPath[item.incident.path] = item }
        let moved = movedFiles(published, byPath: byPath, zone: zone)
        var diagnostics: [Diagnostic] = []
        for entry in lost {
            guard let item = byPath[entry.path] ?? moved[entry.path] else { continue }
            diagnostics.append(Self.lostAddress(entry, now: item))
        }
        return diagnostics
    }
}

private extension PublishedLock {
    /// Where the entries whose files are not published went, by entry: files the lock does
    /// not name, taken by title and date in path order, as `problems` takes them.
    func movedFiles(_ published: [PublishedIncident], byPath: [String: PublishedIncident],
                    zone: TimeZone) -> [String: PublishedIncident] {
        let gone = entries.filter { byPath[$0.path] == nil }
        guard !gone.isEmpty else { return [:] }
        let named = Set(entries.map(\.path))
        let newcomers = published.filter { !named.contains($0.incident.path) }.sorted { $0.incident.path < $1.incident.path }
        var moved = MovedFiles(newcomers.map(\.shared.parsed), zone: zone)
        var result: [String: PublishedIncident] = [:]
        for entry in gone {
            if let parsed = moved.take(entry) { result[entry.path] = byPath[parsed.incident.path] }
        }
        return result
    }

    /// The error for `entry`'s URL, lost by `item`: at its `aliases`, else where its slug comes from.
    static func lostAddress(_ entry: Entry, now item: PublishedIncident) -> Diagnostic {
        let incident = item.incident
        let place = incident.marks.entries.contains { $0.field == "aliases" }
            ? incident.marks.location(of: "aliases") : incident.slugLocation
        let message = "published at \(entry.url) (\(entry.lockedText)), now at /\(item.path); a published address "
            + "must keep working: add `aliases: [\(entry.url)]` (the old address then redirects here)"
        return Diagnostic(.error, file: incident.path, line: place.line, column: place.column, field: "aliases",
                          message: message, kind: .publishedRecord)
    }
}
