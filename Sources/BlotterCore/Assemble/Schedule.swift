public import Foundation

/// When the site's output next changes by itself, with no file edited: an incident whose
/// `published` time comes, a briefing whose `days:` window moves past an incident or onto
/// a new day, an incident leaving the news sitemap's 48 hours. Pure: computed from the
/// assembled site and its "now" (`--clock`, else the real time).
///
/// Each thing that follows the clock gives its next change only; after a build at that
/// time, the schedule of the new site gives the ones after.
public struct Schedule: Sendable, Equatable {
    /// One change to come.
    public struct Change: Sendable, Equatable {
        /// What changes.
        public enum Kind: String, Sendable {
            /// An incident held back for its future `published` time appears.
            case publish
            /// An incident comes into a briefing's window, or leaves it.
            case briefingWindow = "briefing-window"
            /// A briefing's "in the 7 days to ..." date turns to the next day.
            case briefingDate = "briefing-date"
            /// An incident comes into the news sitemap or leaves it.
            case newsSitemap = "news-sitemap"
            /// An incident reaches its `expires` time and is withdrawn.
            case expire
        }

        /// The first whole second at which a build shows the change.
        public var at: Date
        /// What changes.
        public var kind: Kind
        /// The incident file concerned, if one is.
        public var file: String?
        /// The briefing concerned (its `name`), if one is.
        public var briefing: String?
        /// The change in words: `publishes "Title" (Content/incidents/a.md)`.
        public var reason: String
    }

    /// "Now" for this schedule.
    public var now: Date
    /// The site's timezone, for showing times.
    public var zone: TimeZone
    /// The changes to come, earliest first (then by file and briefing).
    public var changes: [Change]

    /// When the output next changes by itself; nil when it changes only with its files.
    public var next: Date? { changes.first?.at }

    /// The changes at `next`, in words, joined by "; ".
    public var reason: String? {
        guard let next else { return nil }
        return changes.prefix { $0.at == next }.map(\.reason).joined(separator: "; ")
    }

    /// The schedule of `site` at its `now`.
    public init(site: Site) {
        now = site.now
        zone = site.config.timeZone
        var all = site.heldBack.map { shared in
            let incident = shared.incident
            return Change(at: Self.second(atOrAfter: incident.publishedMoment), kind: .publish, file: incident.path,
                          reason: "publishes \(Self.name(incident))")
        }
        all += Self.newsSitemap(site)
        all += site.incidents.compactMap { published in
            let incident = published.incident
            return incident.expires.map {
                Change(at: Self.second(atOrAfter: $0), kind: .expire, file: incident.path,
                       reason: "\(Self.name(incident)) expires and is withdrawn")
            }
        }
        for named in site.config.briefings where named.briefing.filter.followsClock {
            all += Self.window(named, in: site)
            all.append(Self.dateTurn(named, in: site))
        }
        changes = all.filter { $0.at > site.now }.sorted { a, b in
            if a.at != b.at { return a.at < b.at }
            if a.file != b.file { return (a.file ?? "") < (b.file ?? "") }
            return (a.briefing ?? "", a.kind.rawValue) < (b.briefing ?? "", b.kind.rawValue)
        }
    }

    /// `2026-12-05T07:00:00Z`.
    public static func iso(_ date: Date) -> String {
        let text = DateText(zone: TimeZone(identifier: "UTC")!).iso(date)
        return text.hasSuffix("+00:00") ? String(text.dropLast(6)) + "Z" : text
    }
}

