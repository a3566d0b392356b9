internal import Foundation
internal import Synchronization

/// A wall-clock date and time, converted to and from instants in a timezone
/// with plain arithmetic (no `Calendar`, which is slow and not needed here).
struct CivilTime: Sendable, Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0

    /// Whether the fields name a real day and time.
    var isValid: Bool {
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), year >= 1 && year <= 9999 else { return false }
        return (1...Self.daysIn(month: month, year: year)).contains(day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Seconds since the epoch if this wall-clock time were UTC.
    var wallSeconds: Int { daysSinceEpoch * 86_400 + hour * 3_600 + minute * 60 + second }

    /// The instant this wall-clock time names in `zone`.
    func instant(in zone: TimeZone) -> Date {
        let wall = wallSeconds
        let guess = wall - zone.offset(at: Date(timeIntervalSince1970: TimeInterval(wall)))
        let offset = zone.offset(at: Date(timeIntervalSince1970: TimeInterval(guess)))
        return Date(timeIntervalSince1970: TimeInterval(wall - offset))
    }

    /// The instant with an explicit UTC offset in seconds.
    func instant(offset: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(wallSeconds - offset))
    }

    /// The wall-clock time of `date` in `zone`.
    init(_ date: Date, in zone: TimeZone) {
        self.init(date, offset: zone.offset(at: date))
    }

    /// The wall-clock time of `date` at a UTC offset in seconds.
    init(_ date: Date, offset: Int) {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secs = local - days * 86_400
        self.init(days: days)
        hour = secs / 3_600
        minute = secs % 3_600 / 60
        second = secs % 60
    }

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
    }

    /// Midnight of the day `days` after 1970-01-01.
    init(days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// 0 = Sunday ... 6 = Saturday.
    var weekday: Int { ((daysSinceEpoch % 7) + 11) % 7 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension TimeZone {
    /// `secondsFromGMT(for:)`, remembered by UTC day for the days with no change of offset.
    /// Foundation asks ICU under a process-wide lock each time, and a big site converts
    /// hundreds of thousands of times; the same few thousand days come back again and again.
    func offset(at date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e11 else { return secondsFromGMT(for: date) }
        let day = Int((seconds / 86_400).rounded(.down))
        let key = ZoneDay(zone: identifier, day: day)
        if let offset = zoneDays.withLock({ $0[key] }) { return offset }
        let start = secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(day * 86_400)))
        let end = secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(day * 86_400 + 86_399)))
        guard start == end else { return secondsFromGMT(for: date) }
        zoneDays.withLock { $0[key] = start }
        return start
    }
}

/// A timezone's UTC day.
private struct ZoneDay: Hashable {
    var zone: String
    var day: Int
}

/// The offset of each UTC day seen with one offset all day, by zone.
private let zoneDays = Mutex<[ZoneDay: Int]>([:])
