internal import Foundation

/// ISO 8601 dates and times as written in front matter.
enum DateParsing {
    /// `YYYY-MM-DD` (a day) or `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM]` (a moment;
    /// without an offset it is wall-clock time in `zone`).
    static func moment(_ text: String, in zone: TimeZone) -> Moment? {
        var scanner = DigitScanner(text)
        guard let civil = scanner.date() else { return nil }
        if scanner.atEnd {
            return civil.isValid ? Moment(instant: civil.instant(in: zone), precision: .day) : nil
        }
        guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
              let time = scanner.time(on: civil), time.isValid else { return nil }
        if scanner.atEnd { return Moment(instant: time.instant(in: zone), precision: .minute) }
        guard let offset = scanner.offset(), scanner.atEnd else { return nil }
        return Moment(instant: time.instant(offset: offset), precision: .minute)
    }

    /// A timeline `time`: any form of `moment`, or `HH:MM` on the day `day` (in `zone`).
    static func timelineMoment(_ text: String, onDayOf day: Date, in zone: TimeZone) -> Moment? {
        var scanner = DigitScanner(text)
        let base = CivilTime(day, in: zone)
        if let time = scanner.time(on: CivilTime(year: base.year, month: base.month, day: base.day)),
           scanner.atEnd, time.isValid {
            return Moment(instant: time.instant(in: zone), precision: .minute)
        }
        return moment(text, in: zone)
    }
}

/// A cursor over ASCII text that reads fixed-width numbers.
private struct DigitScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) { bytes = text.withBytes { Array($0) } }

    var atEnd: Bool { position == bytes.count }

    mutating func skip(_ character: Character) -> Bool {
        guard position < bytes.count, bytes[position] == character.asciiValue else { return false }
        position += 1
        return true
    }

    mutating func number(digits: Int) -> Int? {
        guard position + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<position + digits] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        position += digits
        return value
    }

    mutating func date() -> CivilTime? {
        guard let y = number(digits: 4), skip("-"), let m = number(digits: 2), skip("-"),
              let d = number(digits: 2) else { return nil }
        return CivilTime(year: y, month: m, day: d)
    }

    /// `HH:MM[:SS[.fraction]]` (also `H:MM`, as people write it), placed on the day of `day`.
    mutating func time(on day: CivilTime) -> CivilTime? {
        let start = position
        guard let h = number(digits: 2) ?? number(digits: 1), skip(":"), let m = number(digits: 2) else {
            position = start
            return nil
        }
        var time = day
        (time.hour, time.minute) = (h, m)
        if skip(":") {
            guard let s = number(digits: 2) else { return nil }
            time.second = s
            if skip(".") || skip(",") {
                let fractionStart = position
                while position < bytes.count, (48...57).contains(bytes[position]) { position += 1 }
                if position == fractionStart { return nil }
            }
        }
        return time
    }

    /// `Z` or `±HH:MM` / `±HHMM` / `±HH`, in seconds east of UTC.
    mutating func offset() -> Int? {
        if skip("Z") || skip("z") { return 0 }
        let sign: Int
        if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
        guard let h = number(digits: 2), h <= 23 else { return nil }
        var m = 0
        if !atEnd {
            _ = skip(":")
            guard let minutes = number(digits: 2), minutes <= 59 else { return nil }
            m = minutes
        }
        return sign * (h * 3_600 + m * 60)
    }
}
