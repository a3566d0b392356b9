import ArgumentParser
import BlotterCore
import BlotterPrint
import Foundation

/// Options every command that reads a site takes.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder (holding site.yml and Content/; Templates/ and Static/ are optional).",
                                            valueName: "dir"))
    var site: String = "."

    @Flag(name: .shortAndLong, help: "Print only errors and warnings.")
    var quiet = false

    var siteURL: URL { URL(fileURLWithPath: site, isDirectory: true) }
}

/// Options that decide what is published.
struct PublishOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Where to write the site (default: <site>/Public).", valueName: "dir"))
    var output: String?

    @Flag(name: .long, help: "Include incidents and pages with `draft: true`.")
    var drafts = false

    @Flag(name: .long, help: "Include incidents whose `published` time is in the future.")
    var future = false

    @Option(name: .long, help: ArgumentHelp(
        "Treat this ISO 8601 time as now (e.g. 2024-01-31T09:00:00Z); templates may then show it as site.build_time.",
        valueName: "time"))
    var clock: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Replace base_url from site.yml (for staging).",
                                                               valueName: "url"))
    var baseURL: String?

    func buildOptions(site: SiteOptions) throws -> BuildOptions {
        try Self.buildOptions(site: site, output: output, drafts: drafts, future: future, clock: clock, baseURL: baseURL)
    }

    /// Build options from command-line values (`--clock` checked).
    static func buildOptions(site: SiteOptions, output: String?, drafts: Bool, future: Bool, clock: String?,
                             baseURL: String?) throws -> BuildOptions {
        var date: Date?
        if let clock {
            guard let parsed = ClockParser.parse(clock) else {
                throw ValidationError("--clock: expected an ISO 8601 date-time like 2024-01-31T09:00:00Z, found \"\(clock)\"")
            }
            date = parsed
        }
        let outputURL = output.map { URL(fileURLWithPath: $0, isDirectory: true) }
        var options = BuildOptions(siteDirectory: site.siteURL, outputDirectory: outputURL, drafts: drafts, future: future,
                                   clock: date, baseURL: baseURL)
        options.searchIndexer = PagefindIndexer()
        return options
    }
}

/// `--format` of `check` and `schedule`: for people, or for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
