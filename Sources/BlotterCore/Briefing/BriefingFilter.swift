public import Foundation

/// Which incidents a briefing holds. Options of one kind are alternatives
/// (`--tag a --tag b`: either); different kinds must all hold.
public struct BriefingFilter: Sendable, Equatable {
    /// Start of the window (a day or a moment in the site's timezone).
    public var since: String?
    /// End of the window; a day means the whole of that day.
    public var until: String?
    /// The window as a number of days up to now (named briefings: `days: 7`).
    public var days: Int?
    /// Area names.
    public var areas: [String] = []
    /// Agency names.
    public var agencies: [String] = []
    /// Tags.
    public var tags: [String] = []
    /// Statuses (`developing`, ...).
    public var statuses: [String] = []
    /// Incident slugs.
    public var incidents: [String] = []
    /// Story threads, each named by the slug of one of its incidents: the whole thread, in
    /// story order (oldest first).
    public var threads: [String] = []

    /// Creates a filter.
    public init(since: String? = nil, until: String? = nil, days: Int? = nil, areas: [String] = [],
                agencies: [String] = [], tags: [String] = [], statuses: [String] = [], incidents: [String] = [],
                threads: [String] = []) {
        (self.since, self.until, self.days) = (since, until, days)
        self.threads = threads
        (self.areas, self.agencies, self.tags, self.statuses, self.incidents) = (areas, agencies, tags, statuses, incidents)
    }

    /// Whether nothing narrows the selection (then: the last 7 days).
    public var isEmpty: Bool {
        since == nil && until == nil && days == nil && areas.isEmpty && agencies.isEmpty && tags.isEmpty
            && statuses.isEmpty && incidents.isEmpty && threads.isEmpty
    }

    /// A problem with the filter's values, for the user.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// The setting concerned, as `blotter brief` names it (`incident`, `status`, `since`).
        public var option: String
        /// What is wrong with it.
        public var message: String

        /// `--option: message`.
        public var description: String { "--\(option): \(message)" }
    }

    /// The indexes (newest first) of the incidents of `site` that match, at `now`.
    public func select(in site: Site, now: Date) throws(Problem) -> [Int] {
        let zone = site.config.timeZone
        var start = try since.map { text throws(Problem) in try Self.moment(text, "since", zone).instant }
        var end = try until.map { text throws(Problem) in try Self.end(of: text, zone) }
        if followsClock {
            start = now.addingTimeInterval(-windowSeconds)
            end = end ?? now
        }
        if let unknown = incidents.first(where: { slug in !site.incidents.contains { $0.slug == slug } }) {
            throw Problem(option: "incident", message: "no published incident has the slug \"\(unknown)\"")
        }
        if let bad = statuses.first(where: { Status(rawValue: $0) == nil }) {
            let allowed = Status.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem(option: "status", message: "expected one of \(allowed), found \"\(bad)\"")
        }
        let members = try threadMembers(in: site)
        let selected = site.incidents.indices.filter { i in
            let published = site.incidents[i]
            return members?.contains(i) ?? true && matches(published, start: start, end: end)
        }
        guard members != nil else { return selected }
        return selected.sorted { Assembler.isEarlier(site.incidents[$0].incident, site.incidents[$1].incident) }
    }

    /// The incidents of the threads named (nil: no `threads`).
    func threadMembers(in site: Site) throws(Problem) -> Set<Int>? {
        guard !threads.isEmpty else { return nil }
        var members: Set<Int> = []
        for slug in threads {
            guard let i = site.incidents.firstIndex(where: { $0.slug == slug }) else {
                throw Problem(option: "thread", message: "no published incident has the slug \"\(slug)\"")
            }
            guard let t = site.links.thread[i] else {
                throw Problem(option: "thread", message: "\"\(slug)\" is in no thread: no incident follows it, "
                                  + "and it follows none (`follows:` in a later report makes one)")
            }
            members.formUnion(site.threads[t].incidents)
        }
        return members
    }
}

extension BriefingFilter {
    /// Whether the window moves with "now": the last `days` (7 when nothing narrows the selection).
    var followsClock: Bool { isEmpty || days != nil }

    /// The window's length in seconds when it follows the clock.
    var windowSeconds: TimeInterval { Double(days ?? 7) * 86_400 }

    /// The fixed end of a window that follows the clock (`until`), nil when it ends at "now"
    /// or `until` cannot be read (an error site.yml reports).
    func fixedEnd(_ zone: TimeZone) -> Date? {
        until.flatMap { text in try? Self.end(of: text, zone) }
    }

    /// Whether `published` matches everything but the window: slugs, statuses, areas, agencies, tags.
    /// `threads`: the slugs of the incidents of the threads named (nil: no `threads`).
    func matchesTerms(_ published: PublishedIncident, threads members: Set<String>? = nil) -> Bool {
        let incident = published.incident
        if let members, !members.contains(published.slug) { return false }
        if !incidents.isEmpty, !incidents.contains(published.slug) { return false }
        if !statuses.isEmpty, !statuses.contains(incident.status.rawValue) { return false }
        if !Self.any(areas, in: [incident.location.area].compactMap { $0 }) { return false }
        if !Self.any(agencies, in: incident.agencies) { return false }
        return Self.any(tags, in: incident.tags)
    }

    /// The moments that put an incident in a window: it happened there, or it was changed there.
    static func windowMoments(_ incident: Incident) -> [Date] {
        [incident.date.instant, incident.publishedMoment, incident.lastModified] + incident.updates.map(\.date.instant)
    }
}

private extension BriefingFilter {
    func matches(_ published: PublishedIncident, start: Date?, end: Date?) -> Bool {
        guard matchesTerms(published) else { return false }
        guard start != nil || end != nil else { return true }
        return Self.windowMoments(published.incident).contains { moment in
            (start.map { moment >= $0 } ?? true) && (end.map { moment < $0 } ?? true)
        }
    }

    /// Whether one of `wanted` names one of `values` (compared by slug, so case and punctuation do not matter).
    static func any(_ wanted: [String], in values: [String]) -> Bool {
        guard !wanted.isEmpty else { return true }
        let slugs = Set(values.map(Slug.term))
        return wanted.contains { slugs.contains(Slug.term($0)) }
    }

    static func moment(_ text: String, _ option: String, _ zone: TimeZone) throws(Problem) -> Moment {
        guard let moment = DateParsing.moment(text, in: zone) else {
            throw Problem(option: option, message: "expected an ISO 8601 date (2024-03-01) or date-time, found \"\(text)\"")
        }
        return moment
    }

    /// The end of the window: after the whole day for a date, the moment itself otherwise.
    static func end(of text: String, _ zone: TimeZone) throws(Problem) -> Date {
        let moment = try moment(text, "until", zone)
        guard moment.precision == .day else { return moment.instant }
        var next = CivilTime(moment.instant.addingTimeInterval(36 * 3_600), in: zone)
        (next.hour, next.minute, next.second) = (0, 0, 0)
        return next.instant(in: zone)
    }
}
