internal import Foundation

/// Dates as templates show them, already formatted in the site's timezone.
struct DateText {
    let zone: TimeZone

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// `{iso, display, date, short, time, zone, weekday, has_time}` for a moment.
    func context(_ moment: Moment) -> [String: any Sendable] {
        let civil = CivilTime(moment.instant, in: zone)
        let date = "\(civil.day) \(Self.months[civil.month - 1]) \(civil.year)"
        let short = "\(civil.day) \(Self.months[civil.month - 1].prefix(3)) \(civil.year)"
        let weekday = Self.weekdays[civil.weekday]
        guard moment.precision == .minute else {
            return ["iso": isoDay(civil), "display": "\(weekday) \(date)", "date": date, "short": short,
                    "weekday": weekday, "has_time": false]
        }
        let time = clock(civil)
        let abbreviation = zoneName(moment.instant)
        return ["iso": iso(moment.instant), "display": "\(weekday) \(date), \(time) \(abbreviation)", "date": date,
                "short": short, "time": time, "zone": abbreviation, "weekday": weekday, "has_time": true]
    }

    /// The same for an instant known to the minute.
    func context(_ date: Date) -> [String: any Sendable] { context(Moment(instant: date, precision: .minute)) }

    /// A timeline time: the clock time when on `day`, else the date (and time).
    func timelineLabel(_ moment: Moment, incidentDay: Date) -> String {
        let civil = CivilTime(moment.instant, in: zone)
        let base = CivilTime(incidentDay, in: zone)
        let sameDay = (civil.year, civil.month, civil.day) == (base.year, base.month, base.day)
        if moment.precision == .minute, sameDay { return clock(civil) }
        let day = "\(civil.day) \(Self.months[civil.month - 1].prefix(3)) \(civil.year)"
        return moment.precision == .minute ? "\(day), \(clock(civil))" : day
    }

    /// ISO 8601 with the site's offset: `2023-11-23T21:05:00+00:00`.
    func iso(_ date: Date) -> String {
        let civil = CivilTime(date, in: zone)
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3_600
        let minutes = abs(offset) % 3_600 / 60
        return isoDay(civil) + "T" + pad(civil.hour) + ":" + pad(civil.minute) + ":" + pad(civil.second)
            + sign + pad(hours) + ":" + pad(minutes)
    }
}

private extension DateText {
    /// Abbreviations Linux's Foundation does not give (it says `GMT+1` for BST).
    static let abbreviations: [String: (standard: String, daylight: String)] = [
        "Europe/London": ("GMT", "BST"), "Europe/Dublin": ("GMT", "IST"), "Europe/Belfast": ("GMT", "BST"),
        "Europe/Paris": ("CET", "CEST"), "Europe/Berlin": ("CET", "CEST"), "Europe/Madrid": ("CET", "CEST"),
        "Europe/Rome": ("CET", "CEST"), "Europe/Amsterdam": ("CET", "CEST"), "Europe/Brussels": ("CET", "CEST"),
        "America/New_York": ("EST", "EDT"), "America/Chicago": ("CST", "CDT"), "America/Denver": ("MST", "MDT"),
        "America/Los_Angeles": ("PST", "PDT"), "America/Phoenix": ("MST", "MST"), "America/Toronto": ("EST", "EDT"),
        "Australia/Sydney": ("AEST", "AEDT"), "Australia/Melbourne": ("AEST", "AEDT"),
        "Pacific/Auckland": ("NZST", "NZDT"), "UTC": ("UTC", "UTC"), "Etc/UTC": ("UTC", "UTC"),
    ]

    func isoDay(_ c: CivilTime) -> String { "\(c.year)-\(pad(c.month))-\(pad(c.day))" }

    func clock(_ c: CivilTime) -> String { pad(c.hour) + ":" + pad(c.minute) }

    func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `GMT`, `BST`, ... or `UTC+01:00` when neither the system nor our table has an abbreviation.
    func zoneName(_ date: Date) -> String {
        if let name = zone.abbreviation(for: date), name.first?.isLetter == true, !name.contains("+"),
           !name.contains("-") {
            return name
        }
        if let names = Self.abbreviations[zone.identifier] {
            return zone.isDaylightSavingTime(for: date) ? names.daylight : names.standard
        }
        let offset = zone.secondsFromGMT(for: date)
        if offset == 0 { return "UTC" }
        let sign = offset < 0 ? "-" : "+"
        return "UTC\(sign)\(pad(abs(offset) / 3_600)):\(pad(abs(offset) % 3_600 / 60))"
    }
}
