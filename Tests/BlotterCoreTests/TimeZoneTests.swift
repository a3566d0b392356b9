import BlotterCore
import Foundation
import Testing

/// Blotter reads UTC offsets from its own table of each zone's changes (1900 to 2100), not
/// from Foundation each time: the two must agree at every instant, in zones with daylight
/// saving, half-hour and 45-minute offsets, changes of standard time and none at all.
@Suite struct TimeZoneTests {
    static let zones = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu",
                        "Pacific/Chatham", "America/Sao_Paulo", "Africa/Casablanca", "Europe/Moscow", "UTC"]

    @Test func offsetsMatchFoundation() throws {
        var generator = SystemRandomNumberGenerator.Seeded(seed: 5)
        var compared = 0
        for identifier in Self.zones {
            let zone = try #require(TimeZone(identifier: identifier))
            // Every change of offset in the window, a second either side, and random instants
            // from 1850 to 2150 (outside the window Foundation is asked).
            var instants: [Int] = []
            var from = Date(timeIntervalSince1970: -2_208_988_800)
            while let change = zone.nextDaylightSavingTimeTransition(after: from), change.timeIntervalSince1970 < 4_102_444_800 {
                let at = Int(change.timeIntervalSince1970)
                instants += [at - 1, at, at + 1]
                from = change
            }
            instants += (0..<3_000).map { _ in Int.random(in: -3_786_825_600...5_680_281_600, using: &generator) }
            instants += [-2_208_988_801, -2_208_988_800, 4_102_444_799, 4_102_444_800]
            for at in instants {
                let expected = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(at)))
                #expect(ZoneOffsets.offset(zone: identifier, at: at) == expected, "\(identifier) at \(at)")
                compared += 1
            }
        }
        #expect(compared > 30_000)
    }

    /// A year before 1000 (a typo for 2020, or history) keeps four digits wherever it is
    /// written as ISO 8601, as HTML's `datetime` and the feeds want.
    @Test func earlyYearsHaveFourDigits() throws {
        let site = try TestSite(["Content/incidents/a.md": incidentFile(date: "0202-05-12"),
                                 "Content/incidents/b.md": incidentFile(title: "Second", date: "0999-01-02T03:04:00Z")],
                                config: "title: Desk\ntimezone: UTC\n")
        defer { site.delete() }
        try site.build()
        #expect(try site.read("incidents/fire-in-barking/index.html").contains("<time datetime=\"0202-05-12\">"))
        #expect(try site.read("incidents/second/index.html").contains("<time datetime=\"0999-01-02T03:04:00+00:00\">"))
    }
}
