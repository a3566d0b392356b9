public import Foundation

/// A systemd service and timer that rebuild a site when its output changes by itself.
///
/// The timer fires at the schedule's next time (to the second, and at boot if that time
/// passed while the machine was off) and every hour. The service runs `blotter build`, then
/// `blotter schedule --systemd --write`, which writes both units again with the new next
/// time, and restarts the timer: each run sets the next. The hourly run catches a time that
/// files published since without the service bring (a `git pull` and a build by hand).
public struct SystemdUnits: Sendable {
    /// What the service runs.
    public var job: RebuildJob
    /// The folder the units live in: `~/.config/systemd/user` for the user's manager, or a
    /// system folder (`/etc/systemd/system`) for the system's.
    public var folder: String

    /// Units for `job`, kept in `folder`.
    public init(job: RebuildJob, folder: String) {
        self.job = job
        self.folder = folder
    }

    /// Whether `folder` belongs to the system's manager (else the user's: `systemctl --user`).
    public var isSystem: Bool {
        ["/etc/systemd/system/", "/run/systemd/system/", "/usr/lib/systemd/system/", "/lib/systemd/system/"]
            .contains { (folder.hasSuffix("/") ? folder : folder + "/").hasPrefix($0) }
    }

    /// `blotter-<name>.service`.
    public var serviceName: String { job.name + ".service" }
    /// `blotter-<name>.timer`.
    public var timerName: String { job.name + ".timer" }

    /// The service: build, then set the timer again.
    public var service: String {
        let systemctl = isSystem ? "systemctl" : "systemctl --user"
        let again = job.schedule(["--systemd", "--unit-folder", folder, "--write"])
        return """
            # Made by `blotter schedule --systemd`. Rebuilds the site, then sets \(timerName)
            # to the next time its output changes by itself (see docs/scheduling.md).
            [Unit]
            Description=Rebuild the Blotter site in \(Self.plain(job.site))

            [Service]
            Type=oneshot
            ExecStart=\(Self.quoted(job.build))
            ExecStopPost=-\(Self.quoted(again))
            ExecStopPost=-\(systemctl) daemon-reload
            ExecStopPost=-\(systemctl) restart --no-block \(timerName)

            """
    }

    /// The timer: at `schedule`'s next time, and hourly.
    public func timer(_ schedule: Schedule) -> String {
        var timer = """
            # Made by `blotter schedule --systemd` at \(Schedule.iso(schedule.now)); \(serviceName)
            # sets it again after every run.
            [Unit]
            Description=Rebuild the Blotter site in \(Self.plain(job.site)) when its output changes by itself

            [Timer]

            """
        if let next = schedule.next, let reason = schedule.reason {
            timer += "# Next: \(RebuildJob.oneLine(reason))\nOnCalendar=\(Self.calendar(next))\n"
        } else {
            timer += "# Nothing is scheduled: the output changes only when its files do.\n"
        }
        timer += """
            # Every hour too, for times that files published without \(serviceName) bring.
            OnCalendar=hourly
            AccuracySec=1s
            Persistent=true

            [Install]
            WantedBy=timers.target

            """
        return timer
    }

    /// `2026-12-05 07:00:00 UTC`, a systemd calendar time.
    public static func calendar(_ date: Date) -> String {
        Schedule.iso(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }
}

private extension SystemdUnits {
    /// Text for a setting that expands specifiers (`Description=`): on one line, `%` doubled.
    static func plain(_ text: String) -> String {
        RebuildJob.oneLine(text).replacingOccurrences(of: "%", with: "%%")
    }

    /// A command line as systemd reads it: words with spaces, quotes or backslashes in double
    /// quotes, `%` (a specifier) doubled and `$` (a variable) doubled.
    static func quoted(_ words: [String]) -> String {
        words.map { word in
            let escaped = word.replacingOccurrences(of: "%", with: "%%").replacingOccurrences(of: "$", with: "$$")
            guard word.isEmpty || word.contains(where: { " \t\"'\\;".contains($0) }) else { return escaped }
            return "\"" + escaped.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: " ")
    }
}
