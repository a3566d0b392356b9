import BlotterCore
import Foundation
import Synchronization

/// A build or briefing stopped by a signal (`kill`, `timeout`, a closed terminal) cleans
/// up after itself: the outside program it waits for (Pagefind, Chromium) is stopped, and
/// the staging folder and temporary files it made are removed. Without this, a stopped
/// build left Pagefind running for minutes and a hidden `.Public.staging-<pid>` behind.
/// (Ctrl-C in a terminal reaches the whole process group, the outside program included.)
/// What there is to stop and remove is recorded by the library as it goes (`Leftovers`);
/// the signals are the command's.
enum Interruption {
    /// Set when a signal came: the command's own way out then waits for the handler's.
    private static let stopping = Atomic<Bool>(false)

    /// Whether the command is being stopped (its own error messages are then left out).
    static var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// The signal sources, kept for the life of the process.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Makes SIGINT, SIGTERM and SIGHUP stop the command cleanly: the outside program is
    /// stopped, the leftovers removed, `message` printed after the signal's name, and the
    /// process exits with 128 + the signal's number (as a shell reports a killed command).
    /// Called once, at the start of the command.
    static func stopCleanly(saying message: String) {
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

    /// Stops the outside programs (waiting up to 3 s for them to end, so that they write no
    /// more into their folders), then removes the leftovers. The command, which fails
    /// meanwhile, finds `stopping` set.
    private static func cleanUp() {
        let stopped = Leftovers.takeChildren().filter { kill($0, SIGTERM) == 0 }
        for _ in 0..<300 where stopped.contains(where: { kill($0, 0) == 0 }) { usleep(10_000) }
        Leftovers.removeAll()
    }
}
