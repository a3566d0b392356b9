internal import Foundation

/// The published facts of an incident, each as a short hash of its published value: what
/// `published.lock` records and the build compares (docs/editorial.md, "The published record").
///
/// Values are normalised before hashing, so that rewriting the YAML (re-indenting, folding a
/// long line, another quoting style) changes no hash: text is compared as its words
/// (whitespace runs are one space, Unicode in its composed form), times as the wall-clock
/// time readers are shown in the site's timezone. A hash is the first 8 bytes of a SHA-256,
/// written in the lock as 16 hexadecimal digits.
struct PublishedFacts: Sendable, Equatable {
    var title: UInt64
    /// Nil when the incident has none (a tombstone): nothing was published.
    var summary: UInt64?
    var date: UInt64
    var location: UInt64?
    var status: UInt64?
    var casualties: UInt64?
    /// One hash per entry, in the written order.
    var timeline: [UInt64] = []
    var statements: [UInt64] = []

    /// The facts `incident` publishes; a tombstone publishes only its title and date.
    init(_ incident: Incident, zone: TimeZone, tombstone: Bool = false) {
        title = Self.titleHash(incident)
        date = Self.dateHash(incident, zone: zone)
        guard !tombstone else { return }
        summary = Hash().words(incident.summary).value
        let place = incident.location
        location = Hash().words(place.name).words(place.area ?? "").text(place.lat.map { "\($0)" } ?? "")
            .text(place.lon.map { "\($0)" } ?? "").value
        status = Hash().text(incident.status.rawValue).value
        casualties = incident.casualties.map { count in
            Hash().text(count.killed.map(String.init) ?? "").text(count.injured.map(String.init) ?? "").value
        }
        timeline = incident.timeline.map { Hash().text(Self.time($0.time, zone)).words($0.text).value }
        statements = incident.statements.map { s in
            Hash().words(s.speaker).words(s.role ?? "").words(s.organisation ?? "")
                .text(s.date.map { Self.time($0, zone) } ?? "").text(s.response.rawValue)
                .text(s.requested.map { Self.time($0, zone) } ?? "").words(s.quote ?? "").value
        }
    }

    /// Facts as read back from published.lock.
    init(title: UInt64, date: UInt64) {
        self.title = title
        self.date = date
    }

    /// The hash of a title as the lock records it (to find a moved file).
    static func titleHash(_ incident: Incident) -> UInt64 { Hash().words(incident.title).value }

    /// The hash of a date as the lock records it.
    static func dateHash(_ incident: Incident, zone: TimeZone) -> UInt64 { Hash().text(time(incident.date, zone)).value }

    /// A moment as readers see it: its day, or its day and minute, in the site's timezone.
    static func time(_ moment: Moment, _ zone: TimeZone) -> String {
        let civil = CivilTime(moment.instant, in: zone)
        let pad = PublishedLock.pad
        let day = pad(civil.year, 4) + "-" + pad(civil.month, 2) + "-" + pad(civil.day, 2)
        guard moment.precision == .minute else { return day }
        return day + " " + pad(civil.hour, 2) + ":" + pad(civil.minute, 2)
    }

    /// A hash as the lock writes it: 16 lowercase hexadecimal digits.
    static func hex(_ hash: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 16) { buffer in
            for i in 0..<16 { buffer[i] = digits[Int(hash >> (60 - 4 * UInt64(i)) & 15)] }
            return 16
        }
    }

    /// A hash read from the lock: exactly 16 lowercase hexadecimal digits.
    static func hash(_ bytes: some Collection<UInt8>) -> UInt64? {
        guard bytes.count == 16 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            switch byte {
            case 0x30...0x39: value = value << 4 | UInt64(byte - 0x30)
            case 0x61...0x66: value = value << 4 | UInt64(byte - 0x61 + 10)
            default: return nil
            }
        }
        return value
    }
}

private extension PublishedFacts {
    /// The parts of one fact, each ended by U+001F, hashed with SHA-256.
    struct Hash {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(128) }

        /// `text` as it is.
        consuming func text(_ text: String) -> Hash {
            var next = self
            next.bytes += text.utf8
            next.bytes.append(0x1F)
            return next
        }

        /// `text` as its words: composed Unicode, whitespace runs made one space, none at the ends.
        consuming func words(_ text: String) -> Hash {
            var next = self
            var space = false
            var started = false
            // ASCII is composed already, and most text is ASCII: Foundation's composition is slow.
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                for byte in text.utf8 {
                    if byte == 0x20 || (0x09...0x0D).contains(byte) {
                        space = started
                        continue
                    }
                    if space { next.bytes.append(0x20) }
                    next.bytes.append(byte)
                    (space, started) = (false, true)
                }
            } else {
                for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
                    if scalar.properties.isWhitespace {
                        space = started
                        continue
                    }
                    if space { next.bytes.append(0x20) }
                    next.bytes += UTF8.encode(scalar)!
                    (space, started) = (false, true)
                }
            }
            next.bytes.append(0x1F)
            return next
        }

        /// The first 8 bytes of the SHA-256 of the parts.
        var value: UInt64 {
            SHA256.digest(bytes).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        }
    }
}
