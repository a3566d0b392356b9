import ArgumentParser
import BlotterCore
import BlotterPrint
import Foundation

/// `blotter brief`.
struct BriefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract: "Make one printable briefing (HTML, or PDF with --pdf) of selected incidents.",
        discussion: """
            With no filter: the incidents that happened or changed in the last 7 days. Dates are in the \
            site's timezone; --until DATE includes that whole day. Options of one kind are alternatives \
            (--tag a --tag b), different kinds must all match. Nothing matches: exit 1, no file written.
            """)

    @Option(name: .long, help: ArgumentHelp("Incidents that happened or changed from this date or time.", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("... up to this date (the whole day) or time.", valueName: "date"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp("Incidents in this area (repeatable).", valueName: "name"))
    var area: [String] = []

    @Option(name: .long, help: ArgumentHelp("Incidents involving this agency (repeatable).", valueName: "name"))
    var agency: [String] = []

    @Option(name: .long, help: ArgumentHelp("Incidents with this tag (repeatable).", valueName: "name"))
    var tag: [String] = []

    @Option(name: .long, help: ArgumentHelp("Incidents with this status (repeatable): developing, under-investigation, charges-brought, closed.", valueName: "status"))
    var status: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("These incidents, by slug.", valueName: "slug"))
    var incident: [String] = []

    @Option(name: .long, help: ArgumentHelp("A whole story thread, named by the slug of any of its incidents, in story order (repeatable).",
                                            valueName: "slug"))
    var thread: [String] = []

    @Option(name: .long, help: "The title on the cover and in the page margins.")
    var title: String?

    @Option(name: .long, help: "Paper size: a4 or letter.")
    var paper: String = "a4"

    @Option(name: .long, help: ArgumentHelp("The file to write (default: briefing.html, or briefing.pdf with --pdf).",
                                            valueName: "file"))
    var output: String?

    @Flag(name: .long, help: ArgumentHelp("Print to PDF with headless Chromium.",
                                          discussion: """
                                              Chromium loads only the briefing and the site's own files, scripts off. A long briefing \
                                              is printed in parts at once, one per core, and joined; BLOTTER_PRINT_PARTS sets the \
                                              number (1 prints it whole; at most twice the cores, 4 to 16). BLOTTER_DEVTOOLS_TIMEOUT: \
                                              the seconds Chromium may take to answer one command (default 180). See docs/briefings.md.
                                              """))
    var pdf = false

    @Option(name: .long, help: ArgumentHelp("Chromium to print with (default: chromium on PATH).", valueName: "path"))
    var chromium: String?

    @Option(name: .long, help: ArgumentHelp("Treat this ISO 8601 time as now (the 'as of' time and the 7-day window).",
                                            valueName: "time"))
    var clock: String?

    @OptionGroup var site: SiteOptions

    func run() throws {
        var date: Date?
        if let clock {
            guard let parsed = ClockParser.parse(clock) else {
                throw ValidationError("--clock: expected an ISO 8601 date-time like 2024-01-31T09:00:00Z, found \"\(clock)\"")
            }
            date = parsed
        }
        guard let paperSize = Briefing.Paper(rawValue: paper.lowercased()) else {
            throw ValidationError("--paper: expected a4 or letter, found \"\(paper)\"")
        }
        let printer = pdf ? try ChromiumPrinter.locate(chromium) : nil
        let filter = BriefingFilter(since: since, until: until, areas: area, agencies: agency, tags: tag,
                                    statuses: status, incidents: incident, threads: thread)
        let options = BuildOptions(siteDirectory: site.siteURL, clock: date)
        let outcome = try Pipeline.brief(options, Briefing(title: title, paper: paperSize, filter: filter))
        Terminal.printDiagnostics(outcome.diagnostics, limit: Terminal.warningsPerKind)
        if outcome.diagnostics.containsErrors {
            Terminal.error("briefing not made: \(Terminal.errorSummary(outcome.diagnostics))")
            throw ExitCode.failure
        }
        guard let html = outcome.html else {
            Terminal.error("no incident matches this selection; no file written")
            throw ExitCode.failure
        }
        let target = URL(fileURLWithPath: output ?? (pdf ? "briefing.pdf" : "briefing.html"))
        Interruption.stopCleanly(saying: "\(target.path) was not written")
        if let printer {
            var settings = printSettings(printer, access: PrintAccess.site(options))
            let showProgress = Terminal.isInteractive && !site.quiet
            if showProgress { settings.progress = { Terminal.progress(Self.describe($0)) } }
            let warnings = try ChromiumPrinter.print(html: html, anchors: outcome.anchors, to: target, settings: settings)
            if showProgress { Terminal.clearProgress() }
            warnings.forEach(Terminal.warning)
        } else {
            try TextFile.write(html, to: target)
        }
        if !site.quiet { print("Wrote \(target.path): \(Terminal.plural(outcome.count, "incident"))") }
    }

    /// The progress line while Chromium prints.
    static func describe(_ progress: PrintProgress) -> String {
        switch progress {
        case .whole: return "Printing the PDF with Chromium"
        case .parts(let printed, let parts): return "Printing the PDF with Chromium: \(printed)/\(parts) parts"
        case .margins(let pages): return "Printing the PDF with Chromium: page numbers on \(Terminal.plural(pages, "page"))"
        }
    }

    /// The print settings, with `BLOTTER_PRINT_PARTS` and `BLOTTER_DEVTOOLS_TIMEOUT` from the
    /// environment; a value that is not usable is ignored, with a warning.
    func printSettings(_ chromium: String, access: PrintAccess) -> PrintSettings {
        var settings = PrintSettings(chromium: chromium, access: access)
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["BLOTTER_PRINT_PARTS"] {
            if let parts = Int(text), parts >= 1 {
                if parts > PrintSettings.maxParts {
                    Terminal.warning("BLOTTER_PRINT_PARTS=\(parts): printing in \(PrintSettings.maxParts) parts at most "
                                     + "(twice the cores, at least 4, at most 16)")
                }
                settings.parts = parts
            } else {
                Terminal.warning("BLOTTER_PRINT_PARTS: expected a whole number from 1, found \"\(text)\"; ignored")
            }
        }
        if let text = environment["BLOTTER_DEVTOOLS_TIMEOUT"] {
            if let seconds = Double(text), seconds > 0, seconds.isFinite {
                settings.commandSeconds = seconds
            } else {
                Terminal.warning("BLOTTER_DEVTOOLS_TIMEOUT: expected a number of seconds above 0, found \"\(text)\"; "
                                 + "using \(Int(PrintSettings.defaultCommandSeconds))")
            }
        }
        return settings
    }
}
