import BlotterCore
import BlotterServer
import Foundation
import Synchronization
import Testing

/// `blotter serve` end to end: the real server on an ephemeral 127.0.0.1
/// port, a real HTTP client, real files edited on disk.
@Suite(.serialized) struct PreviewServerTests {
    /// A running preview of `site`, stopped by `stop()`.
    final class Running: Sendable {
        let port: Int
        let task: Task<Void, any Error>
        let log = RebuildLog()

        init(_ site: TestSite, settings: PreviewServer.Settings = .init(host: "127.0.0.1", port: 0)) async throws {
            let options = site.previewOptions(output: "Preview")
            let server = PreviewServer(options: options, settings: settings)
            let (events, continuation) = AsyncStream<PreviewServer.Event>.makeStream()
            let log = self.log
            task = Task {
                defer { continuation.finish() }
                try await server.run { event in
                    if case .rebuilt(let outcome) = event { log.outcomes.withLock { $0.append(outcome) } }
                    continuation.yield(event)
                }
            }
            var port = 0
            for await event in events {
                if case .listening(let url) = event {
                    port = url.port ?? 0
                    break
                }
            }
            self.port = port
        }

        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }

    /// The rebuilds the server reported (each after its files are all written, so after its reload event).
    final class RebuildLog: Sendable {
        let outcomes = Mutex<[BuildResult]>([])

        /// Whether `condition` holds within 5 s.
        func eventually(_ condition: ([BuildResult]) -> Bool) async -> Bool {
            for _ in 0..<100 {
                if outcomes.withLock({ condition($0) }) { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return false
        }
    }

    static let files: [String: String] = [
        "Content/incidents/2024/03/fire.md": incidentFile(extra: "tags: [fire]"),
        "Content/incidents/2024/03/crash.md": incidentFile(title: "Crash on the A13", date: "2024-03-02T08:00:00Z"),
        "Templates/assets/app.js": "console.log('site');\n",
        "Templates/assets/data.json": "{}\n",
        "Templates/assets/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        "Templates/assets/photo.webp": "webp",
        "Templates/assets/font.woff2": "woff2", "Templates/assets/briefing.pdf": "%PDF-1.4",
        "secret.txt": "TOP-SECRET-42",
    ]

    /// The site of `files`, with a real PNG and JPEG (the preview publishes photos through libvips).
    static func site() throws -> TestSite {
        let site = try TestSite(Self.files)
        let fixtures = TestSite.repositoryRoot.appendingPathComponent("Tests/Fixtures/photos")
        for (name, fixture) in [("photo.png", "tiny.png"), ("photo.jpg", "witness.jpg")] {
            try site.writeBytes("Templates/assets/" + name, [UInt8](Data(contentsOf: fixtures.appendingPathComponent(fixture))))
        }
        return site
    }

    @Test func servesPagesWithValidatorsCleanURLsAndTheSite404() async throws {
        let site = try Self.site()
        defer { site.delete() }
        let server = try await Running(site)
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port)

        let home = try await http.send("/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.body.contains("Crash on the A13"))
        #expect(home.body.contains("<script src=\"/__blotter/reload.js\" data-build="))

        let page = try await http.send("/incidents/fire-in-barking/")
        #expect(page.status == 200 && page.body.contains("<h1>Fire in Barking</h1>"))
        let redirect = try await http.send("/incidents/fire-in-barking?from=feed")
        #expect(redirect.status == 301)
        #expect(redirect.headers["location"] == "/incidents/fire-in-barking/?from=feed")

        let missing = try await http.send("/incidents/no-such-incident/")
        #expect(missing.status == 404)
        #expect(missing.body.contains("Page not found") && missing.body.contains("/__blotter/reload.js"))

        let etag = try #require(page.headers["etag"])
        let lastModified = try #require(page.headers["last-modified"])
        let cached = try await http.send("/incidents/fire-in-barking/", headers: ["If-None-Match": etag])
        #expect(cached.status == 304 && cached.body.isEmpty)
        let since = try await http.send("/incidents/fire-in-barking/", headers: ["If-Modified-Since": lastModified])
        #expect(since.status == 304)
        let stale = try await http.send("/incidents/fire-in-barking/", headers: ["If-None-Match": "\"other\""])
        #expect(stale.status == 200)

        let head = try await http.send("/", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == home.headers["content-length"])
        let post = try await http.send("/", method: "POST")
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")

        let types = [
            "/": "text/html; charset=utf-8", "/assets/style.css": "text/css; charset=utf-8",
            "/assets/app.js": "text/javascript; charset=utf-8", "/feed.xml": "application/xml; charset=utf-8",
            "/feed.json": "application/json; charset=utf-8", "/assets/data.json": "application/json; charset=utf-8",
            "/assets/logo.svg": "image/svg+xml", "/assets/photo.png": "image/png", "/assets/photo.jpg": "image/jpeg",
            "/assets/photo.webp": "image/webp", "/assets/font.woff2": "font/woff2",
            "/assets/briefing.pdf": "application/pdf", "/robots.txt": "text/plain; charset=utf-8",
        ]
        for (path, type) in types.sorted(by: { $0.key < $1.key }) {
            let response = try await http.send(path)
            #expect(response.status == 200, "\(path)")
            #expect(response.headers["content-type"] == type, "\(path)")
        }
        #expect(try await !http.send("/assets/style.css").body.contains("__blotter"), "only HTML gets the script")
    }

    @Test func noRequestReadsOutsideTheServedFolder() async throws {
        let site = try Self.site()
        defer { site.delete() }
        let server = try await Running(site)
        defer { Task { await server.stop() } }
        // A link inside the served folder that points out of it.
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Preview/escape").path,
                                                   withDestinationPath: site.root.path)
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Preview/secret.txt").path,
                                                   withDestinationPath: site.root.appendingPathComponent("secret.txt").path)
        let http = RawHTTP(port: server.port)
        let attacks = [
            "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
            "/..\\secret.txt", "/..%5csecret.txt", "/%5c..%5csecret.txt", "/%c0%ae%c0%ae/secret.txt",
            "/%c0%ae%c0%ae%c0%afsecret.txt", "/%e0%80%ae%e0%80%ae/secret.txt", "/%00/../secret.txt",
            "/assets%00/../../secret.txt", "/%252e%252e/secret.txt", "/./../secret.txt", "//../secret.txt",
            "/assets/../../secret.txt", "/escape/secret.txt", "/secret.txt", "/.blotter-output",
            "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/../../../../etc/passwd", "/escape/../secret.txt",
        ]
        for attack in attacks {
            let response = try await http.send(attack)
            #expect(!response.body.contains("TOP-SECRET") && !response.body.contains("root:x:"), "\(attack) escaped")
            #expect([400, 404].contains(response.status), "\(attack): \(response.status)")
        }
    }

