import BlotterCore
import BlotterServer
import Foundation
import Testing

/// What the preview refuses and how it bounds itself: other sites' host names (DNS
/// rebinding), idle and surplus connections, surplus event streams; and big files
/// served without being read whole. Real server, real sockets, ephemeral ports.
@Suite(.serialized) struct PreviewHardeningTests {
    typealias Running = PreviewServerTests.Running

    static let files: [String: String] = [
        "Content/incidents/2024/03/fire.md": incidentFile(extra: "tags: [fire]"),
    ]

    @Test func answersOnlyItsOwnHostNames() async throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        let server = try await Running(site)
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port)
        let port = server.port

        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LocalHost:\(port)", "localhost.:\(port)", "127.0.0.1",
                     "localhost"] {
            let response = try await http.send("/", host: .named(host))
            #expect(response.status == 200, "Host: \(host)")
        }
        // A page on the internet that rebinds its own name to 127.0.0.1 sends its own name.
        for host in ["evil.example", "evil.example:\(port)", "127.0.0.1.evil.example:\(port)", "localhost.evil.example",
                     "127.0.0.2:\(port)", "0.0.0.0:\(port)", "[::1]:\(port)"] {
            let response = try await http.send("/incidents/fire-in-barking/", host: .named(host))
            #expect(response.status == 421, "Host: \(host)")
            #expect(response.body.contains("not answered for the host name") && !response.body.contains("Fire in Barking"),
                    "Host: \(host): \(response.body)")
            #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
        }
        let events = try await http.send("/__blotter/events", host: .named("evil.example:\(port)"))
        #expect(events.status == 421, "the event stream is refused too")
        let head = try await http.send("/", method: "HEAD", host: .named("evil.example"))
        #expect(head.status == 421 && head.body.isEmpty)

        // The right name on another port is another server.
        let otherPort = port == 65535 ? 1 : port + 1
        #expect(try await http.send("/", host: .named("127.0.0.1:\(otherPort)")).status == 421)
        #expect(try await http.send("/", host: .named("localhost:\(otherPort)")).status == 421)

        // No Host, an empty or malformed one, or two of them: 400, as HTTP/1.1 requires.
        for host in ["", "127.0.0.1:port", "127.0.0.1:", "local host", "[::1", "127.0.0.1:99999", "user@127.0.0.1"] {
            let response = try await http.send("/", host: .named(host))
            #expect(response.status == 400, "Host: \(host)")
        }
        let missing = try await http.send("/", host: .none)
        #expect(missing.status == 400 && missing.body.contains("Host"), "\(missing.body)")
        let twice = try await http.send("/", headers: ["Host": "evil.example"])
        #expect(twice.status == 400, "two Host headers")
    }

    @Test func answersBracketedIPv6Hosts() async throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        let server = try await Running(site, settings: .init(host: "::1", port: 0))
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port, address: "::1")
        let port = server.port
        for host in ["[::1]:\(port)", "[::1]", "[0:0:0:0:0:0:0:1]:\(port)", "localhost:\(port)"] {
            #expect(try await http.send("/", host: .named(host)).status == 200, "Host: \(host)")
        }
        for host in ["127.0.0.1:\(port)", "evil.example:\(port)", "[::2]:\(port)"] {
            #expect(try await http.send("/", host: .named(host)).status == 421, "Host: \(host)")
        }
        #expect(try await http.send("/", host: .named("::1")).status == 400, "an IPv6 Host needs brackets")
    }

    @Test func capsEventStreams() async throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        let server = try await Running(site, settings: .init(host: "127.0.0.1", port: 0, maxEventStreams: 2))
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port)
        var streams: [RawHTTP.Connection] = []
        defer { streams.forEach { $0.close() } }
        for _ in 0..<2 {
            let stream = try RawHTTP.Connection(port: server.port)
            streams.append(stream)
            try stream.write(http.request("/__blotter/events"))
            #expect(await stream.read(until: { $0.contains("event: hello") }, seconds: 5))
        }
        let extra = try await http.send("/__blotter/events")
        #expect(extra.status == 503)
        #expect(extra.body.contains("Too many live-reload connections"), "\(extra.body)")
        #expect(extra.headers["retry-after"] != nil)
        #expect(try await http.send("/").status == 200, "pages are still served")

        // A page closed frees its place at once: its stream ends with its connection.
        streams[0].close()
        var reopened = false
        for _ in 0..<20 where !reopened {
            let stream = try RawHTTP.Connection(port: server.port)
            try stream.write(http.request("/__blotter/events"))
            reopened = await stream.read(until: { $0.contains("event: hello") || $0.contains(" 503 ") }, seconds: 2)
                && stream.received.contains("event: hello")
            stream.close()
            if !reopened { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(reopened, "a closed event stream kept its place")
    }

    @Test func closesIdleAndSlowConnections() async throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        let server = try await Running(site, settings: .init(host: "127.0.0.1", port: 0, idleTimeout: 1))
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port)

        // A connection that never sends a request.
        let idle = try RawHTTP.Connection(port: server.port)
        defer { idle.close() }
        #expect(await idle.isClosed(within: 4), "an idle connection stayed open")

        // A request whose headers never end: a byte every 200 ms.
        let slow = try RawHTTP.Connection(port: server.port)
        defer { slow.close() }
        try slow.write("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nX-Slow: ")
        let start = Date()
        var closed = false
        while !closed, Date().timeIntervalSince(start) < 5 {
            try? slow.write("x")
            closed = await slow.isClosed(within: 0.2)
        }
        #expect(closed, "a request trickling its headers kept its connection")
        #expect(!slow.received.contains("200 OK"))

        // A kept-alive connection after its answer.
        let kept = try RawHTTP.Connection(port: server.port)
        defer { kept.close() }
        try kept.write("GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
        #expect(await kept.read(until: { $0.hasPrefix("HTTP/1.1 200") }, seconds: 5))
        #expect(await kept.isClosed(within: 4), "a kept-alive connection stayed open")

        // An event stream waits for rebuilds: it is not idle.
        let events = try RawHTTP.Connection(port: server.port)
        defer { events.close() }
        try events.write(http.request("/__blotter/events"))
        #expect(await events.read(until: { $0.contains("event: hello") }, seconds: 5))
        #expect(await !events.isClosed(within: 2.5), "the idle timeout ended an event stream")
        try site.write("Content/incidents/2024/03/fire.md", incidentFile(title: "Fire in Barking, road closed"))
        #expect(await events.read(until: { $0.contains("event: reload") }, seconds: 10))
    }

    @Test func capsOpenConnections() async throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        let server = try await Running(site, settings: .init(host: "127.0.0.1", port: 0, maxConnections: 3))
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port)
        // Three kept-alive connections, each answered once and left open.
        var held: [RawHTTP.Connection] = []
        defer { held.forEach { $0.close() } }
        for _ in 0..<3 {
            let connection = try RawHTTP.Connection(port: server.port)
            held.append(connection)
            try connection.write("GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
            #expect(await connection.read(until: { $0.hasPrefix("HTTP/1.1 200") }, seconds: 5))
        }
        // A fourth waits in the kernel's queue (not refused) until one of them closes.
        let waiting = try RawHTTP.Connection(port: server.port)
        defer { waiting.close() }
        try waiting.write(http.request("/robots.txt"))
        #expect(await !waiting.read(until: { $0.hasPrefix("HTTP/1.1") }, seconds: 1), "a fourth connection was served")
        held[0].close()
        #expect(await waiting.read(until: { $0.hasPrefix("HTTP/1.1 200") }, seconds: 5), "the waiting connection was not served")
    }

    @Test func servesLargeFilesByteForByte() async throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        var bytes = [UInt8](repeating: 0, count: 20 * 1024 * 1024 + 7)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for index in bytes.indices {
            if index % 8 == 0 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
            bytes[index] = UInt8(truncatingIfNeeded: state >> (UInt64(index % 8) * 8))
        }
        let folder = site.root.appendingPathComponent("Templates/assets")
        try Data(bytes).write(to: folder.appendingPathComponent("recording.bin"))
        let server = try await Running(site)
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port)

        let whole = try await http.send("/assets/recording.bin")
        #expect(whole.status == 200)
        #expect(whole.headers["content-length"] == String(bytes.count))
        #expect(whole.headers["content-type"] == "application/octet-stream")
        #expect(whole.bytes.count == bytes.count && whole.bytes == bytes, "the file came back changed")
        let head = try await http.send("/assets/recording.bin", method: "HEAD")
        #expect(head.status == 200 && head.bytes.isEmpty && head.headers["content-length"] == String(bytes.count))
        let etag = try #require(whole.headers["etag"])
        #expect(try await http.send("/assets/recording.bin", headers: ["If-None-Match": etag]).status == 304)
        let empty = site.root.appendingPathComponent("Preview/empty.txt")
        try Data().write(to: empty)
        let none = try await http.send("/empty.txt")
        #expect(none.status == 200 && none.bytes.isEmpty && none.headers["content-length"] == "0")
    }

    #if os(Linux)
    @Test func streamsLargeFilesWithoutReadingThemWhole() async throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        let server = try await Running(site)
        defer { Task { await server.stop() } }
        // 512 MB that take no room on disk (a sparse file): read whole, they would take it in memory.
        let size = 512 * 1024 * 1024
        let path = site.root.appendingPathComponent("Preview/big.bin").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0 && ftruncate(fd, off_t(size)) == 0)
        close(fd)

        let before = Self.residentBytes()
        let reader = try RawHTTP.Connection(port: server.port)
        defer { reader.close() }
        try reader.write(RawHTTP(port: server.port).request("/big.bin"))
        // A slow reader: it takes 1 MB and stops; the server must wait for it, not fill memory.
        #expect(await reader.read(atLeast: 1024 * 1024, seconds: 30))
        try await Task.sleep(for: .milliseconds(500))
        let during = Self.residentBytes()
        #expect(reader.received.hasPrefix("HTTP/1.1 200") && reader.received.contains("\(size)"))
        #expect(during - before < 128 * 1024 * 1024,
                "the server's memory grew by \((during - before) / 1024 / 1024) MB while sending a 512 MB file")
    }

    /// The test process's resident memory, from /proc/self/statm.
    static func residentBytes() -> Int {
        let fields = ((try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? "").split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }
    #endif
}
