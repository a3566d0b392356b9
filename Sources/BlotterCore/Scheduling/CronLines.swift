public import Foundation

/// Crontab lines that rebuild a site when its output changes by itself: one at the schedule's
/// next time (to the minute, rounded up, in the cron daemon's timezone) and one hourly. Each
/// runs `blotter build`, then replaces the lines marked for this site in the user's crontab
/// with those `blotter schedule --cron` prints then: each run sets the next. The hourly line
/// catches a time that files published since without it bring, and a machine that was off.
public struct CronLines: Sendable {
    /// What the lines run.
    public var job: RebuildJob
    /// The timezone cron reads the times in (the system's).
    public var zone: TimeZone

    /// Lines for `job`, with times in `zone`.
    public init(job: RebuildJob, zone: TimeZone) {
        self.job = job
        self.zone = zone
    }

    /// Marks this site's lines, to be replaced: `blotter-schedule[/srv/site]`, in a comment
    /// line and at the end of each command (a comment for the shell that runs it).
    public var marker: String { "blotter-schedule[" + job.site + "]" }

    /// The lines for `schedule`, each ending in a line break.
    public func lines(_ schedule: Schedule) -> String {
        let command = self.command
        var out = "# \(RebuildJob.oneLine(marker)): rebuilds the site when its output changes by itself "
            + "(times in \(zone.identifier))\n"
        if let next = schedule.next, let reason = schedule.reason {
            out += "# Next: \(RebuildJob.oneLine(reason))\n"
            out += Self.fields(next, in: zone) + " " + command + "\n"
        } else {
            out += "# Nothing is scheduled: the output changes only when its files do.\n"
        }
        return out + "@hourly " + command + "\n"
    }

    /// Why `job` cannot go into a crontab line, if it cannot: cron reads `%` as a line break,
    /// and the lines are found again by their marker, which must be written as it is read.
    public static func problem(_ job: RebuildJob) -> String? {
        let words = [job.blotter, job.site] + job.options
        if let word = words.first(where: { RebuildJob.problem($0) != nil }) { return RebuildJob.problem(word) }
        guard let word = words.first(where: { $0.contains("%") }) else { return nil }
        return "\"\(word)\" holds a %, which cron reads as a line break; use a path without one"
    }

    /// `minute hour day month *` of the first whole minute at or after `date` in `zone`.
    static func fields(_ date: Date, in zone: TimeZone) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.up)
        let minute = (seconds / 60).rounded(.up) * 60
        let c = CivilTime(Date(timeIntervalSince1970: minute), in: zone)
        return "\(c.minute) \(c.hour) \(c.day) \(c.month) *"
    }
}

private extension CronLines {
    /// Build, then put this site's lines in the crontab again; `%` escaped (cron makes it a
    /// line break), words in single quotes for `sh`.
    var command: String {
        let mark = Self.shell([marker])
        let text = Self.shell(job.build) + "; ( crontab -l 2>/dev/null | grep -vF -- \(mark); "
            + Self.shell(job.schedule(["--cron"])) + " ) | crontab - # " + marker
        return text.replacingOccurrences(of: "%", with: "\\%")
    }

    /// Words quoted for `sh` where they need it.
    static func shell(_ words: [String]) -> String {
        words.map { word in
            let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) && $0.isASCII || "/._-:=+,@".unicodeScalars.contains($0)
            }
            return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
