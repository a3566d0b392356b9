internal import Foundation

/// The published facts of an incident, each as a short hash of its published value: what
/// `published.lock` records and the build compares (docs/editorial.md, "The published record").
///
/// Values are normalised before hashing, so that rewriting the YAML (re-indenting, folding a
/// long line, another quoting style) changes no hash: text is compared as its words
/// (whitespace runs are one space, Unicode in its composed form), times as the wall-clock
/// time readers are shown in the site's timezone.
struct PublishedFacts: Sendable, Equatable {
    var title: String
    /// Nil when the incident has none (a tombstone): nothing was published.
    var summary: String?
    var date: String
    var location: String?
    var status: String?
    var casualties: String?
    /// One hash per entry, in the written order.
    var timeline: [String] = []
    var statements: [String] = []

    /// The facts `incident` publishes; a tombstone publishes only its title and date.
    init(_ incident: Incident, zone: TimeZone, tombstone: Bool = false) {
        title = Self.hash(Self.words(incident.title))
        date = Self.hash(Self.time(incident.date, zone))
        guard !tombstone else { return }
        summary = Self.hash(Self.words(incident.summary))
        let place = incident.location
        location = Self.hash(Self.words(place.name), Self.words(place.area ?? ""),
                             place.lat.map { "\($0)" } ?? "", place.lon.map { "\($0)" } ?? "")
        status = Self.hash(incident.status.rawValue)
        casualties = incident.casualties.map { Self.hash($0.killed.map(String.init) ?? "", $0.injured.map(String.init) ?? "") }
        timeline = incident.timeline.map { Self.hash(Self.time($0.time, zone), Self.words($0.text)) }
        statements = incident.statements.map { s in
            Self.hash(Self.words(s.speaker), Self.words(s.role ?? ""), Self.words(s.organisation ?? ""),
                      s.date.map { Self.time($0, zone) } ?? "", s.response.rawValue,
                      s.requested.map { Self.time($0, zone) } ?? "", Self.words(s.quote ?? ""))
        }
    }

    /// Facts as read back from published.lock.
    init(title: String, date: String) {
        self.title = title
        self.date = date
    }

    /// The hash of a title as the lock records it (to find a moved file).
    static func titleHash(_ incident: Incident) -> String { hash(words(incident.title)) }

    /// The hash of a date as the lock records it.
    static func dateHash(_ incident: Incident, zone: TimeZone) -> String { hash(time(incident.date, zone)) }

    /// A moment as readers see it: its day, or its day and minute, in the site's timezone.
    static func time(_ moment: Moment, _ zone: TimeZone) -> String {
        let civil = CivilTime(moment.instant, in: zone)
        let pad = PublishedLock.pad
        let day = pad(civil.year, 4) + "-" + pad(civil.month, 2) + "-" + pad(civil.day, 2)
        guard moment.precision == .minute else { return day }
        return day + " " + pad(civil.hour, 2) + ":" + pad(civil.minute, 2)
    }

    /// Whether `text` is a hash as the lock writes them: 16 lowercase hexadecimal digits.
    static func isHash(_ text: Substring) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

private extension PublishedFacts {
    /// The first 8 bytes of the SHA-256 of the parts, each ended by U+001F, in hexadecimal.
    static func hash(_ parts: String...) -> String {
        var bytes: [UInt8] = []
        for part in parts {
            bytes += part.utf8
            bytes.append(0x1F)
        }
        return SHA256.hex(SHA256.digest(bytes).prefix(8))
    }

    /// `text` as its words: composed Unicode, whitespace runs made one space, none at the ends.
    static func words(_ text: String) -> String {
        // ASCII is composed already, and most text is ASCII: Foundation's composition is slow.
        let composed = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
        return composed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
