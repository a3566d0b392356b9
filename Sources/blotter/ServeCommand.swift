import ArgumentParser
import BlotterCore
import BlotterServer
import Foundation
import Synchronization

/// `blotter serve`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site: build it, serve it on 127.0.0.1 and rebuild it as files are saved.",
        discussion: """
            Watches site.yml, Content/ and Templates/. Each save rebuilds only what changed, and open \
            pages reload by themselves (a stylesheet change is swapped in without a reload). When a \
            rebuild fails, the last good site stays up and every page shows the errors.
            The preview is written to a private folder, never to Public/, so drafts you preview are \
            not published by accident; --output chooses another folder. Links are root-relative \
            (base_url is not used). Stop with Ctrl-C.
            """)

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("Address to listen on. Anything but loopback lets other machines see the preview.",
                                            valueName: "address"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("Port to listen on; 0 picks a free one.", valueName: "port"))
    var port = 8000

    @Flag(name: .long, help: "Include incidents and pages with `draft: true`.")
    var drafts = false

    @Flag(name: .long, help: "Include incidents whose `published` time is in the future.")
    var future = false

    @Flag(name: .customLong("no-reload"), help: "Do not make open pages reload after a rebuild.")
    var noReload = false

    @Option(name: .long, help: ArgumentHelp(
        "Where to write the preview (default: a private folder under the system's temporary folder).",
        valueName: "dir"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Treat this ISO 8601 time as now (e.g. 2024-01-31T09:00:00Z).",
                                            valueName: "time"))
    var clock: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port: expected 0 to 65535, found \(port)") }
    }

    func run() throws {
        let options = try PublishOptions.buildOptions(
            site: site, output: output ?? Self.privateFolder(for: site.siteURL).path, drafts: drafts, future: future,
            clock: clock, baseURL: nil)
        if !Self.isLoopback(host) {
            Terminal.warning("serving on \(host): other machines on the network can open this preview, drafts included")
        }
        let server = PreviewServer(options: options, settings: .init(host: host, port: port, reload: !noReload))
        let quiet = site.quiet
        let output = options.outputDirectory.path
        let shown = ShownDiagnostics()
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run { event in Self.show(event, quiet: quiet, output: output, shown: shown) }
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) {
            if let error = error as? BlotterError { throw error }
            Terminal.error(error is ListenError ? "\(error)" : "cannot serve on \(host):\(port): \(error)")
            throw ExitCode(2)
        }
        if !quiet { Terminal.say("Stopped.") }
    }

    /// Prints an event. Warnings already printed are not repeated; errors always are.
    static func show(_ event: PreviewServer.Event, quiet: Bool, output: String, shown: ShownDiagnostics) {
        switch event {
        case .listening(let url):
            Terminal.say("Serving at \(url.absoluteString) (preview files in \(output)); press Ctrl-C to stop.")
        case .rebuilt(let outcome):
            Terminal.printDiagnostics(shown.fresh(outcome.diagnostics))
            if !outcome.failed { shown.hasBuilt = true }
            if outcome.failed {
                Terminal.error(shown.hasBuilt
                    ? "rebuild failed: \(Terminal.errorSummary(outcome.diagnostics)); "
                        + "still serving the last good build, with the errors shown on every page"
                    : "build failed: \(Terminal.errorSummary(outcome.diagnostics)); "
                        + "pages show the errors until you fix them and save (the preview rebuilds by itself)")
            } else if !quiet, outcome.whole {
                Terminal.say("Built \(Terminal.plural(outcome.pages, "page")) from \(Terminal.plural(outcome.incidents, "incident")) "
                    + "in \(String(format: "%.2f", outcome.seconds)) s")
            } else if !quiet {
                let time = outcome.seconds < 1 ? "\(Int(outcome.seconds * 1000)) ms" : String(format: "%.2f s", outcome.seconds)
                Terminal.say("Rebuilt in \(time): \(Terminal.plural(outcome.written, "file")) written, \(Terminal.count(outcome.removed)) removed "
                    + "(\(Terminal.plural(outcome.pages, "page")), \(Terminal.plural(outcome.incidents, "incident")))")
            }
        case .failed(let error):
            Terminal.error("rebuild failed: \(error.description)")
        }
    }

    /// `<tmp>/blotter-preview-<hash of the site folder>`: private to the preview, reused between runs.
    static func privateFolder(for site: URL) -> URL {
        var hash: UInt32 = 2_166_136_261
        for byte in site.standardizedFileURL.path.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return FileManager.default.temporaryDirectory
            .appendingPathComponent("blotter-preview-\(getuid())-\(String(hash, radix: 16))", isDirectory: true)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// The warnings the terminal has shown, so that a rebuild prints only new ones, and
/// whether a build has succeeded yet.
final class ShownDiagnostics: Sendable {
    private let lines = Mutex<Set<String>>([])
    private let built = Atomic<Bool>(false)

    var hasBuilt: Bool {
        get { built.load(ordering: .relaxed) }
        set { built.store(newValue, ordering: .relaxed) }
    }

    /// The errors, and the warnings not shown by the last rebuild.
    func fresh(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let now = Set(diagnostics.map(\.description))
        return lines.withLock { shown in
            defer { shown = now }
            return diagnostics.filter { $0.isError || !shown.contains($0.description) }
        }
    }
}
