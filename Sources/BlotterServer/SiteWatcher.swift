internal import Foundation
internal import Synchronization

/// Watches `site.yml`, `published.lock`, `Content/`, `Templates/` and `Static/` and reports changes, a
/// burst at a time: after a change it waits until the folder has been quiet
/// for `quiet` seconds, or for `burstQuiet` once a second file has changed
/// (50 files saved at once, a `git checkout`), then reports once: one save is
/// reported quickly, a burst becomes one rebuild even when a busy machine
/// pauses between its files. Changes made while a rebuild runs are reported after it.
/// Uses the kernel's reports (`FolderEvents`: inotify on Linux; new folders are watched as
/// they appear); without them it asks for a rebuild every second and lets the rebuild find
/// what changed.
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
    /// last call; nil when the kernel dropped events or cannot report them (look at everything).
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

    private func run() {
        guard let events = FolderEvents.open() else { return poll() }
        var folders: [Int32: String] = [:]
        watch(events, "", top: true, into: &folders)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var burstStart: Double?
        var burstPaths: Set<String> = []
        while !isStopped {
            let wait = burstStart == nil ? 0.2 : burstPaths.count > 1 ? burstQuiet : quiet
            switch events.wait(wait, buffer: &buffer) {
            case .events(let batch):
                let paths = handle(batch, events: events, folders: &folders)
                burstPaths.formUnion(paths)
                if !paths.isEmpty, burstStart == nil { burstStart = Date().timeIntervalSinceReferenceDate }
                // A burst that never ends (a tool saving over and over) is reported every 3 seconds.
                if let start = burstStart, Date().timeIntervalSinceReferenceDate - start > 3 {
                    continuation.yield()
                    (burstStart, burstPaths) = (nil, [])
                }
            case .quiet where burstStart != nil:
                continuation.yield()
                (burstStart, burstPaths) = (nil, [])
            case .quiet, .nothing:
                continue
            }
        }
    }

    /// Takes a batch of events; returns the paths of the site they name. New folders get watched.
    private func handle(_ batch: [FolderEvents.Event], events: FolderEvents, folders: inout [Int32: String]) -> Set<String> {
        var relevant: Set<String> = []
        for event in batch {
            if event.kind.contains(.overflow) {
                changed.withLock { $0 = nil }
                relevant.insert("")
                continue
            }
            guard let folder = folders[event.watch] else { continue }
            if event.kind.contains(.ended) {
                folders.removeValue(forKey: event.watch)
                continue
            }
            let path = folder.isEmpty ? event.name : folder + "/" + event.name
            if folder.isEmpty, !["site.yml", "published.lock", "Content", "Templates", "Static"].contains(event.name) { continue }
            if event.kind.isSuperset(of: [.folder, .added]) {
                watch(events, path, top: false, into: &folders)
            }
            if event.kind.contains(.selfGone) || !Self.isScratch(event.name) {
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
    private func watch(_ events: FolderEvents, _ relative: String, top: Bool, into folders: inout [Int32: String],
                       depth: Int = 0) {
        let path = relative.isEmpty ? root : root + "/" + relative
        guard depth < 32 else { return }
        // A folder watched already keeps its number.
        guard let wd = events.watch(path) else { return }
        if let known = folders[wd], known != relative, Self.sameFolder(root + "/" + known, path) { return }
        folders[wd] = relative
        let children: [String] = top ? ["Content", "Templates", "Static"]
            : (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for child in children.sorted() where !child.hasPrefix(".") && isSiteFolder(path + "/" + child) {
            watch(events, relative.isEmpty ? child : relative + "/" + child, top: false, into: &folders, depth: depth + 1)
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

    /// Without the kernel's reports: a rebuild check every second (a rebuild with no changes writes nothing).
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
