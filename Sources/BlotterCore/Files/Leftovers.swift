internal import Foundation
internal import Synchronization

/// What a command would leave behind if a signal stopped it: the outside programs it waits
/// for (Pagefind, Chromium; a long briefing is printed by several at once) and the staging
/// folder and temporary files it is making. The `blotter` command's signal handler
/// (`Interruption`) stops the programs and has the rest removed; the library sends no signal.
package enum Leftovers {
    private struct State {
        /// The process ids of the outside programs running now.
        var children: Set<Int32> = []
        /// Paths to remove, by the token their owner was given.
        var paths: [Int: String] = [:]
        var nextToken = 0
    }

    private static let state = Mutex(State())

    /// Records an outside program started (`pid`), to stop if the command is stopped.
    package static func started(_ pid: Int32) {
        _ = state.withLock { $0.children.insert(pid) }
    }

    /// The outside program `pid` has ended.
    package static func ended(_ pid: Int32) {
        _ = state.withLock { $0.children.remove(pid) }
    }

    /// Records a file or folder to remove if the command is stopped; returns a token for `keep`.
    package static func removeIfStopped(_ path: String) -> Int {
        state.withLock { state in
            state.nextToken += 1
            state.paths[state.nextToken] = path
            return state.nextToken
        }
    }

    /// The path given that token is no longer to be removed (it was published or removed).
    package static func keep(_ token: Int) {
        _ = state.withLock { $0.paths.removeValue(forKey: token) }
    }

    /// The outside programs running now, forgotten here: the caller is stopping them.
    package static func takeChildren() -> Set<Int32> {
        state.withLock { state in
            defer { state.children = [] }
            return state.children
        }
    }

    /// Removes the files and folders recorded, and forgets them. A folder is first renamed
    /// aside: the build's threads, still writing, then fail to find it instead of filling it
    /// again while it is removed.
    package static func removeAll() {
        let paths = state.withLock { state in
            defer { state.paths = [:] }
            return Array(state.paths.values)
        }
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
}
