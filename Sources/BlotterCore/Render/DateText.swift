internal import Foundation
internal import Synchronization

/// Dates as templates show them, already formatted in the site's timezone.
struct DateText: Sendable, Hashable {
    let zone: TimeZone
    /// The zone's abbreviations by UTC offset from the table below, looked up once.
    private let names: [Int: String]?

    init(zone: TimeZone) {
        self.zone = zone
        names = Self.abbreviations[zone.identifier]
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// `{iso, display, date, short, time, zone, weekday, has_time}` for a moment. The
    /// fields are formatted when a template reads them, not before (a big site has
    /// hundreds of thousands of dates and templates show few of their forms).
    func context(_ moment: Moment) -> TemplateValue { .date(DateValue(moment: moment, dates: self)) }

    /// One field of a moment's context; nil for a name dates do not have. `time` and `zone`
    /// of a day without a time are `.absent`, not nil (see `TemplateValue.absent`).
    func field(_ key: String, of moment: Moment) -> TemplateValue? {
        let hasTime = moment.precision == .minute
        switch key {
        case "has_time": return .bool(hasTime)
        case "iso": return .text(iso(moment))
        case "time": return hasTime ? .text(Self.text { $0.clock(CivilTime(moment.instant, in: zone)) }) : .absent
        case "zone": return hasTime ? .text(zoneName(moment.instant)) : .absent
        case "date", "short", "weekday", "display": break
        default: return nil
        }
        let civil = CivilTime(moment.instant, in: zone)
        let weekday = Self.weekdays[civil.weekday]
        switch key {
        case "weekday": return .text(weekday)
        case "short": return .text(Self.text { $0.shortDate(civil) })
        case "date": return .text(Self.text { $0.longDate(civil) })
        default:
            let zoneName = hasTime ? zoneName(moment.instant) : ""
            return .text(Self.text { out in
                out.write(weekday)
                out.append(32)
                out.longDate(civil)
                if hasTime {
                    out.write(", ")
                    out.clock(civil)
                    out.append(32)
                    out.write(zoneName)
                }
            })
        }
    }

    /// ISO 8601: the date alone for a day, with the time and offset for a minute.
    func iso(_ moment: Moment) -> String {
        moment.precision == .minute ? iso(moment.instant) : isoDay(CivilTime(moment.instant, in: zone))
    }

    /// `23 November 2023`.
    func date(_ moment: Moment) -> String { Self.text { $0.longDate(CivilTime(moment.instant, in: zone)) } }

    /// `24 November 2024, 10:00` (the time only when known): a date inside a sentence.
    func dateAndTime(_ moment: Moment) -> String {
        let civil = CivilTime(moment.instant, in: zone)
        return Self.text { out in
            out.longDate(civil)
            if moment.precision == .minute {
                out.write(", ")
                out.clock(civil)
            }
        }
    }

    /// The same for an instant known to the minute.
    func context(_ date: Date) -> TemplateValue { context(Moment(instant: date, precision: .minute)) }

    /// A timeline time: the clock time when on `day`, else the date (and time).
    func timelineLabel(_ moment: Moment, incidentDay: Date) -> String {
        let civil = CivilTime(moment.instant, in: zone)
        let base = CivilTime(incidentDay, in: zone)
        let sameDay = (civil.year, civil.month, civil.day) == (base.year, base.month, base.day)
        let hasTime = moment.precision == .minute
        return Self.text { out in
            if hasTime, sameDay { return out.clock(civil) }
            out.shortDate(civil)
            if hasTime {
                out.write(", ")
                out.clock(civil)
            }
        }
    }

    /// ISO 8601 with the site's offset: `2023-11-23T21:05:00+00:00` (written byte by
    /// byte: feeds, data files and sitemaps ask for hundreds of thousands).
    func iso(_ date: Date) -> String {
        let offset = zone.offset(at: date)
        let c = CivilTime(date, offset: offset)
        guard (1000...9999).contains(c.year) else {
            return isoDay(c) + "T" + pad(c.hour) + ":" + pad(c.minute) + ":" + pad(c.second) + offsetText(offset)
        }
        return String(unsafeUninitializedCapacity: 25) { buffer in
            func put(_ value: Int, _ digits: Int, at index: Int) {
                var v = value
                for k in stride(from: index + digits - 1, through: index, by: -1) {
                    buffer[k] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            let minutes = abs(offset) / 60
            put(c.year, 4, at: 0); buffer[4] = 45; put(c.month, 2, at: 5); buffer[7] = 45; put(c.day, 2, at: 8)
            buffer[10] = 84; put(c.hour, 2, at: 11); buffer[13] = 58; put(c.minute, 2, at: 14); buffer[16] = 58
            put(c.second, 2, at: 17); buffer[19] = offset < 0 ? 45 : 43; put(minutes / 60, 2, at: 20); buffer[22] = 58
            put(minutes % 60, 2, at: 23)
            return 25
        }
    }

    /// `+01:00`.
    private func offsetText(_ offset: Int) -> String {
        (offset < 0 ? "-" : "+") + pad(abs(offset) / 3_600) + ":" + pad(abs(offset) % 3_600 / 60)
    }
}

/// A moment in a template's context: a map whose fields are formatted on reading.
public struct DateValue: Sendable, Hashable {
    let moment: Moment
    let dates: DateText

    subscript(key: String) -> TemplateValue? { dates.field(key, of: moment) }

    /// What its fields are made from, hashed alike in every run (see `StableHasher`).
    func stableHash(into hasher: inout StableHasher) {
        hasher.combine(moment.instant)
        hasher.combine(moment.precision == .day)
        hasher.combine(dates.zone.identifier)
    }
}

private extension DateText {
    /// Abbreviations Linux's Foundation does not give (it says `GMT+1` for BST).
    /// By zone, then UTC offset in seconds.
    static let abbreviations: [String: [Int: String]] = {
        let hour = 3_600
        let europe: [Int: String] = [hour: "CET", 2 * hour: "CEST"]
        return [
            "Europe/London": [0: "GMT", hour: "BST"], "Europe/Belfast": [0: "GMT", hour: "BST"],
            "Europe/Dublin": [0: "GMT", hour: "IST"], "Europe/Paris": europe, "Europe/Berlin": europe,
            "Europe/Madrid": europe, "Europe/Rome": europe, "Europe/Amsterdam": europe, "Europe/Brussels": europe,
            "America/New_York": [-5 * hour: "EST", -4 * hour: "EDT"], "America/Toronto": [-5 * hour: "EST", -4 * hour: "EDT"],
            "America/Chicago": [-6 * hour: "CST", -5 * hour: "CDT"], "America/Denver": [-7 * hour: "MST", -6 * hour: "MDT"],
            "America/Phoenix": [-7 * hour: "MST"], "America/Los_Angeles": [-8 * hour: "PST", -7 * hour: "PDT"],
            "Australia/Sydney": [10 * hour: "AEST", 11 * hour: "AEDT"], "Australia/Melbourne": [10 * hour: "AEST", 11 * hour: "AEDT"],
            "Pacific/Auckland": [12 * hour: "NZST", 13 * hour: "NZDT"], "UTC": [0: "UTC"], "Etc/UTC": [0: "UTC"],
        ]
    }()

    /// Abbreviations asked of the system (slow, through ICU), by zone and offset.
    static let systemNames = Mutex<[String: String]>([:])

    func isoDay(_ c: CivilTime) -> String { Self.text { $0.isoDay(c) } }

    func pad(_ n: Int) -> String { Self.text { $0.decimal(n, digits: 2) } }

    /// A short text built as UTF-8 bytes (one allocation, where interpolation makes several).
    static func text(_ build: (inout [UInt8]) -> Void) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(48)
        build(&out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `GMT`, `BST`, ... or `UTC+01:00` when neither the system nor our table has an abbreviation.
    func zoneName(_ date: Date) -> String {
        let offset = zone.offset(at: date)
        if let name = names?[offset] { return name }
        let key = "\(zone.identifier) \(offset)"
        if let name = Self.systemNames.withLock({ $0[key] }) { return name }
        let name = systemName(date, offset: offset)
        Self.systemNames.withLock { $0[key] = name }
        return name
    }

    /// The system's abbreviation, or `UTC+01:00` when it has none worth showing.
    func systemName(_ date: Date, offset: Int) -> String {
        if let name = zone.abbreviation(for: date), name.first?.isLetter == true, !name.contains("+"),
           !name.contains("-") {
            return name
        }
        if offset == 0 { return "UTC" }
        let sign = offset < 0 ? "-" : "+"
        return "UTC\(sign)\(pad(abs(offset) / 3_600)):\(pad(abs(offset) % 3_600 / 60))"
    }
}

/// The pieces of formatted dates, appended as UTF-8.
private extension Array where Element == UInt8 {
    /// `n` in decimal, with leading zeros to `digits` digits.
    mutating func decimal(_ n: Int, digits: Int = 1) {
        if n < 0 { append(UInt8(ascii: "-")) }
        var magnitude = n.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(48 + magnitude % 10)
                magnitude /= 10
            } while magnitude > 0 || (buffer.count - start < digits && start > 0)
            append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// `23 November 2023`.
    mutating func longDate(_ c: CivilTime) {
        decimal(c.day)
        append(32)
        write(DateText.months[c.month - 1])
        append(32)
        decimal(c.year)
    }

    /// `23 Nov 2023`.
    mutating func shortDate(_ c: CivilTime) {
        decimal(c.day)
        append(32)
        append(contentsOf: DateText.months[c.month - 1].utf8.prefix(3))
        append(32)
        decimal(c.year)
    }

    /// `21:05`.
    mutating func clock(_ c: CivilTime) {
        decimal(c.hour, digits: 2)
        append(58)
        decimal(c.minute, digits: 2)
    }

    /// `2023-11-23`; the year has four digits at least (`0202-05-12`), as HTML's `datetime` wants.
    mutating func isoDay(_ c: CivilTime) {
        decimal(c.year, digits: 4)
        append(45)
        decimal(c.month, digits: 2)
        append(45)
        decimal(c.day, digits: 2)
    }
}
