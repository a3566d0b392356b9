import ArgumentParser
import BlotterCore
import Foundation

/// `blotter check`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every file and template without writing anything; exit 1 on any error.")

    @OptionGroup var site: SiteOptions
    @OptionGroup var publish: PublishOptions

    @Option(name: .long, help: "Output format: text (PATH:LINE:COL: error: FIELD: message) or json.")
    var format: OutputFormat = .text

    func run() throws {
        let result = try Pipeline.check(publish.buildOptions(site: site))
        switch format {
        case .json:
            print(result.diagnostics.jsonArray())
        case .text:
            Terminal.printDiagnostics(result.diagnostics)
            if !site.quiet {
                let summary = result.failed ? Terminal.errorSummary(result.diagnostics)
                    : "No errors (\(Terminal.plural(result.diagnostics.count(where: \.isWarning), "warning"))"
                        + (Terminal.overrides(result.diagnostics).map { ", " + $0 } ?? "") + ")"
                print("\(summary): checked \(Terminal.plural(result.incidentFiles, "incident file")), "
                      + "\(Terminal.plural(result.pages, "page")) would be built")
            }
        }
        if result.failed { throw ExitCode.failure }
    }
}
