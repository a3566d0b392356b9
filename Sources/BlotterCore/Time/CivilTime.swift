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
    /// `secondsFromGMT(for:)`, from a table of the zone's changes of offset between 1900
    /// and 2100 made once per zone. Foundation asks ICU under a process-wide lock each
    /// time, and a big site converts hundreds of thousands of times.
    func offset(at date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e11,
              let offset = ZoneOffsets.offset(in: self, at: Int(seconds.rounded(.down))) else {
            return secondsFromGMT(for: date)
        }
        return offset
    }
}

/// A timezone's UTC offsets from 1900 to 2100: the start of each stretch of one offset
/// (ICU's transitions, which include changes of standard time as well as daylight saving)
/// and the offset. Made once per zone and never freed; read by every thread without a lock.
package final class ZoneOffsets: Sendable {
    let identifier: String
    /// Seconds since 1970 at which each stretch starts; the first is the window's start.
    private let starts: [Int]
    private let offsets: [Int]
    private static let window = (start: -2_208_988_800, end: 4_102_444_800)  // 1900-01-01, 2100-01-01 UTC

    private init(_ zone: TimeZone) {
        identifier = zone.identifier
        var starts = [Self.window.start]
        var offsets = [zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(Self.window.start)))]
        var from = Date(timeIntervalSince1970: TimeInterval(Self.window.start))
        while let change = zone.nextDaylightSavingTimeTransition(after: from),
              change.timeIntervalSince1970 < TimeInterval(Self.window.end), change > from {
            starts.append(Int(change.timeIntervalSince1970.rounded(.down)))
            offsets.append(zone.secondsFromGMT(for: change))
            from = change
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// The offset at `seconds` since 1970, or nil outside the window.
    func offset(at seconds: Int) -> Int? {
        guard seconds >= Self.window.start, seconds < Self.window.end else { return nil }
        var low = 0, high = starts.count  // the answer is the last start <= seconds
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= seconds { low = middle } else { high = middle }
        }
        return offsets[low]
    }

    /// The offset of `zone` at `seconds` since 1970 (nil outside the window), from the table
    /// used last when it is this zone's (read without retaining it: two threads counting
    /// references to one object slow each other down), else found or made under a lock.
    static func offset(in zone: TimeZone, at seconds: Int) -> Int? {
        let identifier = zone.identifier
        if let last = lastUsed.load(ordering: .acquiring) {
            // nil: another zone's table; .some(nil): this zone's, outside the window.
            let found: Int?? = last._withUnsafeGuaranteedRef { $0.identifier == identifier ? .some($0.offset(at: seconds)) : nil }
            if let found { return found }
        }
        let table = tables.withLock { tables in
            if let table = tables[identifier] { return table }
            let table = ZoneOffsets(zone)
            tables[identifier] = table
            return table
        }
        lastUsed.store(Unmanaged.passUnretained(table), ordering: .releasing)
        return table.offset(at: seconds)
    }

    /// `offset(at:)` of the zone named `identifier` (for the test that compares it with Foundation).
    package static func offset(zone identifier: String, at seconds: Int) -> Int? {
        TimeZone(identifier: identifier)?.offset(at: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private static let tables = Mutex<[String: ZoneOffsets]>([:])
    private static let lastUsed = Atomic<Unmanaged<ZoneOffsets>?>(nil)
}
