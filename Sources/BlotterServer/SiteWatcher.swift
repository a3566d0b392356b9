internal import Foundation
internal import Synchronization

/// Watches `site.yml`, `Content/` and `Templates/` and reports changes, a
/// burst at a time: after a change it waits until the folder has been quiet
/// for `quiet` seconds, or for `burstQuiet` once a second file has changed
/// (50 files saved at once, a `git checkout`), then reports once: one save is
/// reported quickly, a burst becomes one rebuild even when a busy machine
/// pauses between its files. Changes made while a rebuild runs are reported after it.
/// Uses inotify on Linux (new folders are watched as they appear); elsewhere
/// it asks for a rebuild every second and lets the rebuild find what changed.
final class SiteWatcher: Sendable {
    /// One report per burst of changes; `takeChanged()` then says which files.
    let changes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let stopped = Atomic<Bool>(false)
    /// Paths seen changing since the last `takeChanged()`; nil when some were lost (a full look is needed).
    private let changed = Mutex<Set<String>?>([])
    private let root: String
    /// The site folder with links resolved: links that lead out of it are not followed.
    private let realRoot: String
    private let quiet: Double
    private let burstQuiet: Double

    init(root: String, quiet: Double = 0.025, burstQuiet: Double = 0.2) {
        self.root = root
        realRoot = Self.resolve(root) ?? root
        self.quiet = quiet
        self.burstQuiet = burstQuiet
        (changes, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Starts watching on a thread of its own.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "blotter-watcher"
        thread.start()
    }

    /// The files and folders (relative to the site folder) named by the events since the
    /// last call; nil when the kernel dropped events or there is no inotify (look at everything).
    func takeChanged() -> Set<String>? {
        changed.withLock { paths in
            defer { paths = [] }
            return paths
        }
    }

    /// Stops watching and ends `changes`.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        continuation.finish()
    }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    #if os(Linux)
    private func run() {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return poll() }
        defer { close(fd) }
        var folders: [Int32: String] = [:]
        watch(fd, "", top: true, into: &folders)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var burstStart: Double?
        var burstPaths: Set<String> = []
        while !isStopped {
            let wait = burstStart == nil ? 0.2 : burstPaths.count > 1 ? burstQuiet : quiet
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = Glibc.poll(&request, 1, Int32(wait * 1000))
            if ready > 0 {
                let count = read(fd, &buffer, buffer.count)
                guard count > 0 else { continue }
                let paths = handle(buffer[..<count], fd: fd, folders: &folders)
                burstPaths.formUnion(paths)
                if !paths.isEmpty, burstStart == nil { burstStart = Date().timeIntervalSinceReferenceDate }
                // A burst that never ends (a tool saving over and over) is reported every 3 seconds.
                if let start = burstStart, Date().timeIntervalSinceReferenceDate - start > 3 {
                    continuation.yield()
                    (burstStart, burstPaths) = (nil, [])
                }
            } else if ready == 0, burstStart != nil {
                continuation.yield()
                (burstStart, burstPaths) = (nil, [])
            }
        }
    }

    /// Reads a batch of events; returns the paths of the site they name. New folders get watched.
    private func handle(_ bytes: ArraySlice<UInt8>, fd: Int32, folders: inout [Int32: String]) -> Set<String> {
        var relevant: Set<String> = []
        var offset = bytes.startIndex
        let header = 16
        while offset + header <= bytes.endIndex {
            func word(_ at: Int) -> UInt32 {
                UInt32(bytes[offset + at]) | UInt32(bytes[offset + at + 1]) << 8
                    | UInt32(bytes[offset + at + 2]) << 16 | UInt32(bytes[offset + at + 3]) << 24
            }
            let wd = Int32(bitPattern: word(0))
            let mask = word(4)
            let length = Int(word(12))
            let nameBytes = bytes[(offset + header)..<min(offset + header + length, bytes.endIndex)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += header + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                changed.withLock { $0 = nil }
                relevant.insert("")
                continue
            }
            guard let folder = folders[wd] else { continue }
            if mask & UInt32(IN_IGNORED) != 0 {
                folders.removeValue(forKey: wd)
                continue
            }
            let path = folder.isEmpty ? name : folder + "/" + name
            if folder.isEmpty, !["site.yml", "Content", "Templates"].contains(name) { continue }
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                watch(fd, path, top: false, into: &folders)
            }
            if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 || !Self.isScratch(name) {
                relevant.insert(path)
                changed.withLock { _ = $0?.insert(path) }
            }
        }
        return relevant
    }

    /// Watches `relative` (below the site folder) and every folder in it, following a link
    /// to a folder only when it leads to one inside the site. A folder watched already
    /// under another name, through a link (`Content/a -> .`), is not looked into again:
    /// that ends every cycle of links.
    private func watch(_ fd: Int32, _ relative: String, top: Bool, into folders: inout [Int32: String], depth: Int = 0) {
        let mask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        let path = relative.isEmpty ? root : root + "/" + relative
        guard depth < 32 else { return }
        // inotify gives a folder it watches already the same descriptor.
        let wd = inotify_add_watch(fd, path, mask)
        guard wd >= 0 else { return }
        if let known = folders[wd], known != relative, Self.sameFolder(root + "/" + known, path) { return }
        folders[wd] = relative
        let children: [String] = top ? ["Content", "Templates"]
            : (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for child in children.sorted() where !child.hasPrefix(".") && isSiteFolder(path + "/" + child) {
            watch(fd, relative.isEmpty ? child : relative + "/" + child, top: false, into: &folders, depth: depth + 1)
        }
    }

    /// Whether `path` is a folder of the site: a folder, or a link that leads to a folder
    /// inside the site (never one outside it, which the site does not publish).
    private func isSiteFolder(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        if (info.st_mode & S_IFMT) == S_IFDIR { return true }
        guard (info.st_mode & S_IFMT) == S_IFLNK, let real = Self.resolve(path),
              real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/"),
              stat(real, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether the folder first watched as `known` still is the one at `path` (it was not
    /// renamed away meanwhile, when the new name takes over its descriptor).
    private static func sameFolder(_ known: String, _ path: String) -> Bool {
        var old = stat(), new = stat()
        return stat(known, &old) == 0 && stat(path, &new) == 0 && old.st_dev == new.st_dev && old.st_ino == new.st_ino
    }

    #else
    private func run() { poll() }
    #endif

    /// Without inotify: a rebuild check every second (a rebuild with no changes writes nothing).
    private func poll() {
        while !isStopped {
            Thread.sleep(forTimeInterval: 1)
            changed.withLock { $0 = nil }
            if !isStopped { continuation.yield() }
        }
    }

    /// `path` with every link resolved, or nil when it does not exist.
    private static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Editors' swap and backup files, which never change the site.
    static func isScratch(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx")
            || name == "4913"
    }
}
