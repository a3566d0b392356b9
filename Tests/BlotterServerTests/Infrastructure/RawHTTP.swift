import Foundation
import Synchronization

/// A minimal HTTP/1.1 client over a plain socket, so that tests send request
/// targets and `Host` headers exactly as written (no URL library normalises `..`
/// or `%2e` away, or fills in the Host). Calls block on a thread of their own:
/// blocking a thread of Swift's small cooperative pool would starve the server under test.
struct RawHTTP: Sendable {
    let port: Int
    /// The server's address: IPv4 (`127.0.0.1`) or IPv6 (`::1`).
    var address = "127.0.0.1"

    struct Response: Sendable {
        var status: Int
        /// Header names in lower case.
        var headers: [String: String]
        /// The body as sent.
        var bytes: [UInt8]
        /// The body read as UTF-8. (Not for big binary bodies: under swift-testing, each invalid
        /// sequence repaired costs a backtrace, minutes for 20 MB of random bytes.)
        var body: String { String(decoding: bytes, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The `Host` header a request carries.
    enum Host: Sendable {
        /// `127.0.0.1:<port>` (`[::1]:<port>`), what a browser sends for the preview's address.
        case server
        /// Exactly this value.
        case named(String)
        /// No Host header at all.
        case none
    }

    /// Sends one request and reads the whole response (the connection is closed after it).
    func send(_ target: String, method: String = "GET", headers: [String: String] = [:],
              host: Host = .server) async throws -> Response {
        try await Self.onThread { try sendBlocking(target, method: method, headers: headers, host: host) }
    }

    /// Runs `body` on a new thread and waits for it without holding a pool thread.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    private func sendBlocking(_ target: String, method: String, headers: [String: String], host: Host) throws -> Response {
        let connection = try Connection(port: port, address: address)
        defer { connection.close() }
        try connection.write(request(target, method: method, headers: headers, host: host))
        connection.readAll()
        return try Self.parse(connection.receivedBytes, target: target)
    }

    /// Splits a whole response into status, headers and body.
    static func parse(_ raw: [UInt8], target: String) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let split = raw.indices.dropLast(3).first(where: { raw[$0..<($0 + 4)].elementsEqual(separator) }) else {
            throw Failure(description: "no response to \(target): \(String(decoding: raw.prefix(500), as: UTF8.self))")
        }
        let lines = String(decoding: raw[..<split], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure(description: "bad status line \(lines[0])")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: fields, bytes: Array(raw[(split + 4)...]))
    }

    func request(_ target: String, method: String = "GET", headers: [String: String] = [:], host: Host = .server) -> String {
        var text = "\(method) \(target) HTTP/1.1\r\n"
        switch host {
        case .server: text += "Host: \(address.contains(":") ? "[\(address)]" : address):\(port)\r\n"
        case .named(let name): text += "Host: \(name)\r\n"
        case .none: break
        }
        text += "Connection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        return text + "\r\n"
    }

    /// An open connection, read a piece at a time (for event streams and slow readers).
    final class Connection: Sendable {
        let fd: Int32
        private let buffer = Mutex(Data())
        private let isOpen = Atomic<Bool>(true)

        /// What the server sent so far.
        var receivedBytes: [UInt8] { buffer.withLock { [UInt8]($0) } }
        /// The same, read as UTF-8.
        var received: String { buffer.withLock { String(decoding: $0, as: UTF8.self) } }
        /// How many bytes the server sent so far.
        var receivedCount: Int { buffer.withLock { $0.count } }

        /// Connects to `address` (IPv4, or IPv6 such as `::1`) at `port`.
        init(port: Int, address: String = "127.0.0.1") throws {
            let family = address.contains(":") ? AF_INET6 : AF_INET
            fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
            var storage = sockaddr_storage()
            let length: Int
            if family == AF_INET6 {
                var address6 = sockaddr_in6()
                address6.sin6_family = sa_family_t(AF_INET6)
                address6.sin6_port = in_port_t(UInt16(port).bigEndian)
                inet_pton(AF_INET6, address, &address6.sin6_addr)
                withUnsafeBytes(of: address6) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
                length = MemoryLayout<sockaddr_in6>.size
            } else {
                var address4 = sockaddr_in()
                address4.sin_family = sa_family_t(AF_INET)
                address4.sin_port = in_port_t(UInt16(port).bigEndian)
                address4.sin_addr.s_addr = inet_addr(address)
                withUnsafeBytes(of: address4) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
                length = MemoryLayout<sockaddr_in>.size
            }
            let result = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(fd, $0, socklen_t(length)) }
            }
            guard result == 0 else {
                let error = errno
                Foundation.close(fd)
                throw Failure(description: "connect to [\(address)]:\(port): \(error)")
            }
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        func write(_ text: String) throws {
            var bytes = Array(text.utf8)
            let sent = Glibc.send(fd, &bytes, bytes.count, Int32(MSG_NOSIGNAL))
            guard sent == bytes.count else { throw Failure(description: "send: \(errno)") }
        }

        /// Reads until the server closes the connection (at most 10 s).
        func readAll() {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, readSome() != 0 {}
        }

        /// Reads until `predicate(received)` holds or `seconds` pass (or the stream ends); returns whether it held.
        func read(until predicate: @escaping @Sendable (String) -> Bool, seconds: Double) async -> Bool {
            (try? await RawHTTP.onThread { self.readBlocking(until: { predicate(self.received) }, seconds: seconds) }) ?? false
        }

        /// Reads until at least `count` bytes came or `seconds` pass (or the stream ends); returns whether they came.
        func read(atLeast count: Int, seconds: Double) async -> Bool {
            (try? await RawHTTP.onThread { self.readBlocking(until: { self.receivedCount >= count }, seconds: seconds) }) ?? false
        }

        /// Whether the server closed the connection within `seconds` (reading what it sends meanwhile).
        func isClosed(within seconds: Double) async -> Bool {
            (try? await RawHTTP.onThread {
                let deadline = Date().addingTimeInterval(seconds)
                while Date() < deadline {
                    if self.readSome() == 0 { return true }
                }
                return false
            }) ?? false
        }

        private func readBlocking(until done: () -> Bool, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if done() { return true }
                if readSome() == 0 { break }
            }
            return done()
        }

        /// Bytes read: 0 at the end of the stream, -1 on a timeout or an error.
        @discardableResult
        private func readSome() -> Int {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = recv(fd, &chunk, chunk.count, 0)
            if count > 0 { chunk.withUnsafeBufferPointer { read in buffer.withLock { $0.append(read.baseAddress!, count: count) } } }
            if count < 0, errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR { return 0 }
            return count > 0 ? count : (count == 0 ? 0 : -1)
        }

        /// Closes the socket, once: a second close could close a descriptor the server has since been given.
        func close() {
            if isOpen.exchange(false, ordering: .acquiringAndReleasing) { Foundation.close(fd) }
        }
    }
}
