import ArgumentParser
import BlotterCore
import Foundation

/// `blotter schedule`.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Say when the site's output next changes by itself, or print a timer that rebuilds it then.",
        discussion: """
            The output changes with no file edited when an incident's `published` time comes, when a \
            briefing's `days:` window passes an incident or a new day, and when an incident leaves the \
            news sitemap 48 hours after it was published. --systemd prints a service and a timer, \
            --cron crontab lines, that build the site at that time (and hourly) and then set the next \
            time themselves. See docs/scheduling.md.
            """)

    @OptionGroup var site: SiteOptions
    @OptionGroup var publish: PublishOptions

    @Option(name: .long, help: "Output format: text or json ({next_build_at, reason, changes}).")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Print a systemd service and timer that rebuild the site at the next change, and hourly.")
    var systemd = false

    @Flag(name: .long, help: "Print crontab lines that rebuild the site at the next change, and hourly.")
    var cron = false

    @Option(name: .customLong("unit-folder"), help: ArgumentHelp(
        "With --systemd: where the units live (default ~/.config/systemd/user; /etc/systemd/system for the system's).",
        valueName: "dir"))
    var unitFolder: String?

    @Flag(name: .long, help: "With --systemd: write the units into the unit folder instead of printing them.")
    var write = false

    func validate() throws {
        if systemd, cron { throw ValidationError("--systemd and --cron: choose one") }
        if format == .json, systemd || cron { throw ValidationError("--format json: not with --systemd or --cron") }
        if !systemd, write || unitFolder != nil {
            throw ValidationError("\(write ? "--write" : "--unit-folder"): only with --systemd")
        }
    }

    func run() throws {
        let options = try publish.buildOptions(site: site)
        let prepared = try Pipeline.prepare(options)
        let errors = prepared.diagnostics.filter(\.isError)
        Terminal.printDiagnostics(errors)
        let schedule = Schedule(site: prepared.site)
        if systemd {
            try systemdUnits(schedule, job: job(options))
        } else if cron {
            let job = try job(options)
            if let problem = CronLines.problem(job) { throw ValidationError("--cron: \(problem)") }
            print(CronLines(job: job, zone: .current).lines(schedule), terminator: "")
        } else if format == .json {
            print(schedule.json())
        } else {
            describe(schedule)
        }
        if !errors.isEmpty {
            Terminal.error("the site has \(Terminal.plural(errors.count, "error")): a build fails until they are fixed")
            throw ExitCode.failure
        }
    }
}

private extension ScheduleCommand {
    /// At most this many changes after the next are listed as text.
    static let listed = 10

    func describe(_ schedule: Schedule) {
        guard let next = schedule.next, let reason = schedule.reason else {
            print("Nothing is scheduled: the output changes only when its files do.")
            return
        }
        print(Terminal.visible("Next build at \(Schedule.iso(next)) (\(schedule.local(next))): \(reason)"))
        let later = schedule.changes.drop { $0.at == next }
        guard !later.isEmpty else { return }
        print("Then:")
        for change in later.prefix(Self.listed) {
            print(Terminal.visible("  \(Schedule.iso(change.at)): \(change.reason)"))
        }
        if later.count > Self.listed {
            print("\u{2026} and \(Terminal.count(later.count - Self.listed)) more: "
                  + "`blotter schedule --format json` lists them all")
        }
    }

    /// What a timer runs: this binary, this site, the options given (but `--clock`).
    func job(_ options: BuildOptions) throws -> RebuildJob {
        var words: [String] = []
        if publish.output != nil { words += ["--output", options.outputDirectory.standardizedFileURL.path] }
        if publish.drafts { words.append("--drafts") }
        if publish.future { words.append("--future") }
        if let baseURL = publish.baseURL { words += ["--base-url", baseURL] }
        let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        let job = RebuildJob(blotter: binary, site: options.siteDirectory.standardizedFileURL.path, options: words)
        for word in [job.blotter, job.site] + words {
            if let problem = RebuildJob.problem(word) { throw ValidationError(problem) }
        }
        return job
    }

    func systemdUnits(_ schedule: Schedule, job: RebuildJob) throws {
        let folder = URL(fileURLWithPath: unitFolder ?? Self.userUnitFolder(), isDirectory: true).standardizedFileURL
        if let problem = RebuildJob.problem(folder.path) { throw ValidationError("--unit-folder: \(problem)") }
        let units = SystemdUnits(job: job, folder: folder.path)
        let files = [(units.serviceName, units.service), (units.timerName, units.timer(schedule))]
        guard write else {
            print(files.map { "# File: \(folder.appendingPathComponent($0).path)\n\($1)" }.joined(separator: "\n"),
                  terminator: "")
            return
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw BlotterError(path: folder.path, reason: .cannotWrite(error.localizedDescription))
        }
        for (name, text) in files { try TextFile.write(text, to: folder.appendingPathComponent(name)) }
        if !site.quiet {
            let systemctl = units.isSystem ? "systemctl" : "systemctl --user"
            print("Wrote \(units.serviceName) and \(units.timerName) in \(folder.path) "
                  + "(next: \(schedule.next.map(Schedule.iso) ?? "hourly only")); to start the timer: "
                  + "\(systemctl) daemon-reload && \(systemctl) enable --now \(units.timerName)")
        }
    }

    /// `$XDG_CONFIG_HOME/systemd/user`, else `~/.config/systemd/user`.
    static func userUnitFolder() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/systemd/user" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/systemd/user"
    }
}
