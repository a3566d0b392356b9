internal import Foundation

/// `blotter build --lock`: the lock made again from what a build published.
extension PublishedLock {
    /// An incident a build published, at its address.
    struct Published: Sendable {
        var incident: Incident
        /// Below the site's root: `/incidents/<slug>/`.
        var url: String
        /// Its facts, when the caller has them already.
        var facts: PublishedFacts?
    }

    /// The lock after a build that published `published` at `now`: one entry per incident (a
    /// tombstone's with only its title and date). An entry whose facts are those recorded
    /// keeps its `locked` time, so that the file changes only when facts do; a moved file's
    /// entry goes with it. Entries of files this build did not publish are kept: a build
    /// with a report gone fails (`problems`), so there are none unless the record is
    /// written from a failed build, and a record is never dropped quietly.
    func recording(_ published: [Published], zone: TimeZone, now: Date) -> PublishedLock {
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let paths = Set(published.map(\.incident.path))
        let byPath = Dictionary(entries.map { ($0.path, $0) }) { first, _ in first }
        var unpublished = entries.filter { !paths.contains($0.path) }
        // Where an entry's file went: among the published files the lock does not name.
        let newcomers = unpublished.isEmpty ? [] : published.filter { byPath[$0.incident.path] == nil }
        var moved = MovedFiles(newcomers.map { ParsedIncident($0.incident) }, zone: zone)
        var movedTo: [String: Entry] = [:]
        unpublished.removeAll { entry in
            guard let parsed = moved.take(entry) else { return false }
            movedTo[parsed.incident.path] = entry
            return true
        }
        var recorded: [Entry] = []
        for item in published {
            let incident = item.incident
            let tombstone = incident.isWithdrawn(at: now)
            let facts = tombstone ? PublishedFacts(incident, zone: zone, tombstone: true)
                : item.facts ?? PublishedFacts(incident, zone: zone)
            let withdrawn = tombstone ? Self.withdrawal(of: incident, zone: zone) : nil
            let previous = byPath[incident.path] ?? movedTo[incident.path]
            let kept = previous.flatMap { $0.facts == facts && $0.withdrawn == withdrawn ? $0.locked : nil }
            recorded.append(Entry(path: incident.path, locked: kept ?? now, url: item.url, withdrawn: withdrawn,
                                  facts: facts))
        }
        return PublishedLock(entries: recorded + unpublished)
    }
}

private extension PublishedLock {
    /// When a tombstone was withdrawn: its `withdrawn` date, else its `expires` time.
    static func withdrawal(of incident: Incident, zone: TimeZone) -> String {
        let moment = incident.withdrawn?.date ?? Moment(instant: incident.expires ?? incident.date.instant, precision: .minute)
        return PublishedFacts.time(moment, zone)
    }
}
