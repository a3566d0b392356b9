internal import Foundation

/// One headless Chromium, driven over the DevTools protocol on a pipe
/// (`--remote-debugging-pipe`: Blotter writes to its file descriptor 3 and reads its 4,
/// messages of JSON ended by a NUL byte). Blotter has it load a page and print it, and
/// reads the PDF back as a stream. Against `--print-to-pdf`, which sends the PDF through
/// the page as base64 and starts a browser for every document, this saved 1.5-3 s of an
/// 841-page briefing, and one browser prints a part and then the margins.
///
/// A session is used by one thread at a time (hence `@unchecked Sendable`: a briefing's
/// sessions are started on one thread and each then prints on its own).
final class ChromiumSession: @unchecked Sendable {
    private let process: pid_t
    /// Where Blotter writes messages (Chromium's descriptor 3) and reads them (its 4).
    private let toChromium: Int32, fromChromium: Int32
    /// Chromium's own messages (its standard error), for the reason when it fails.
    private let log: URL
    private let binary: String
    /// Bytes read and not yet taken as messages; the first `scanned` hold no NUL.
    private var received: [UInt8] = []
    private var scanned = 0
    private var lastID = 0
    /// The page's session, once a page is open.
    private var pageSession: String?
    /// Names of the events received from the page since the last navigation.
    private var events: Set<String> = []
    private var closed = false

    /// Starts Chromium (`binary`), its profile in `profile` and its messages in `log`.
    init(binary: String, profile: URL, log: URL) throws(BlotterError) {
        signal(SIGPIPE, SIG_IGN)  // a Chromium that died is an error from write(), not the end of Blotter
        var arguments = [binary, "--headless=new", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
                         "--user-data-dir=\(profile.path)"]
        // Chromium refuses to run as root with its sandbox on.
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0 else { throw Self.failure(binary, "no pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&fromChild) == 0 else {
            Glibc.close(toChild[0]); Glibc.close(toChild[1])
            throw Self.failure(binary, "no pipe: \(String(cString: strerror(errno)))")
        }
        // Moved above 4 and closed on exec: only the copies made as the child's 3 and 4 go
        // to Chromium (a copy onto the same number would keep close-on-exec).
        for index in 0..<2 {
            toChild[index] = Self.movedHigh(toChild[index])
            fromChild[index] = Self.movedHigh(fromChild[index])
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // The pipe's ends become the child's 3 and 4, whatever it would have had there.
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 4)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        Glibc.close(toChild[0])
        Glibc.close(fromChild[1])
        guard status == 0 else {
            Glibc.close(toChild[1]); Glibc.close(fromChild[0])
            throw Self.failure(binary, "could not start Chromium: \(String(cString: strerror(status)))")
        }
        Interruption.started(pid)
        process = pid
        toChromium = toChild[1]
        fromChromium = fromChild[0]
        self.log = log
        self.binary = binary
    }

    deinit { stop() }

    /// Loads `page` (waiting for its load event, at most `loadSeconds`: an image server that
    /// never answers must not hold the briefing) and prints it to `pdf` as Chromium's
    /// `--print-to-pdf` does: the CSS page size, backgrounds, no header or footer, tagged.
    func print(_ page: URL, to pdf: URL, loadSeconds: Int) throws(BlotterError) {
        let session = try openPage()
        events = []
        let navigation = try call("Page.navigate", ["url": page.absoluteString], session: session)
        if let error = navigation["errorText"] as? String { throw failure("it could not load the briefing: \(error)") }
        if try !waitFor("Page.loadEventFired", seconds: loadSeconds) {
            _ = try call("Page.stopLoading", [:], session: session)
        }
        let printed = try call("Page.printToPDF", [
            "transferMode": "ReturnAsStream", "printBackground": true, "preferCSSPageSize": true,
            "displayHeaderFooter": false, "generateTaggedPDF": true,
        ], session: session)
        guard let stream = printed["stream"] as? String else { throw failure("it returned no PDF") }
        guard FileManager.default.createFile(atPath: pdf.path, contents: nil),
              let file = FileHandle(forWritingAtPath: pdf.path) else {
            throw BlotterError(path: pdf.path, reason: .cannotWrite(String(cString: strerror(errno))))
        }
        defer { try? file.close() }
        while true {
            let chunk = try call("IO.read", ["handle": stream, "size": 1 << 22], session: session)
            let text = chunk["data"] as? String ?? ""
            let data = chunk["base64Encoded"] as? Bool == true ? Data(base64Encoded: text) : Data(text.utf8)
            guard let data else { throw failure("it sent a PDF that is not base64") }
            do {
                try file.write(contentsOf: data)
            } catch {
                throw BlotterError(path: pdf.path, reason: .cannotWrite(error.localizedDescription))
            }
            if chunk["eof"] as? Bool == true { break }
        }
        _ = try call("IO.close", ["handle": stream], session: session)
    }

    /// Ends Chromium (asked first, then killed after 5 s).
    func stop() {
        guard !closed else { return }
        closed = true
        _ = try? send("Browser.close", [:], session: nil)
        Glibc.close(toChromium)
        Glibc.close(fromChromium)
        var status: Int32 = 0
        for _ in 0..<500 {
            if waitpid(process, &status, WNOHANG) != 0 { Interruption.ended(process); return }
            usleep(10_000)
        }
        kill(process, SIGKILL)
        waitpid(process, &status, 0)
        Interruption.ended(process)
    }

    // MARK: The protocol

    /// The page's session: a new tab, attached, its page events on.
    private func openPage() throws(BlotterError) -> String {
        if let pageSession { return pageSession }
        guard let target = try call("Target.createTarget", ["url": "about:blank"])["targetId"] as? String,
              let session = try call("Target.attachToTarget", ["targetId": target, "flatten": true])["sessionId"] as? String
        else { throw failure("it opened no page") }
        _ = try call("Page.enable", [:], session: session)
        pageSession = session
        return session
    }

    /// Sends a command and waits for its answer's `result`.
    private func call(_ method: String, _ parameters: [String: Any],
                      session: String? = nil) throws(BlotterError) -> [String: Any] {
        let id = try send(method, parameters, session: session)
        while true {
            guard let message = try receive(waitingAtMost: nil) else { continue }
            guard message["id"] as? Int == id else { continue }
            if let error = message["error"] as? [String: Any] {
                throw failure("\(method) failed: \(error["message"] as? String ?? "\(error)")")
            }
            return message["result"] as? [String: Any] ?? [:]
        }
    }

    /// Whether the page sent the event `name` within `seconds`.
    private func waitFor(_ name: String, seconds: Int) throws(BlotterError) -> Bool {
        let deadline = Date().addingTimeInterval(TimeInterval(seconds))
        while !events.contains(name) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            _ = try receive(waitingAtMost: left)
        }
        return true
    }

