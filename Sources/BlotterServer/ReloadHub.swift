public import BlotterCore
internal import Foundation
internal import Synchronization

/// Tells open pages that the site changed, over Server-Sent Events, and
/// holds the diagnostics of a failed rebuild for the overlay.
public final class ReloadHub: Sendable {
    /// The reserved paths (no site file can be served from them).
    static let prefix = "/__blotter/"
    static let eventsPath = "/__blotter/events"
    static let scriptPath = "/__blotter/reload.js"

    private struct State {
        var generation = 0
        /// The error overlay of the last rebuild, made once per rebuild; nil when it succeeded.
        var overlay: String?
        var clients: [Int: AsyncStream<String>.Continuation] = [:]
        var nextClient = 0
        var closed = false
    }

    /// An open page's event stream.
    struct Subscription: Sendable {
        let messages: AsyncStream<String>
        /// Ends the stream (its connection closed), which frees its place.
        let end: @Sendable () -> Void
    }

    /// Differs between runs of the server, so that pages reload after a restart.
    private let instance: String
    private let state = Mutex(State())
    /// Event streams open at once; `subscribe()` refuses more.
    let maxStreams: Int

    /// A hub for at most `maxStreams` open pages.
    public init(maxStreams: Int = 32) {
        instance = String(UInt64(Date().timeIntervalSince1970 * 1000) ^ UInt64(getpid()), radix: 36)
        self.maxStreams = maxStreams
    }

    /// Names the current build: pages carry it and reload when it changes.
    var buildID: String { state.withLock { "\(instance)-\($0.generation)" } }


    /// Open event streams.
    public var clientCount: Int { state.withLock { $0.clients.count } }

    /// Records a rebuild and tells every page: a failure or a change reloads pages (the
    /// overlay shows or goes), a change of stylesheets only swaps them.
    public func publish(_ outcome: BuildResult) {
        let message: String? = state.withLock { state in
            let wasFailing = state.overlay != nil
            state.overlay = outcome.failed ? Self.overlay(outcome.diagnostics) : nil
            guard outcome.failed || outcome.changed || wasFailing else { return nil }
            state.generation += 1
            let id = "\(instance)-\(state.generation)"
            let event = !outcome.failed && !wasFailing && outcome.onlyStylesheets ? "css" : "reload"
            return "event: \(event)\ndata: \(id)\n\n"
        }
        guard let message else { return }
        for client in state.withLock({ Array($0.clients.values) }) { client.yield(message) }
    }

    /// A new event stream, which starts with the current build's name; nil when
    /// `maxStreams` are open already. After `closeAll()`, a stream that is ended already.
    func subscribe() -> Subscription? {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let subscription = Subscription(messages: stream, end: { continuation.finish() })
        enum Admission { case admitted(Int), full, closed }
        let admission: Admission = state.withLock { state in
            guard !state.closed else { return .closed }
            guard state.clients.count < maxStreams else { return .full }
            state.nextClient += 1
            state.clients[state.nextClient] = continuation
            return .admitted(state.nextClient)
        }
        switch admission {
        case .full:
            return nil
        case .closed:
            continuation.finish()
            return subscription
        case .admitted(let id):
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.clients.removeValue(forKey: id) }
            }
            continuation.yield("retry: 1000\nevent: hello\ndata: \(buildID)\n\n")
            return subscription
        }
    }

    /// Ends every event stream (at shutdown), so none holds the server open.
    public func closeAll() {
        let clients = state.withLock { state in
            state.closed = true
            defer { state.clients = [:] }
            return Array(state.clients.values)
        }
        for client in clients { client.finish() }
    }

    /// What is added to every HTML page while serving: the overlay when the last
    /// rebuild failed, and the script that listens for reloads.
    func injection(reload: Bool) -> String {
        state.withLock { state in
            let script = reload
                ? "<script src=\"\(Self.scriptPath)\" data-build=\"\(instance)-\(state.generation)\"></script>\n" : ""
            return (state.overlay ?? "") + script
        }
    }

    /// The error overlay: every error as `file:line:col: error: field: message`, escaped. Warnings
    /// are counted, not listed (a big site can have thousands; the terminal lists them).
    static func overlay(_ diagnostics: [Diagnostic]) -> String {
        let errorLines = diagnostics.filter(\.isError).map { XMLText.escape($0.description) }
        let errors = errorLines.count
        let warnings = diagnostics.count(where: \.isWarning)
        let lines = errorLines.joined(separator: "\n")
        return """
            <div id="blotter-overlay" role="alertdialog" aria-labelledby="blotter-overlay-title" \
            style="position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;padding:2rem;\
            background:rgba(24,24,24,.95);color:#f4f4f4;font:16px/1.5 system-ui,sans-serif;text-align:left">
            <h2 id="blotter-overlay-title" style="margin:0 0 .5rem;font-size:1.4rem;color:#ffb3b3">\
            The site could not be rebuilt: \(errors) \(errors == 1 ? "error" : "errors")</h2>
            <p style="margin:0 0 1rem">This is the last good build. Fix the file and save it; \
            this page reloads by itself.\(warnings == 0 ? "" : " The terminal also lists \(warnings) \(warnings == 1 ? "warning" : "warnings").")</p>
            <pre style="margin:0 0 1rem;white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace;color:#fff">\(lines)</pre>
            <button type="button" id="blotter-overlay-close" style="font:inherit;padding:.3rem 1rem">Hide</button>
            </div>

            """
    }

    /// The script pages load from `scriptPath`.
    static let script = """
        // Blotter preview: reloads this page when the site is rebuilt. Served only by `blotter serve`.
        (function () {
          "use strict";
          var current = document.currentScript;
          var build = current ? current.getAttribute("data-build") : null;
          function swapStylesheets(id) {
            document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
              var url = new URL(link.href, location.href);
              url.searchParams.set("blotter", id);
              var next = link.cloneNode();
              next.href = url.href;
              next.onload = function () { link.remove(); };
              link.after(next);
            });
          }
          function connect() {
            var source = new EventSource("\(eventsPath)");
            source.addEventListener("hello", function (event) {
              if (build && event.data !== build) { location.reload(); return; }
              build = event.data;
              window.blotterPreview = { connected: true, build: build };
            });
            source.addEventListener("reload", function () { source.close(); location.reload(); });
            source.addEventListener("css", function (event) { build = event.data; swapStylesheets(event.data); });
            source.onerror = function () {
              if (source.readyState === EventSource.CLOSED) { setTimeout(connect, 1000); }
            };
          }
          document.addEventListener("click", function (event) {
            if (event.target && event.target.id === "blotter-overlay-close") {
              var overlay = document.getElementById("blotter-overlay");
              if (overlay) { overlay.remove(); }
            }
          });
          connect();
        })();

        """
}