private extension Schedule {
    /// The news sitemap lists the newest 1,000 incidents published in the 48 hours up to
    /// now: each listed one leaves 48 hours after its `published` time, and (with `--future`)
    /// one published later comes in at that time.
    static func newsSitemap(_ site: Site) -> [Change] {
        let window = SitemapWriter.newsWindow
        let listed = site.incidents.map(\.incident).filter {
            $0.publishedMoment <= site.now && $0.publishedMoment > site.now.addingTimeInterval(-window)
        }.sorted { $0.publishedMoment > $1.publishedMoment }.prefix(SitemapWriter.newsLimit)
        let leaving = listed.map { incident in
            Change(at: second(atOrAfter: incident.publishedMoment.addingTimeInterval(window)), kind: .newsSitemap,
                   file: incident.path, reason: "\(name(incident)) leaves the news sitemap (48 hours after it was published)")
        }
        let coming = site.incidents.map(\.incident).filter { $0.publishedMoment > site.now }.map { incident in
            Change(at: second(atOrAfter: incident.publishedMoment), kind: .newsSitemap, file: incident.path,
                   reason: "\(name(incident)) enters the news sitemap (its published time)")
        }
        return leaving + coming
    }

    /// For each incident a briefing's other filters select, when it next comes into the
    /// briefing's window or leaves it.
    static func window(_ named: NamedBriefing, in site: Site) -> [Change] {
        let filter = named.briefing.filter
        let length = filter.windowSeconds
        let fixedEnd = filter.fixedEnd(site.config.timeZone)
        if filter.until != nil, fixedEnd == nil { return [] }  // an error in site.yml: no build
        let label = "the \(named.name) briefing's \(filter.days ?? 7)-day window"
        let threads = (try? filter.threadMembers(in: site))?.map { Set($0.map { site.incidents[$0].slug }) }
        return site.incidents.compactMap { published -> Change? in
            guard filter.matchesTerms(published, threads: threads) else { return nil }
            // A moment m is in the window at time t when t - length <= m < end, end being t
            // itself or the fixed `until`: t in (m, m + length], or (-inf, m + length].
            let spans = BriefingFilter.windowMoments(published.incident).compactMap { m -> (from: Date?, to: Date)? in
                if let fixedEnd { return m < fixedEnd ? (nil, m.addingTimeInterval(length)) : nil }
                return (m, m.addingTimeInterval(length))
            }
            guard let flip = nextFlip(spans, after: site.now) else { return nil }
            let incident = published.incident
            return Change(at: flip.at, kind: .briefingWindow, file: incident.path, briefing: named.name,
                          reason: "\(name(incident)) \(flip.enters ? "comes into" : "leaves") \(label)")
        }
    }

    /// When being in the union of the half-open `spans` (from, to] next changes after `now`,
    /// and whether it then begins.
    static func nextFlip(_ spans: [(from: Date?, to: Date)], after now: Date) -> (at: Date, enters: Bool)? {
        let current = spans.filter { ($0.from.map { $0 < now } ?? true) && now <= $0.to }
        guard var edge = current.map(\.to).max() else {
            let start = spans.compactMap(\.from).filter { $0 >= now }.min()
            return start.map { (second(after: $0), true) }
        }
        // Spans that begin by the time the current one ends carry it on.
        var extended = true
        while extended {
            extended = false
            for span in spans where (span.from.map { $0 <= edge } ?? true) && span.to > edge {
                edge = span.to
                extended = true
            }
        }
        return (second(after: edge), false)
    }

    /// A briefing whose window follows the clock says "in the N days to <today>": that
    /// text changes at the site's next midnight.
    static func dateTurn(_ named: NamedBriefing, in site: Site) -> Change {
        let zone = site.config.timeZone
        let today = CivilTime(site.now, in: zone)
        var tomorrow = CivilTime(days: today.daysSinceEpoch + 1)
        (tomorrow.hour, tomorrow.minute, tomorrow.second) = (0, 0, 0)
        let midnight = tomorrow.instant(in: zone)
        let day = DateText(zone: zone).date(Moment(instant: midnight, precision: .day))
        return Change(at: second(atOrAfter: midnight), kind: .briefingDate, briefing: named.name,
                      reason: "the \(named.name) briefing's window now ends on \(day)")
    }

    /// `"Title" (Content/incidents/a.md)`.
    static func name(_ incident: Incident) -> String { "\"\(incident.title)\" (\(incident.path))" }

    /// The first whole second at or after `date`.
    static func second(atOrAfter date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.up))
    }

    /// The first whole second after `date`.
    static func second(after date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down) + 1)
    }
}
