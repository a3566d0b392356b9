internal import BlotterCore
internal import Foundation
internal import Synchronization

/// One headless Chromium, driven over the DevTools protocol on a pipe (`DevToolsPipe`).
/// Blotter has it load a page and print it, and reads the PDF back as a stream. Against
/// `--print-to-pdf`, which sends the PDF through the page as base64 and starts a browser for
/// every document, this saved 1.5-3 s of an 841-page briefing, and one browser prints a part
/// and then the margins.
///
/// The page loads only what `PrintAccess` allows, with scripts off unless the document has
/// its own; every command has a time limit, and a Chromium that does not end when asked is
/// killed. A briefing's sessions are started on one thread and each then prints on its own;
/// the pipe's state is behind a lock, taken by one thread at a time.
///
/// Chromium is started with `posix_spawn`, not swift-subprocess (1.0.2): the DevTools pipe is
/// the child's descriptors 3 and 4, and Subprocess gives a child only 0-2, closing every other
/// descriptor (`closefrom(3)`), with no way on Linux to add file actions (its
/// `preSpawnProcessConfigurator` is Darwin's only).
final class ChromiumSession: Sendable {
    private let process: pid_t
    private let pipe: Mutex<DevToolsPipe>
    /// Set once the session is stopped.
    private let stopped = Atomic<Bool>(false)

    /// Starts Chromium (`binary`), its profile in `profile` and its messages in `log` (a new
    /// file, never reached through a link: `log` is in the print folder).
    init(binary: String, profile: URL, log: URL, commandSeconds: Double, access: PrintAccess) throws(BlotterError) {
        signal(SIGPIPE, SIG_IGN)  // a Chromium that died is an error from write(), not the end of Blotter
        let logFile = Self.movedHigh(PrivateFolder.openForWriting(log.path))
        guard logFile >= 0 else { throw BlotterError(path: log.path, reason: .cannotWrite(String(cString: strerror(errno)))) }
        defer { CLibrary.close(logFile) }
        let (ours, theirs) = try Self.pipes(binary)
        var arguments = [binary, "--headless=new", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
                         "--user-data-dir=\(profile.path)"]
        // Chromium refuses to run as root with its sandbox on.
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        // The log, the pipe's ends: the child's 2, 3 and 4, whatever it would have had there.
        posix_spawn_file_actions_adddup2(&actions, logFile, 2)
        posix_spawn_file_actions_adddup2(&actions, theirs.read, 3)
        posix_spawn_file_actions_adddup2(&actions, theirs.write, 4)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Chromium starts with no signal blocked and the default action for those Blotter
        // ignores or handles (SIGPIPE, SIGINT, SIGTERM, SIGHUP), so that SIGTERM ends it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for number in [SIGPIPE, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let status = posix_spawn(&pid, binary, &actions, &attributes, argv, CLibrary.environment)
        CLibrary.close(theirs.read)
        CLibrary.close(theirs.write)
        guard status == 0 else {
            CLibrary.close(ours.write); CLibrary.close(ours.read)
            throw BlotterError(path: binary, reason: .toolFailed("could not start Chromium: \(String(cString: strerror(status)))"))
        }
        Leftovers.started(pid)
        process = pid
        pipe = Mutex(DevToolsPipe(toChromium: ours.write, fromChromium: ours.read, binary: binary, log: log,
                                  commandSeconds: commandSeconds, access: access))
    }

    deinit { stop() }

    /// The addresses the page was refused, each once.
    var refused: [String] { pipe.withLock { $0.refused } }

    /// Loads `page` (waiting for its load event, at most `loadSeconds`: an image server that
    /// never answers must not hold the briefing) and prints it to `pdf` as Chromium's
    /// `--print-to-pdf` does: the CSS page size, backgrounds, no header or footer, tagged.
    /// Scripts run only if `scripts`.
    func print(_ page: URL, to pdf: URL, loadSeconds: Int, scripts: Bool) throws(BlotterError) {
        try pipe.withLock { (pipe: inout DevToolsPipe) throws(BlotterError) in
            try pipe.print(page, to: pdf, loadSeconds: loadSeconds, scripts: scripts)
        }
    }

    /// Ends Chromium: asked to close (unless it stopped answering), then sent SIGTERM after
    /// 2 s, SIGKILL 1 s later, and reaped.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let answering = pipe.withLock { pipe in
            if !pipe.timedOut { _ = try? pipe.send("Browser.close", [:], session: nil, until: .now + .seconds(1)) }
            CLibrary.close(pipe.toChromium)
            CLibrary.close(pipe.fromChromium)
            return !pipe.timedOut
        }
        if !(answering && Self.ended(process, within: 2)) {
            kill(process, SIGTERM)
            if !Self.ended(process, within: 1) {
                kill(process, SIGKILL)
                var status: Int32 = 0
                while waitpid(process, &status, 0) < 0 && errno == EINTR {}
            }
        }
        Leftovers.ended(process)
    }
}

private extension ChromiumSession {
    /// Two pipes: Blotter's ends (writing non-blocking, so that a write has a deadline too) and
    /// Chromium's, all numbered 10 or more and closed on exec: only the copies made as the
    /// child's 3 and 4 go to Chromium (a copy onto the same number would keep close-on-exec).
    static func pipes(_ binary: String) throws(BlotterError) -> (ours: (read: Int32, write: Int32), theirs: (read: Int32, write: Int32)) {
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard CLibrary.pipe(&toChild) == 0 else {
            throw BlotterError(path: binary, reason: .toolFailed("no pipe: \(String(cString: strerror(errno)))"))
        }
        guard CLibrary.pipe(&fromChild) == 0 else {
            CLibrary.close(toChild[0]); CLibrary.close(toChild[1])
            throw BlotterError(path: binary, reason: .toolFailed("no pipe: \(String(cString: strerror(errno)))"))
        }
        let moved = (toChild + fromChild).map(movedHigh)
        guard !moved.contains(-1) else {
            moved.filter { $0 >= 0 }.forEach { CLibrary.close($0) }
            throw BlotterError(path: binary, reason: .toolFailed("no pipe: \(String(cString: strerror(errno)))"))
        }
        _ = fcntl(moved[1], F_SETFL, fcntl(moved[1], F_GETFL) | O_NONBLOCK)
        return ((moved[2], moved[1]), (moved[0], moved[3]))
    }

    /// `descriptor` as a descriptor numbered 10 or more, closed on exec (-1 if it was -1).
    static func movedHigh(_ descriptor: Int32) -> Int32 {
        guard descriptor >= 0 else { return -1 }
        let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 10)
        CLibrary.close(descriptor)
        return moved
    }

    /// Whether `process` ended (and was reaped) within `seconds`.
    static func ended(_ process: pid_t, within seconds: Double) -> Bool {
        var status: Int32 = 0
        for _ in 0..<Int(seconds * 100) {
            let reaped = waitpid(process, &status, WNOHANG)
            if reaped == process || (reaped < 0 && errno == ECHILD) { return true }
            usleep(10_000)
        }
        return false
    }
}
