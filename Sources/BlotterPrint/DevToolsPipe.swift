internal import BlotterCore
internal import Foundation

/// Blotter's end of the DevTools protocol on Chromium's pipe (`--remote-debugging-pipe`:
/// messages of JSON ended by a NUL byte). Every wait has a deadline, so a Chromium that
/// stops answering fails the briefing instead of holding it for ever, and every request the
/// page makes is paused and answered (`Fetch`, `answer`): loaded, served from the site's files,
/// or refused, as `access` decides.
struct DevToolsPipe: Sendable {
    /// Where Blotter writes messages (Chromium's descriptor 3; non-blocking on this side) and
    /// reads them (its 4).
    let toChromium: Int32, fromChromium: Int32
    /// Chromium's binary and its own messages (its standard error), for errors.
    let binary: String, log: URL
    /// How long Chromium may take to answer a command.
    let commandLimit: Duration
    /// What the page may load.
    var access: PrintAccess
    /// Addresses refused, each once, in the order asked for.
    var refused: [String] = []
    /// Whether a command went unanswered: Chromium is then not asked to close, only stopped.
    private(set) var timedOut = false
    /// Bytes read and not yet taken as messages; the first `scanned` hold no NUL.
    private var received: [UInt8] = []
    private var scanned = 0
    private var lastID = 0
    /// The page's session, once a page is open.
    var pageSession: String?
    /// Names of the events received from the page since the last navigation.
    var events: Set<String> = []

    init(toChromium: Int32, fromChromium: Int32, binary: String, log: URL, commandSeconds: Double, access: PrintAccess) {
        self.toChromium = toChromium
        self.fromChromium = fromChromium
        self.binary = binary
        self.log = log
        self.commandLimit = .milliseconds(Int64(min(commandSeconds, 1e9) * 1000))
        self.access = access
    }

    /// Sends a command and waits, at most `commandLimit`, for its answer's `result`.
    mutating func call(_ method: String, _ parameters: [String: Any],
                       session: String? = nil) throws(BlotterError) -> [String: Any] {
        let deadline = ContinuousClock.now + commandLimit
        let id = try send(method, parameters, session: session, until: deadline)
        while true {
            guard let message = try receive(until: deadline) else { throw timeout(method) }
            guard message["id"] as? Int == id else { continue }
            if let error = message["error"] as? [String: Any] {
                throw failure("\(method) failed: \(error["message"] as? String ?? "\(error)")")
            }
            return message["result"] as? [String: Any] ?? [:]
        }
    }

    /// Whether the page sent the event `name` within `seconds`.
    mutating func waitFor(_ name: String, seconds: Int) throws(BlotterError) -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !events.contains(name) {
            guard try receive(until: deadline) != nil else { return false }
        }
        return true
    }

    /// Writes a command, waiting for room in the pipe until `deadline`; returns its id.
    @discardableResult
    mutating func send(_ method: String, _ parameters: [String: Any], session: String?,
                       until deadline: ContinuousClock.Instant) throws(BlotterError) -> Int {
        lastID += 1
        var message: [String: Any] = ["id": lastID, "method": method, "params": parameters]
        if let session { message["sessionId"] = session }
        guard var bytes = try? JSONSerialization.data(withJSONObject: message) else { throw failure("could not encode \(method)") }
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(toChromium, $0.baseAddress! + written, bytes.count - written) }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN {
                guard try Self.wait(for: POLLOUT, on: toChromium, until: deadline) else { throw timeout(method) }
                continue
            }
            guard count > 0 else { throw failure("it stopped") }
            written += count
        }
        return lastID
    }

    /// The next message (nil when `deadline` passed first). A request the page makes is
    /// answered here, and an event of the page noted in `events`.
    private mutating func receive(until deadline: ContinuousClock.Instant) throws(BlotterError) -> [String: Any]? {
        while true {
            if let end = Self.firstNUL(in: received, from: scanned) {
                let message = (try? JSONSerialization.jsonObject(with: Data(received[..<end]))) as? [String: Any]
                received.removeSubrange(...end)
                scanned = 0
                guard let message else { throw failure("it sent a message that is not JSON") }
                let method = message["method"] as? String
                if method == "Fetch.requestPaused" {
                    try answer(message["params"] as? [String: Any] ?? [:], session: message["sessionId"] as? String)
                    continue
                }
                if let method, message["sessionId"] as? String == pageSession { events.insert(method) }
                return message
            }
            guard try Self.wait(for: POLLIN, on: fromChromium, until: deadline) else { return nil }
            scanned = received.count
            let count = Self.readChunk(fromChromium, into: &received)
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count > 0 else { throw failure("it stopped") }
        }
    }
}

extension DevToolsPipe {
    /// Whether `descriptor` became ready for `event` before `deadline` (polled a minute at most
    /// at a time, so that any limit fits).
    static func wait(for event: Int32, on descriptor: Int32, until deadline: ContinuousClock.Instant) throws(BlotterError) -> Bool {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
            var poller = pollfd(fd: descriptor, events: Int16(event), revents: 0)
            let ready = poll(&poller, 1, Int32(min(milliseconds, 60_000)))
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { return true }  // the read or write that follows reports it
        }
    }

    /// Reads what there is, 64 KiB at most (a pipe's buffer), from `descriptor` onto the end of
    /// `buffer`; returns what read() did.
    static func readChunk(_ descriptor: Int32, into buffer: inout [UInt8]) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) { chunk in
            let count = read(descriptor, chunk.baseAddress!, chunk.count)
            if count > 0 { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<count])) }
            return count
        }
    }

    /// The index of the first NUL byte (the end of a message) in `buffer` at or after `start`.
    static func firstNUL(in buffer: [UInt8], from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            guard start < bytes.count, let found = memchr(bytes.baseAddress! + start, 0, bytes.count - start) else { return nil }
            return bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The error for a command Chromium did not answer in time; Chromium is then stopped
    /// without being asked.
    mutating func timeout(_ method: String) -> BlotterError {
        timedOut = true
        let seconds = Double(commandLimit.components.seconds) + Double(commandLimit.components.attoseconds) / 1e18
        return BlotterError(path: binary, reason: .toolFailed(
            "Chromium did not answer \(method) within \(String(format: "%g", seconds)) s, so it was stopped "
                + "(BLOTTER_DEVTOOLS_TIMEOUT sets the limit, in seconds)"))
    }

    /// An error naming Chromium's binary: the last line Chromium wrote, or else `reason`.
    func failure(_ reason: String) -> BlotterError {
        let lines = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n")
        let last = lines.last { !$0.contains("dbus") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return BlotterError(path: binary, reason: .toolFailed("Chromium could not print the briefing: " + (last.map(String.init) ?? reason)))
    }
}
