import Foundation

/// A minimal HTTP/1.1 client over a plain socket, so that tests send request
/// targets exactly as written (no URL library normalises `..` or `%2e` away).
/// Calls block on a thread of their own: blocking a thread of Swift's small
/// cooperative pool would starve the server under test.
struct RawHTTP: Sendable {
    let port: Int

    struct Response: Sendable {
        var status: Int
        /// Header names in lower case.
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends one request and reads the whole response (the connection is closed after it).
    func send(_ target: String, method: String = "GET", headers: [String: String] = [:]) async throws -> Response {
        try await Self.onThread { try sendBlocking(target, method: method, headers: headers) }
    }

    /// Runs `body` on a new thread and waits for it without holding a pool thread.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    private func sendBlocking(_ target: String, method: String, headers: [String: String]) throws -> Response {
        let connection = try Connection(port: port)
        defer { connection.close() }
        try connection.write(request(target, method: method, headers: headers))
        let raw = connection.readAll()
        guard let split = raw.range(of: "\r\n\r\n") else { throw Failure(description: "no response to \(target): \(raw)") }
        let lines = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure(description: "bad status line \(lines[0])")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: fields, body: String(raw[split.upperBound...]))
    }

    func request(_ target: String, method: String = "GET", headers: [String: String] = [:]) -> String {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        return text + "\r\n"
    }

    /// An open connection, read a piece at a time (for event streams); one test uses it at a time.
    final class Connection: @unchecked Sendable {
        let fd: Int32
        private(set) var received = ""

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard result == 0 else {
                Foundation.close(fd)
                throw Failure(description: "connect to port \(port): \(errno)")
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
        func readAll() -> String {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, readSome() != 0 {}
            return received
        }

        /// Reads until `predicate(received)` holds or `seconds` pass (or the stream ends); returns whether it held.
        func read(until predicate: @escaping @Sendable (String) -> Bool, seconds: Double) async -> Bool {
            (try? await RawHTTP.onThread { self.readBlocking(until: predicate, seconds: seconds) }) ?? false
        }

        private func readBlocking(until predicate: (String) -> Bool, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if predicate(received) { return true }
                if readSome() == 0 { break }
            }
            return predicate(received)
        }

        /// Bytes read: 0 at the end of the stream, -1 on a timeout.
        @discardableResult
        private func readSome() -> Int {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { received += String(decoding: buffer[..<count], as: UTF8.self) }
            return count > 0 ? count : (count == 0 ? 0 : -1)
        }

        func close() { Foundation.close(fd) }
    }
}