    @Test func editsReloadPagesAndErrorsShowAnOverlay() async throws {
        let site = try Self.site()
        defer { site.delete() }
        let server = try await Running(site)
        let http = RawHTTP(port: server.port)
        let events = try RawHTTP.Connection(port: server.port)
        defer { events.close() }
        try events.write(http.request("/__blotter/events"))
        #expect(await events.read(until: { $0.contains("event: hello") }, seconds: 5))
        #expect(events.received.contains("content-type: text/event-stream") || events.received.contains("Content-Type: text/event-stream"))

        // An edit: a reload event, and the page shows the new title.
        try site.write("Content/incidents/2024/03/fire.md", incidentFile(title: "Fire in Barking, flats evacuated", extra: "tags: [fire]"))
        #expect(await events.read(until: { $0.components(separatedBy: "event: reload").count == 2 }, seconds: 10))
        let page = try await http.send("/incidents/fire-in-barking-flats-evacuated/")
        #expect(page.status == 200 && page.body.contains("<h1>Fire in Barking, flats evacuated</h1>"))
        #expect(!page.body.contains("blotter-overlay"))

        // A bad edit: the last good site stays, every page shows the errors, escaped.
        try site.write("Content/incidents/2024/03/crash.md", incidentFile(title: "Crash on the A13", date: "<b>soon</b>"))
        #expect(await events.read(until: { $0.components(separatedBy: "event: reload").count == 3 }, seconds: 10))
        let broken = try await http.send("/incidents/fire-in-barking-flats-evacuated/")
        #expect(broken.status == 200 && broken.body.contains("<h1>Fire in Barking, flats evacuated</h1>"))
        #expect(broken.body.contains("<div id=\"blotter-overlay\""))
        #expect(broken.body.contains("Content/incidents/2024/03/crash.md:3:7: error: date:"))
        #expect(broken.body.contains("&lt;b&gt;soon&lt;/b&gt;") && !broken.body.contains("<b>soon</b>"))
        #expect(try await http.send("/").body.contains("<div id=\"blotter-overlay\""))
        #expect(await server.log.eventually { $0.last?.failed == true }, "the server reported the failed rebuild")

        // The fix clears it through the same reload.
        try site.write("Content/incidents/2024/03/crash.md", incidentFile(title: "Crash on the A13", date: "2024-03-02T08:00:00Z"))
        #expect(await events.read(until: { $0.components(separatedBy: "event: reload").count == 4 }, seconds: 10))
        #expect(try await !http.send("/incidents/fire-in-barking-flats-evacuated/").body.contains("blotter-overlay"))

        // A burst of saves is one rebuild: one reload event, and the next rebuild is one that sees all 50 files.
        // Written from a thread of its own, as fast as `git checkout` writes files.
        let root = site.root
        try await RawHTTP.onThread {
            let folder = root.appendingPathComponent("Content/incidents/2025/01")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for n in 1...50 {
                try Data(incidentFile(title: "Burst \(n)", date: "2025-01-01T10:00:00Z").utf8)
                    .write(to: folder.appendingPathComponent("burst-\(n).md"))
            }
        }
        #expect(await events.read(until: { $0.components(separatedBy: "event: reload").count == 5 }, seconds: 10))
        _ = await events.read(until: { $0.components(separatedBy: "event: reload").count > 5 }, seconds: 1)
        #expect(events.received.components(separatedBy: "event: reload").count == 5, "the burst made more than one reload")
        let incidents = server.log.outcomes.withLock { $0.filter { !$0.failed }.map(\.incidents) }
        #expect(incidents.suffix(2) == [2, 52], "rebuilds: \(incidents)")

        // Nothing injected is ever written to disk, and the preview equals a full build.
        for path in TestSite.files(under: site.root.appendingPathComponent("Preview")) {
            let text = try String(contentsOf: site.root.appendingPathComponent("Preview/" + path), encoding: .isoLatin1)
            #expect(!text.contains("__blotter") && !text.contains("blotter-overlay"), "\(path) holds injected markup")
        }
        try site.expectEqualToFullBuild("after serving")

        // Stopping ends open event streams.
        await server.stop()
        #expect(await events.read(until: { _ in false }, seconds: 2) == false)
        let ended = Date()
        _ = await events.read(until: { _ in false }, seconds: 1)
        #expect(Date().timeIntervalSince(ended) < 0.9, "the event stream was still open")
    }
}
