internal import Foundation
internal import Synchronization

/// Staging folders that outlive their build. A build holds an exclusive `flock` on its
/// staging folder from the moment it makes it to the swap; a build killed with SIGKILL (or
/// by a power cut) leaves its folder behind, a whole copy of the site, with no lock on it.
/// The next build of the same output removes every such folder whatever the process id in
/// its name, and leaves alone the ones whose lock is held: builds still running.
extension StagingFolder {
    /// The lock a build holds on its staging folder, until the swap or the folder's removal.
    final class Claim: Sendable {
        private let descriptor: Mutex<Int32?>

        /// The lock on the open folder `fd` (-1: a file system without locks).
        init(_ fd: Int32) { descriptor = Mutex(fd) }

        /// Runs `cleanup`, then releases the lock; only the first call does: it returns false
        /// when the build was over already.
        @discardableResult
        func end(_ cleanup: () -> Void = {}) -> Bool {
            guard let fd = descriptor.withLock({ fd in defer { fd = nil }; return fd }) else { return false }
            cleanup()
            if fd >= 0 { close(fd) }
            return true
        }
    }

    /// What taking a folder's lock found.
    enum Lock {
        /// The lock is ours (on this open folder).
        case taken(Int32)
        /// Another process holds it, or the path changed meanwhile.
        case busy
        /// The file system has no `flock` (some network file systems).
        case unavailable
    }

    /// Takes the exclusive lock of the real folder at `path` without waiting, and checks that
    /// the path still names the folder locked (another build may have moved it meanwhile).
    static func lock(_ path: String) -> Lock {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .busy }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno
            close(fd)
            return error == EWOULDBLOCK || error == EINTR ? .busy : .unavailable
        }
        var opened = stat(), named = stat()
        guard fstat(fd, &opened) == 0, lstat(path, &named) == 0,
              opened.st_dev == named.st_dev, opened.st_ino == named.st_ino else {
            close(fd)
            return .busy
        }
        return .taken(fd)
    }

    /// Removes the staging folders of earlier builds of the output `name` in `parent` that no
    /// running build holds. Each is locked, then renamed aside and deleted: a build that made
    /// a folder of that name a moment ago fails to lock it and makes another.
    static func removeLeftovers(in parent: String, of name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries where isLeftover(entry, of: name) {
            let path = parent + "/" + entry
            guard case .taken(let fd) = lock(path) else { continue }
            let aside = entry.hasSuffix(".stopped") ? path : path + ".stopped"
            removeTree(aside == path || rename(path, aside) == 0 ? aside : path)
            close(fd)
        }
    }

    /// Makes the staging folder of the output `name` in `parent`, taking over `spare` (the
    /// previous build) when `reusable`; returns its path, whether it is the spare, and its lock.
    static func makeStaging(in parent: String, of name: String, spare: String,
                            reusable: Bool) throws(BlotterError) -> (path: String, reused: Bool, claim: Claim) {
        // The process id alone is not unique: builds in two containers can share one.
        for attempt in 0..<16 {
            let path = parent + "/.\(name).staging-\(getpid())" + (attempt == 0 ? "" : "-\(attempt)")
            var reused = false
            if reusable, attempt == 0, moveWithoutReplacing(spare, to: path) {
                reused = true
            } else if mkdir(path, 0o755) != 0 {
                if errno == EEXIST { continue }
                throw BlotterError(path: parent, reason: .cannotWrite(String(cString: strerror(errno))))
            }
            switch lock(path) {
            case .taken(let fd): return (path, reused, Claim(fd))
            case .unavailable: return (path, reused, Claim(-1))
            case .busy: continue  // another build, removing leftovers, took it for one
            }
        }
        throw BlotterError(path: parent, reason: .cannotWrite("could not make a staging folder for \(name)"))
    }

    /// Renames `from` to `to` unless something is at `to` already.
    static func moveWithoutReplacing(_ from: String, to: String) -> Bool {
        if let moved = AtomicRename.withoutReplacing(from, to) { return moved }
        var info = stat()
        return lstat(to, &info) != 0 && rename(from, to) == 0
    }
}

private extension StagingFolder {
    /// Whether `entry` is a staging folder of the output `name`: `.<name>.staging-<pid>`, maybe
    /// with `-<n>` (see `makeStaging`), or `.<name>.old-<pid>` (see `swapIn`), maybe with
    /// `.stopped` (a build stopped by a signal, or a leftover being removed).
    static func isLeftover(_ entry: String, of name: String) -> Bool {
        for kind in ["staging", "old"] {
            let prefix = ".\(name).\(kind)-"
            guard entry.hasPrefix(prefix) else { continue }
            var rest = Substring(entry.dropFirst(prefix.count))
            if rest.hasSuffix(".stopped") { rest = rest.dropLast(".stopped".count) }
            let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
            return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
        }
        return false
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
