import ArgumentParser
import BlotterCore
import Foundation

/// `blotter build`.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site into Public/ (replaced whole, only when there are no errors).",
        discussion: "Every problem in every file is listed as PATH:LINE:COL: error: FIELD: message.")

    @OptionGroup var site: SiteOptions
    @OptionGroup var publish: PublishOptions

    func run() throws {
        var options = try publish.buildOptions(site: site)
        options.freesModel = false // the process ends right after
        Interruption.stopCleanly(saying: "\(options.outputDirectory.path) was not changed")
        let start = Date()
        let showProgress = Terminal.isInteractive && !site.quiet
        let result = try Pipeline.build(options) { done, total in
            if showProgress { Terminal.progress("Rendering \(Terminal.count(done))/\(Terminal.count(total)) pages") }
        }
        if showProgress { Terminal.clearProgress() }
        Terminal.printDiagnostics(result.diagnostics, limit: Terminal.warningsPerKind)
        if result.failed {
            Terminal.error("build failed: \(Terminal.errorSummary(result.diagnostics)); \(options.outputDirectory.path) was not changed")
            throw ExitCode.failure
        }
        if !site.quiet {
            let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
            print("Built \(Terminal.plural(result.pages, "page")) from \(Terminal.plural(result.incidents, "incident")) in \(seconds) s")
            if let next = result.schedule.buildSummary { print(Terminal.visible(next)) }
        }
    }
}
