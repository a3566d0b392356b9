import ArgumentParser
import BlotterCore
// Linked for its malloc, which replaces the C library's (see Package.swift).
internal import CJemalloc
import Foundation

/// `blotter`: builds incident-report sites.
@main
struct Blotter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blotter",
        abstract: "Builds a static news site of incident reports from Markdown files.",
        discussion: """
            Run it in a site folder holding site.yml and Content/ (`blotter init DIR` makes one). The default \
            theme is built in; a site's Templates/ replaces it file by file (`blotter theme list`).
            Exit codes: 0 ok, 1 content errors, 2 usage or I/O errors.
            """,
        version: "0.1.0",
        subcommands: [InitCommand.self, BuildCommand.self, CheckCommand.self, ServeCommand.self, NewCommand.self, BriefCommand.self, ThemeCommand.self,
                      DeployCommand.self, ScheduleCommand.self]
    )

    /// Parses arguments and runs the command, mapping usage errors to exit code 2.
    static func main() {
        if ProcessInfo.processInfo.environment["BLOTTER_TIMING"] != nil { StageClock.enable() }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch let error as BlotterError {
            Terminal.error(error.description)
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // ArgumentParser's message: "Error: ..." and a usage line or two.
            var lines = fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.first?.hasPrefix("Error: ") == true { lines[0].removeFirst("Error: ".count) }
            Terminal.error(lines.first ?? "")
            for line in lines.dropFirst() where !line.isEmpty {
                FileHandle.standardError.write(Data((Terminal.visible(line) + "\n").utf8))
            }
            Foundation.exit(2)
        }
    }
}
