internal import Foundation

/// Files the lock does not name, found by the title and date of an entry whose file is gone:
/// that file, moved.
struct MovedFiles {
    private var candidates: [Identity: [ParsedIncident]] = [:]

    /// A title's and date's hashes.
    private struct Identity: Hashable {
        var title: UInt64
        var date: UInt64
    }

    init(_ incidents: [ParsedIncident], zone: TimeZone) {
        for parsed in incidents.reversed() {
            let identity = Identity(title: PublishedFacts.titleHash(parsed.incident),
                                    date: PublishedFacts.dateHash(parsed.incident, zone: zone))
            candidates[identity, default: []].append(parsed)
        }
    }

    /// The first file (by path) with the title and date of `entry`, taken.
    mutating func take(_ entry: PublishedLock.Entry) -> ParsedIncident? {
        candidates[Identity(title: entry.facts.title, date: entry.facts.date)]?.popLast()
    }
}
