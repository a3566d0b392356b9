public import Foundation
internal import Synchronization

/// A build or briefing stopped by a signal (`kill`, `timeout`, a closed terminal) cleans
/// up after itself: the outside program it waits for (Pagefind, Chromium) is stopped, and
/// the staging folder and temporary files it made are removed. Without this, a stopped
/// build left Pagefind running for minutes and a hidden `.Public.staging-<pid>` behind.
/// (Ctrl-C in a terminal reaches the whole process group, the outside program included.)
public enum Interruption {
    private struct State {
        /// The process ids of the outside programs running now (Chromium prints a long
        /// briefing in several processes at once).
        var children: Set<Int32> = []
        /// Paths to remove, by the token their owner was given.
        var leftovers: [Int: String] = [:]
        var nextToken = 0
    }

    private static let state = Mutex(State())

    /// Set when a signal came: the command's own way out then waits for the handler's.
    private static let stopping = Atomic<Bool>(false)

    /// Whether the command is being stopped (its own error messages are then left out).
    public static var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// The signal sources, kept for the life of the process.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Makes SIGINT, SIGTERM and SIGHUP stop the command cleanly: the outside program is
    /// stopped, the leftovers removed, `message` printed after the signal's name, and the
    /// process exits with 128 + the signal's number (as a shell reports a killed command).
    /// Called once, at the start of the command.
    public static func stopCleanly(saying message: String) {
        // The command ending meanwhile (a failure the stop caused) must not exit first.
        atexit {
            while Interruption.stopping.load(ordering: .acquiring) { pause() }
        }
        let queue = DispatchQueue(label: "blotter.signals")
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                stopping.store(true, ordering: .releasing)
                cleanUp()
                FileHandle.standardError.write(Data("blotter: stopped by \(name); \(message)\n".utf8))
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops the outside programs (waiting up to 3 s for them to end, so that it writes no
    /// more into its folders), then removes the leftovers. A folder is first renamed aside:
    /// the build's threads, still writing, then fail to find it instead of filling it again
    /// while it is removed. The command, which fails meanwhile, finds `stopping` set.
    static func cleanUp() {
        let (children, paths) = state.withLock { state in
            let taken = (state.children, Array(state.leftovers.values))
            state.children = []
            state.leftovers = [:]
            return taken
        }
        let stopped = children.filter { kill($0, SIGTERM) == 0 }
        for _ in 0..<300 where stopped.contains(where: { kill($0, 0) == 0 }) { usleep(10_000) }
        for path in paths.sorted() {
            let aside = path + ".stopped"
            if rename(path, aside) == 0 {
                var info = stat()
                if lstat(aside, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                    StagingFolder.removeTree(aside)
                } else {
                    unlink(aside)
                }
            }
        }
    }

    /// Records an outside program started (`pid`), to stop if the command is stopped.
    static func started(_ pid: Int32) {
        _ = state.withLock { $0.children.insert(pid) }
    }

    /// The outside program `pid` has ended.
    static func ended(_ pid: Int32) {
        _ = state.withLock { $0.children.remove(pid) }
    }

    /// Records a file or folder to remove if the command is stopped; returns a token for `keep`.
    static func removeIfStopped(_ path: String) -> Int {
        state.withLock { state in
            state.nextToken += 1
            state.leftovers[state.nextToken] = path
            return state.nextToken
        }
    }

    /// The path given that token is no longer to be removed (it was published or removed).
    static func keep(_ token: Int) {
        _ = state.withLock { $0.leftovers.removeValue(forKey: token) }
    }
}