    @discardableResult
    private func send(_ method: String, _ parameters: [String: Any], session: String?) throws(BlotterError) -> Int {
        lastID += 1
        var message: [String: Any] = ["id": lastID, "method": method, "params": parameters]
        if let session { message["sessionId"] = session }
        guard var bytes = try? JSONSerialization.data(withJSONObject: message) else { throw failure("could not encode \(method)") }
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(toChromium, $0.baseAddress! + written, bytes.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw failure("it stopped") }
            written += count
        }
        return lastID
    }

    /// The next message (nil when `waitingAtMost` seconds passed first); an event of the
    /// page is also noted in `events`.
    private func receive(waitingAtMost seconds: TimeInterval?) throws(BlotterError) -> [String: Any]? {
        while true {
            if let end = received[scanned...].firstIndex(of: 0) {
                let message = (try? JSONSerialization.jsonObject(with: Data(received[..<end]))) as? [String: Any]
                received.removeSubrange(...end)
                scanned = 0
                guard let message else { throw failure("it sent a message that is not JSON") }
                if let method = message["method"] as? String, message["sessionId"] as? String == pageSession {
                    events.insert(method)
                }
                return message
            }
            if let seconds {
                var poller = pollfd(fd: fromChromium, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(min(seconds * 1000, 60_000)) + 1)
                if ready == 0 { return nil }
            }
            scanned = received.count
            let count = Self.readChunk(fromChromium, into: &received)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw failure("it stopped") }
        }
    }

    /// Reads up to 1 MiB from `descriptor` onto the end of `buffer`; returns what read() did.
    private static func readChunk(_ descriptor: Int32, into buffer: inout [UInt8]) -> Int {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: 1 << 20))
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + start, 1 << 20) }
        buffer.removeLast((1 << 20) - max(0, count))
        return count
    }

    /// `descriptor` as a descriptor numbered 10 or more, closed on exec.
    private static func movedHigh(_ descriptor: Int32) -> Int32 {
        let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 10)
        Glibc.close(descriptor)
        return moved
    }

    /// An error naming Chromium's binary: the last line Chromium wrote, or else `reason`.
    private func failure(_ reason: String) -> BlotterError {
        let lines = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n")
        let last = lines.last { !$0.contains("dbus") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return Self.failure(binary, "Chromium could not print the briefing: " + (last.map(String.init) ?? reason))
    }

    private static func failure(_ path: String, _ reason: String) -> BlotterError {
        BlotterError(path: path, reason: .toolFailed(reason))
    }
}
