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
            Watches site.yml, Content/, Templates/ and Static/. Each save rebuilds only what changed, and open \
            pages reload by themselves (a stylesheet change is swapped in without a reload). When a \
            rebuild fails, the last good site stays up and every page shows the errors.
            The preview is written to a new folder only you can open, removed when serve stops, \
            never to Public/, so drafts you preview are not published by accident; --output chooses \
            another folder, which is kept. Links are root-relative (base_url is not used). The \
            preview answers only for localhost, the address it listens on and --host. Stop with Ctrl-C.
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
        "Where to write the preview, kept afterwards (default: a new private folder under the system's temporary folder, removed when serve stops).",
        valueName: "dir"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Treat this ISO 8601 time as now (e.g. 2024-01-31T09:00:00Z).",
                                            valueName: "time"))
    var clock: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port: expected 0 to 65535, found \(port)") }
    }

    func run() throws {
        // Without --output: a folder of its own, new each time and removed when serve ends. The
        // preview is `site` inside it, so that the staging and previous folders a build keeps
        // beside its output are inside it too, where no other user can look.
        let folder = try output == nil ? PrivateFolder.make(prefix: "blotter-preview-") : nil
        defer { if let folder { Self.remove(folder) } }
        let preview = output ?? folder?.appendingPathComponent("site").path ?? ""
        let options = try PublishOptions.buildOptions(
            site: site, output: preview, drafts: drafts, future: future, clock: clock, baseURL: nil)
        if !Self.isLoopback(host) {
            Terminal.warning("serving on \(host): other machines on the network can open this preview, drafts included")
        }
        let server = PreviewServer(options: options, settings: .init(host: host, port: port, reload: !noReload))
        let quiet = site.quiet
        let showProgress = Terminal.isInteractive && !quiet
        let output = options.outputDirectory.path
        let shown = ShownDiagnostics()
        let failure = Mutex<(any Error)?>(nil)
        let stage = ServeStage()
        let early = Self.stopBeforeListening(stage, removing: folder)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run { event in
                    if case .listening = event { stage.listen() }
                    if case .progress(let done, let total) = event {
                        if showProgress { Terminal.progress("Rendering \(Terminal.count(done))/\(Terminal.count(total)) pages") }
                        return
                    }
                    if showProgress, case .rebuilt = event, !shown.hasReported { Terminal.clearProgress() }
                    Self.show(event, quiet: quiet, output: output, shown: shown)
                }
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        withExtendedLifetime(early) { done.wait() }
        // A signal during the first build makes it fail; the signal's handler then removes the
        // folder and exits, and must not be overtaken.
        while stage.isStopping { pause() }
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
            shown.hasReported = true
            Terminal.printDiagnostics(shown.fresh(outcome.diagnostics), limit: Terminal.warningsPerKind)
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
        case .progress:
            break
        }
    }

    /// Until the server listens (the first build of a big site takes seconds), SIGINT,
    /// SIGTERM or SIGHUP stop `serve` here: the preview folder is removed and it exits as
    /// a stopped build does (128 + the signal's number). Once it listens, the server
    /// stops itself on them and `run` removes the folder. Returns the signal sources to keep.
    static func stopBeforeListening(_ stage: ServeStage, removing folder: URL?) -> [any DispatchSourceSignal] {
        [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                guard stage.stop() else { return }
                if let folder {
                    // Renamed aside first: the first build, still writing, then cannot fill it again.
                    let aside = folder.appendingPathExtension("stopped")
                    remove(rename(folder.path, aside.path) == 0 ? aside : folder)
                }
                FileHandle.standardError.write(Data("blotter: stopped by \(name) before the preview started\n".utf8))
                _exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    /// Removes the preview folder `serve` made (never a folder given with --output).
    static func remove(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder)
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
    private let reported = Atomic<Bool>(false)

    var hasBuilt: Bool {
        get { built.load(ordering: .relaxed) }
        set { built.store(newValue, ordering: .relaxed) }
    }

    /// Whether the first build has been reported (its progress line is then gone).
    var hasReported: Bool {
        get { reported.load(ordering: .relaxed) }
        set { reported.store(newValue, ordering: .relaxed) }
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

/// Where `serve` is: building the first time, listening (the server then stops itself on
/// a signal), or being stopped by a signal before it listened.
final class ServeStage: Sendable {
    private static let building = 0, listening = 1, stopping = 2
    private let stage = Atomic<Int>(ServeStage.building)

    /// The server listens, unless a signal came first.
    func listen() {
        _ = stage.compareExchange(expected: Self.building, desired: Self.listening, ordering: .acquiringAndReleasing)
    }

    /// A signal came: true when `serve` is to be stopped here (it does not listen yet).
    func stop() -> Bool {
        stage.compareExchange(expected: Self.building, desired: Self.stopping, ordering: .acquiringAndReleasing).exchanged
    }

    var isStopping: Bool { stage.load(ordering: .acquiring) == Self.stopping }
}
