import BlotterCore
import Foundation
import Testing

/// `blotter schedule`: when the output next changes by itself, proved by building at that
/// time and a second before.
@Suite struct ScheduleTests {
    static let now = "2026-12-04T21:00:00Z"

    static func options(_ site: TestSite, at time: String, future: Bool = false) -> BuildOptions {
        BuildOptions(siteDirectory: site.root, future: future, clock: ClockParser.parse(time))
    }

    static func schedule(_ site: TestSite, at time: String = now, future: Bool = false) throws -> Schedule {
        try Pipeline.check(options(site, at: time, future: future)).schedule
    }

    /// Builds at `time` and returns whether `path` is in the output.
    static func built(_ site: TestSite, at time: String, _ path: String) throws -> Bool {
        let result = try Pipeline.build(options(site, at: time))
        #expect(!result.failed)
        return FileManager.default.fileExists(atPath: site.output.appendingPathComponent(path).path)
    }

    static func times(_ schedule: Schedule) -> [String] { schedule.changes.map { Schedule.iso($0.at) } }

    @Test func anEmbargoedIncidentAppearsAtNextBuildAt() throws {
        let site = try TestSite([
            "Content/incidents/old.md": incidentFile(title: "Old fire", date: "2024-03-01T10:00:00Z"),
            "Content/incidents/embargo.md": incidentFile(title: "Embargoed report", date: "2026-12-04T20:00:00Z",
                                                         extra: "published: 2026-12-05T07:00:00Z"),
            "Content/incidents/draft.md": incidentFile(title: "Draft", date: "2026-12-04T20:00:00Z",
                                                       extra: "published: 2026-12-05T06:00:00Z\ndraft: true"),
        ])
        defer { site.delete() }
        let schedule = try Self.schedule(site)
        #expect(schedule.next.map(Schedule.iso) == "2026-12-05T07:00:00Z")
        #expect(schedule.reason == "publishes \"Embargoed report\" (Content/incidents/embargo.md)")
        #expect(schedule.changes.count == 1, "a draft never appears by itself: \(schedule.changes)")

        let page = "incidents/embargoed-report/index.html"
        #expect(try !Self.built(site, at: "2026-12-05T06:59:59Z", page))
        #expect(try Self.built(site, at: "2026-12-05T07:00:00Z", page))
        // Published, it leaves the news sitemap 48 hours later: the next change.
        let after = try Self.schedule(site, at: "2026-12-05T07:00:00Z")
        #expect(Self.times(after) == ["2026-12-07T07:00:00Z"])
        #expect(after.reason == "\"Embargoed report\" (Content/incidents/embargo.md) leaves the news sitemap "
                + "(48 hours after it was published)")
        #expect(try !Pipeline.build(Self.options(site, at: "2026-12-07T06:59:59Z")).failed)
        #expect(try site.read("news-sitemap.xml").contains("embargoed-report"))
        #expect(try !Pipeline.build(Self.options(site, at: "2026-12-07T07:00:00Z")).failed)
        #expect(try !site.read("news-sitemap.xml").contains("embargoed-report"))
        #expect(try Self.schedule(site, at: "2026-12-07T07:00:00Z").next == nil)

