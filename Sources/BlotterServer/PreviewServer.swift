public import BlotterCore
public import Foundation
internal import Hummingbird
// For the connection cap (MaximumAvailableConnections), which Hummingbird does not re-export.
internal import HummingbirdCore
internal import Logging
internal import NIOCore
internal import ServiceLifecycle

/// `blotter serve`: builds the site into a folder, serves it on loopback,
/// rebuilds what changed when a watched file is saved and makes open pages
/// reload by themselves.
public struct PreviewServer: Sendable {
    /// How to serve.
    public struct Settings: Sendable {
        /// Address to bind (loopback unless asked otherwise).
        public var host: String
        /// Port; 0 picks a free one.
        public var port: Int
        /// Inject the live-reload script.
        public var reload: Bool
        /// Seconds a connection may stay open with no request in progress (a request
        /// whose headers are still arriving is none): a browser's idle connection, or a
        /// client that sends its request a byte at a time, is then closed.
        public var idleTimeout: Double
        /// Connections served at once; more wait in the kernel's queue of new
        /// connections (not refused) until one closes.
        public var maxConnections: Int
        /// Live-reload event streams open at once (one per open page); more are
        /// answered 503. Fewer than `maxConnections`, so that pages still load.
        public var maxEventStreams: Int

        public init(host: String = "127.0.0.1", port: Int = 8000, reload: Bool = true, idleTimeout: Double = 30,
                    maxConnections: Int = 128, maxEventStreams: Int = 32) {
            self.host = host
            self.port = port
            self.reload = reload
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
            self.maxEventStreams = maxEventStreams
        }
    }

    /// What the server tells whoever started it.
    public enum Event: Sendable {
        /// Listening at this address.
        case listening(URL)
        /// A rebuild finished (the first build too).
        case rebuilt(BuildResult)
        /// A rebuild could not run at all (the site folder vanished, the output is unwritable, ...).
        case failed(BlotterError)
        /// The first build has written `done` of `total` files (now and then, from worker threads).
        case progress(done: Int, total: Int)
    }

    public let options: BuildOptions
    public let settings: Settings
    /// Tells open pages about rebuilds.
    public let hub: ReloadHub

    /// A server for the site `options` describes. The site is served at `/`, so
    /// `base_url` is replaced by `/` (links work on any host and port).
    public init(options: BuildOptions, settings: Settings) {
        var options = options
        options.baseURL = "/"
        self.options = options
        self.settings = settings
        hub = ReloadHub(maxStreams: settings.maxEventStreams)
    }

    /// Builds the site, then serves it until SIGINT, SIGTERM or SIGHUP. `report` is called for
    /// every event. Throws when the first build cannot run or the address cannot be bound.
    public func run(report: @escaping @Sendable (Event) -> Void) async throws {
        let watcher = SiteWatcher(root: options.siteDirectory.standardizedFileURL.path)
        watcher.start()
        var live = Pipeline(preview: options)
        let first: BuildResult
        do {
            first = try live.rebuild(progress: { report(.progress(done: $0, total: $1)) })
        } catch {
            watcher.stop()
            throw error
        }
        hub.publish(first)
        report(.rebuilt(first))
        let files = SiteFiles(folder: options.outputDirectory.path)
        let responder = PreviewResponder(files: files, hub: hub, reload: settings.reload,
                                         hosts: AllowedHosts(listeningOn: settings.host))
        let rebuilder = Rebuilder(live: live, watcher: watcher, hub: hub, report: report)
        var logger = Logger(label: "blotter-serve")
        logger.logLevel = .critical
        let host = settings.host
        let app = Application(
            responder: CallbackResponder { (request: Request, context: PreviewContext) in
                await responder.respond(to: request, context: context)
            },
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(settings.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(host, port: settings.port), serverName: nil,
                                 availableConnectionsDelegate: MaximumAvailableConnections(settings.maxConnections)),
            services: [rebuilder],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") ? "[\(host)]" : host
                report(.listening(URL(string: "http://\(shown):\(port)/")!))
            },
            logger: logger
        )
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint, .sighup])
        } catch let error as IOError {
            throw ListenError(host: host, port: settings.port, errno: error.errnoCode)
        }
    }
}

/// The address could not be listened on.
public struct ListenError: Error, CustomStringConvertible {
    var host: String
    var port: Int
    var errno: Int32

    public var description: String {
        let reason: String
        switch errno {
        case EADDRINUSE: reason = "the address is in use; choose another --port, or --port 0 for a free one"
        case EACCES: reason = "permission denied (ports below 1024 need privileges); choose another --port"
        case EADDRNOTAVAIL: reason = "this machine has no such address; check --host"
        default: reason = String(cString: strerror(errno))
        }
        return "cannot serve on \(host):\(port): \(reason)"
    }
}

/// Watches the site and rebuilds it, until the server shuts down.
private struct Rebuilder: Service {
    let live: Pipeline
    let watcher: SiteWatcher
    let hub: ReloadHub
    let report: @Sendable (PreviewServer.Event) -> Void

    func run() async throws {
        var live = self.live
        await withGracefulShutdownHandler {
            for await _ in watcher.changes.cancelOnGracefulShutdown() {
                do throws(BlotterError) {
                    let outcome = try live.rebuild(touched: watcher.takeChanged()) { hub.publish($0) }
                    if outcome.failed || outcome.changed { report(.rebuilt(outcome)) }
                } catch {
                    report(.failed(error))
                }
            }
        } onGracefulShutdown: {
            watcher.stop()
            hub.closeAll()
        }
        watcher.stop()
        hub.closeAll()
    }
}
