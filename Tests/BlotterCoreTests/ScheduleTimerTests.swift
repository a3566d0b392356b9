import BlotterCore
import Foundation
import Testing

/// The systemd units and crontab lines `blotter schedule --systemd` and `--cron` print.
/// (scripts/cli-test.sh checks the units with `systemd-analyze verify` and runs a crontab line.)
@Suite struct ScheduleTimerTests {
    static let job = RebuildJob(blotter: "/usr/local/bin/blotter", site: "/srv/news desk",
                                options: ["--output", "/var/www/news", "--base-url", "https://news.example/100%/"])

    /// A site with one incident published at 2026-12-05T07:00:30Z, seen from 2026-12-04T21:00:00Z.
    static func schedule(embargoed: Bool = true) throws -> Schedule {
        let site = try TestSite(embargoed ? [
            "Content/incidents/e.md": incidentFile(title: "Embargoed", date: "2026-12-04T20:00:00Z",
                                                   extra: "published: 2026-12-05T07:00:30Z"),
        ] : [:])
        defer { site.delete() }
        return try Pipeline.check(BuildOptions(siteDirectory: site.root, clock: ClockParser.parse("2026-12-04T21:00:00Z")))
            .schedule
    }

    @Test func systemdUnits() throws {
        let units = SystemdUnits(job: Self.job, folder: "/home/editor/.config/systemd/user")
        #expect(!units.isSystem && units.serviceName == "blotter-news-desk.service")
        #expect(units.service == """
            # Made by `blotter schedule --systemd`. Rebuilds the site, then sets blotter-news-desk.timer
            # to the next time its output changes by itself (see docs/scheduling.md).
            [Unit]
            Description=Rebuild the Blotter site in /srv/news desk

            [Service]
            Type=oneshot
            ExecStart=/usr/local/bin/blotter build --site "/srv/news desk" --output /var/www/news --base-url https://news.example/100%%/ --quiet
            ExecStopPost=-/usr/local/bin/blotter schedule --site "/srv/news desk" --output /var/www/news --base-url https://news.example/100%%/ --systemd --unit-folder /home/editor/.config/systemd/user --write
            ExecStopPost=-systemctl --user daemon-reload
            ExecStopPost=-systemctl --user restart --no-block blotter-news-desk.timer

            """)
        #expect(try units.timer(Self.schedule()) == """
            # Made by `blotter schedule --systemd` at 2026-12-04T21:00:00Z; blotter-news-desk.service
            # sets it again after every run.
            [Unit]
            Description=Rebuild the Blotter site in /srv/news desk when its output changes by itself

            [Timer]
            # Next: publishes "Embargoed" (Content/incidents/e.md)
            OnCalendar=2026-12-05 07:00:30 UTC
            # Every hour too, for times that files published without blotter-news-desk.service bring.
            OnCalendar=hourly
            AccuracySec=1s
            Persistent=true

            [Install]
            WantedBy=timers.target

            """)
        let system = SystemdUnits(job: Self.job, folder: "/etc/systemd/system")
        #expect(system.isSystem && system.service.contains("ExecStopPost=-systemctl daemon-reload\n"))
        #expect(try !units.timer(Self.schedule(embargoed: false)).contains("OnCalendar=2"))
    }

    @Test func cronLines() throws {
        let lines = CronLines(job: RebuildJob(blotter: "/usr/local/bin/blotter", site: "/srv/news desk",
                                              options: ["--drafts"]),
                              zone: TimeZone(identifier: "Europe/Paris")!)
        let command = "/usr/local/bin/blotter build --site '/srv/news desk' --drafts --quiet; "
            + "( crontab -l 2>/dev/null | grep -vF -- 'blotter-schedule[/srv/news desk]'; "
            + "/usr/local/bin/blotter schedule --site '/srv/news desk' --drafts --cron ) | crontab - "
            + "# blotter-schedule[/srv/news desk]"
        // 07:00:30 UTC is 08:00:30 in Paris: cron runs it at the next whole minute.
        #expect(try lines.lines(Self.schedule()) == """
            # blotter-schedule[/srv/news desk]: rebuilds the site when its output changes by itself (times in Europe/Paris)
            # Next: publishes "Embargoed" (Content/incidents/e.md)
            1 8 5 12 * \(command)
            @hourly \(command)

            """)
        // Five time fields, then the command; every line carries the marker that replaces them.
        for line in try lines.lines(Self.schedule()).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ", maxSplits: 5)
            #expect(fields.count == 6 || line.hasPrefix("@hourly "))
            if fields.count == 6, !line.hasPrefix("@") {
                let ranges = [0...59, 0...23, 1...31, 1...12]
                for (field, range) in zip(fields, ranges) { #expect(Int(field).map(range.contains) == true, "\(line)") }
                #expect(fields[4] == "*")
            }
            #expect(line.hasSuffix("# blotter-schedule[/srv/news desk]"))
        }
        #expect(try !lines.lines(Self.schedule(embargoed: false)).contains("* /usr"))
        #expect(CronLines.problem(Self.job)?.contains("holds a %") == true)
        #expect(CronLines.problem(lines.job) == nil)
    }
}