        // With --future nothing is held back; the news sitemap still takes it at its time.
        let future = try Self.schedule(site, future: true)
        #expect(future.changes.map(\.kind) == [.newsSitemap])
        #expect(future.reason == "\"Embargoed report\" (Content/incidents/embargo.md) enters the news sitemap (its published time)")
    }

    @Test func briefingWindowEdges() throws {
        let site = try TestSite([
            // In the 7 days up to now; it leaves 7 days after its last moment.
            "Content/incidents/recent.md": incidentFile(title: "Recent fire", date: "2026-11-30T10:00:00Z"),
            // Long ago, but updated in two days: it comes back into the window then.
            "Content/incidents/later.md": incidentFile(title: "Old case", date: "2026-10-01T10:00:00Z",
                                                       extra: "updated: 2026-12-06T09:00:00Z"),
            // Another area: the briefing never holds it.
            "Content/incidents/elsewhere.md": incidentFile(title: "Elsewhere", date: "2026-12-01T10:00:00Z")
                .replacingOccurrences(of: "area: Barking and Dagenham", with: "area: Havering"),
        ], config: TestSite.minimalConfig + """

            briefings:
              - name: weekly
                title: The week
                area: Barking and Dagenham
                days: 7
            """)
        defer { site.delete() }
        let schedule = try Self.schedule(site)
        #expect(Self.times(schedule) == ["2026-12-05T00:00:00Z", "2026-12-06T09:00:01Z", "2026-12-07T10:00:01Z"])
        #expect(schedule.changes.map(\.reason) == [
            "the weekly briefing's window now ends on 5 December 2026",
            "\"Old case\" (Content/incidents/later.md) comes into the weekly briefing's 7-day window",
            "\"Recent fire\" (Content/incidents/recent.md) leaves the weekly briefing's 7-day window",
        ])
        let briefing = "briefings/weekly/index.html"
        func page(at time: String) throws -> String {
            #expect(try !Pipeline.build(Self.options(site, at: time)).failed)
            return try site.read(briefing)
        }
        // The date in its selection turns at the site's midnight (GMT in December).
        #expect(try page(at: "2026-12-04T23:59:59Z").contains("in the 7 days to 4 December 2026"))
        #expect(try page(at: "2026-12-05T00:00:00Z").contains("in the 7 days to 5 December 2026"))
        // An incident comes in a second after its moment, and leaves a second after 7 days from its last.
        #expect(try !page(at: "2026-12-06T09:00:00Z").contains("Old case"))
        #expect(try page(at: "2026-12-06T09:00:01Z").contains("Old case"))
        #expect(try page(at: "2026-12-07T10:00:00Z").contains("Recent fire"))
        #expect(try !page(at: "2026-12-07T10:00:01Z").contains("Recent fire"))
        #expect(try !page(at: "2026-12-07T10:00:01Z").contains("Elsewhere"))
    }

    @Test func aFixedUntilEndsTheWindowThere() throws {
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(title: "Before the end", date: "2026-12-01T10:00:00Z"),
            "Content/incidents/b.md": incidentFile(title: "After the end", date: "2026-12-03T10:00:00Z"),
        ], config: TestSite.minimalConfig + "\nbriefings:\n  - name: w\n    days: 7\n    until: 2026-12-02\n")
        defer { site.delete() }
        // "After the end" is past `until`: never in. "Before the end" leaves 7 days after its time.
        let window = try Self.schedule(site).changes.filter { $0.kind == .briefingWindow }
        #expect(window.map { Schedule.iso($0.at) } == ["2026-12-08T10:00:01Z"])
        #expect(window.map(\.file) == ["Content/incidents/a.md"])
    }

    /// The preview publishes an embargoed incident once its time has come, also when an edit
    /// moved that time earlier (the schedule follows the edit).
    @Test func previewFollowsAnEditedEmbargo() throws {
        let iso = ISO8601DateFormatter()
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(title: "Old fire"),
            "Content/incidents/e.md": incidentFile(title: "Embargoed report",
                                                   extra: "published: \(iso.string(from: Date().addingTimeInterval(3_600)))"),
        ])
        defer { site.delete() }
        let preview = site.root.appendingPathComponent("Preview")
        var live = Pipeline(preview: BuildOptions(siteDirectory: site.root, outputDirectory: preview, baseURL: "/"))
        let page = preview.appendingPathComponent("incidents/embargoed-report/index.html").path
        #expect(try !live.rebuild().failed)
        #expect(!FileManager.default.fileExists(atPath: page))
        let soon = Date().addingTimeInterval(2)
        try site.write("Content/incidents/e.md", incidentFile(title: "Embargoed report",
                                                              extra: "published: \(iso.string(from: soon))"))
        #expect(try live.rebuild(touched: ["Content/incidents/e.md"]).quick)
        #expect(!FileManager.default.fileExists(atPath: page))
        Thread.sleep(until: soon.addingTimeInterval(1.1))
        try site.write("Content/incidents/a.md", incidentFile(title: "Old fire", body: "Edited."))
        let after = try live.rebuild(touched: ["Content/incidents/a.md"])
        #expect(!after.quick && after.incidents == 2)
        #expect(FileManager.default.fileExists(atPath: page))
    }

    @Test func jsonAndNothingScheduled() throws {
        let site = try TestSite(["Content/incidents/old.md": incidentFile(title: "Old fire")])
        defer { site.delete() }
        #expect(try Self.schedule(site).json() == """
            {
              "now": "2026-12-04T21:00:00Z",
              "next_build_at": null,
              "reason": null,
              "changes": []
            }
            """)
        try site.write("Content/incidents/new.md", incidentFile(title: "New \"one\"", date: "2026-12-04T20:00:00Z",
                                                                extra: "published: 2026-12-05T07:00:00+00:00"))
        #expect(try Self.schedule(site).json() == """
            {
              "now": "2026-12-04T21:00:00Z",
              "next_build_at": "2026-12-05T07:00:00Z",
              "reason": "publishes \\"New \\"one\\"\\" (Content/incidents/new.md)",
              "changes": [
                {"at": "2026-12-05T07:00:00Z", "kind": "publish", "file": "Content/incidents/new.md", "briefing": null, "reason": "publishes \\"New \\"one\\"\\" (Content/incidents/new.md)"}
              ]
            }
            """)
    }
}
