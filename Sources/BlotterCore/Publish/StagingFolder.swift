internal import Foundation

/// A folder beside the output where a build is written, then swapped in
/// whole: readers see the old site or the new one, never a mix. It is on the disk
/// before the swap (`Syncer`), and locked while the build runs, so that the next
/// build can tell what a killed one left (`StagingFolder+Leftovers.swift`).
///
/// The site a build replaces is kept beside the output (`.Public.previous`) and the
/// next build is written over it: files whose bytes are unchanged are left alone,
/// others are overwritten in place and files the new site lacks are deleted. A
/// rebuild then creates and deletes (almost) no files, which on ext4 was most of a
/// big rebuild's time, and unchanged pages keep their modification time for rsync.
struct StagingFolder: Sendable {
    /// The folder being replaced (`Public/`, or the folder it is a symbolic link to).
    let target: URL
    /// Where pages are written meanwhile (`.Public.staging-<pid>`, hidden, beside it).
    let staging: URL
    /// The previous build, kept to be written over (`.Public.previous`).
    let spare: URL
    /// Whether `staging` is a previous build being written over (not a new, empty folder).
    let reused: Bool
    /// The `.blotter-output` this build writes, and the folder it names.
    let marker: OutputMarker
    /// The identity of the kept site a reused folder held when this build took it (see
    /// `StagingFolder+Memory.swift`); nil for a new folder.
    let keptIdentity: [UInt64]?
    /// Flushes the staged site to the disk before the swap, and the swap after it.
    let syncer: Syncer
    /// The lock on `staging` that tells other builds it is in use.
    private let claim: Claim
    /// The staging folder's entry in `Leftovers` (removed if the command is stopped).
    private let stopToken: Int

    /// Creates a staging folder beside `target`. A target folder that exists, is not empty
    /// and holds no `.blotter-output` written for it was not made by Blotter (or the marker
    /// was copied into it): it is refused, never replaced. A target that is a symbolic link
    /// to a folder stands for that folder, which is replaced; the link stays as it is.
    /// Staging folders that earlier builds of this output left (killed, so unlocked) are removed.
    init(target requested: URL) throws(BlotterError) {
        target = try Self.resolve(requested.standardizedFileURL)
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        spare = parent.appendingPathComponent(".\(name).previous")
        syncer = Syncer.current
        var info = stat()
        if stat(target.path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw BlotterError(path: target.path, reason: .notADirectory) }
            marker = try OutputMarker(for: target)
            guard marker.owns(target.path, spare: spare.path) else { throw OutputMarker.refusal(target.path) }
        } else {
            do {
                try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                throw BlotterError(path: parent.path, reason: .cannotWrite(Self.reason(error)))
            }
            marker = try OutputMarker(for: target)
        }
        Self.removeLeftovers(in: parent.path, of: name)
        // Only a real folder that holds the marker is taken (a second build running at the
        // same time finds it gone and starts from an empty folder).
        let made = try Self.makeStaging(in: parent.path, of: name, spare: spare.path,
                                        reusable: marker.ownsSpare(spare.path))
        staging = URL(fileURLWithPath: made.path)
        reused = made.reused
        claim = made.claim
        stopToken = Leftovers.removeIfStopped(made.path)
        // The kept site is known by its identity until now (`BuildMemory`); it gets a new one
        // before anything in it is written, so that nothing takes it for that site again.
        keptIdentity = made.reused ? Self.identity(of: made.path) : nil
        if made.reused { renewIdentity() }
    }

    /// Readies a reused folder for files at `paths` (relative): deletes every file and folder
    /// the new site does not have (and anything that is not a plain file or folder, so no
    /// write can follow a link out). Folders are made when their first file is written (see
    /// `create`), beside the rendering: made all at once before it, ten thousand folders in
    /// `incidents/` kept two threads waiting on that folder's lock (on ext4, a tenth of a
    /// build's time). Returns the paths of `paths` where something else stood (a link, a
    /// folder): they must be written, whatever was known of the folder.
    @discardableResult
    func prepare(for paths: [String]) -> [String] {
        guard reused else { return [] }
        let folders = Self.folders(of: paths)
        var expected = Set(paths)
        expected.insert(OutputMarker.name)
        var files: [String] = []
        var found: [String] = []
        var others: [String] = []
        Self.collect(staging.path, files: &files, folders: &found, others: &others, typed: true)
        let base = staging.path + "/"
        let stale = files.filter { !expected.contains(String($0.dropFirst(base.count))) } + others
        Parallel.forEach(stale.count) { unlink(stale[$0]) }
        var removed = others.map { String($0.dropFirst(base.count)) }.filter(expected.contains)
        for folder in found.dropFirst().reversed() {
            let relative = String(folder.dropFirst(base.count))
            guard !folders.contains(relative) else { continue }
            if expected.contains(relative) {
                Self.removeTree(folder)
                removed.append(relative)
            } else {
                rmdir(folder)
            }
        }
        return removed
    }

    /// Every folder that holds one of `paths`, with its parents.
    private static func folders(of paths: [String]) -> Set<String> {
        var folders: Set<String> = []
        for path in paths {
            var folder = parent(path)
            while !folder.isEmpty, folders.insert(folder).inserted {
                folder = parent(folder)
            }
        }
        return folders
    }

    /// `path` up to its last `/` (output paths are relative, `/`-separated and clean), or "".
    private static func parent(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// Writes one file; a file in chunks is written piece by piece. In a reused folder, a
    /// file that already holds these bytes is left as it is.
    /// Without `compare` (the file is known to have changed), it is written at once.
    func write(_ file: OutputFile, compare: Bool = true) throws(BlotterError) {
        let path = staging.path + "/" + file.path
        if reused, compare, case .whole(let bytes) = file.body, bytes.withUnsafeBufferPointer({ Self.holds(path, $0) }) {
            return
        }
        try Self.write(file.body, to: create(file.path), path: path)
    }

    /// Creates (or truncates) the file at `relative` for writing, making its missing folders:
    /// in a new staging folder the file's folder is made first (most files are the first of
    /// their folder); in a reused one, only when the file cannot be created without it.
    private func create(_ relative: String) throws(BlotterError) -> Int32 {
        let path = staging.path + "/" + relative
        if reused {
            // Only a plain file of one name is written over: a link, a folder or a file with
            // a second name elsewhere (which writing would change too) is removed first.
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG || info.st_nlink != 1 {
                if (info.st_mode & S_IFMT) == S_IFDIR { Self.removeTree(path) } else { unlink(path) }
            }
            let fd = Self.create(path)
            guard fd < 0, errno == ENOENT else { return try Self.opened(fd, path) }
        }
        if let (folder, error) = makeFolder(Self.parent(relative)) {
            throw BlotterError(path: folder, reason: .cannotWrite(String(cString: strerror(error))))
        }
        return try Self.opened(Self.create(path), path)
    }

    /// `fd`, or the error of opening `path` when it is not a file descriptor.
    private static func opened(_ fd: Int32, _ path: String) throws(BlotterError) -> Int32 {
        guard fd >= 0 else { throw BlotterError(path: path, reason: .cannotWrite(String(cString: strerror(errno)))) }
        return fd
    }

    /// Makes the folder at `relative` and any missing parents; another thread may make the
    /// same one at the same time, so one that exists is fine. Returns the folder that could
    /// not be made, with the error.
    private func makeFolder(_ relative: String) -> (String, Int32)? {
        guard !relative.isEmpty else { return nil }
        let path = staging.path + "/" + relative
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return nil }
        guard errno == ENOENT else { return (path, errno) }
        if let failure = makeFolder(Self.parent(relative)) { return failure }
        return mkdir(path, 0o755) == 0 || errno == EEXIST ? nil : (path, errno)
    }

    /// Opens `path` for writing, created or truncated (never through a link).
    private static func create(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
    }

    /// Whether the plain file at `path` holds exactly `bytes`.
    private static func holds(_ path: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else {
            return false
        }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard bytes.count > 0 else { return true }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < bytes.count {
            let n = read(fd, buffer.baseAddress! + offset, bytes.count - offset)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return memcmp(buffer.baseAddress!, bytes.baseAddress!, bytes.count) == 0
    }

    /// Writes `body` to the file at `path` (its folder must exist).
    static func write(_ body: OutputBody, to path: String) throws(BlotterError) {
        try write(body, to: opened(create(path), path), path: path)
    }

    /// Writes `body` to the open file `fd` (named `path` in errors), and closes it.
    private static func write(_ body: OutputBody, to fd: Int32, path: String) throws(BlotterError) {
        defer { close(fd) }
        var ok = true
        switch body {
        case .whole(let bytes):
            ok = bytes.withUnsafeBufferPointer { Self.writeAll($0, to: fd) }
        case .chunks(let count, let chunk):
            // Made in parallel a batch at a time (each part of a batch in its own buffer),
            // written in order.
            let batch = 256, parts = 8
            for start in stride(from: 0, to: count, by: batch) where ok {
                let size = min(batch, count - start)
                let pieces = Parallel.map(parts) { part -> [UInt8] in
                    let range = (size * part / parts)..<(size * (part + 1) / parts)
                    var out: [UInt8] = []
                    out.reserveCapacity(range.count * 8192)  // an incident's JSON is a few KB
                    for k in range { chunk(start + k, &out) }
                    return out
                }
                for piece in pieces where ok { ok = piece.withUnsafeBufferPointer { Self.writeAll($0, to: fd) } }
            }
        }
        if !ok { throw BlotterError(path: path, reason: .cannotWrite(String(cString: strerror(errno)))) }
    }

    /// Copies a file as-is.
    func copy(from source: String, to relative: String) throws(BlotterError) {
        let data = try Self.contents(of: source)
        try Self.write(.whole(Array(data)), to: create(relative), path: staging.path + "/" + relative)
    }

    /// Copies the file at `source` to `path` (its folder must exist).
    static func copy(from source: String, toPath path: String) throws(BlotterError) {
        try write(.whole(Array(contents(of: source))), to: path)
    }

    private static func contents(of source: String) throws(BlotterError) -> Data {
        guard let data = FileManager.default.contents(atPath: source) else {
            throw BlotterError(path: source, reason: .cannotRead("unreadable"))
        }
        return data
    }

    /// Writes the marker, flushes the staged site to the disk and puts it in place of the
    /// target, then flushes the folder holding them; the old site is kept as the spare.
    /// A failure before the swap leaves the target as it was (the staging folder is discarded).
    /// Returns the identity of the site swapped in.
    @discardableResult
    func commit() throws(BlotterError) -> [UInt64]? {
        defer { Leftovers.keep(stopToken) }
        let old: String?
        let identity: [UInt64]?
        do throws(BlotterError) {
            let path = staging.path + "/" + OutputMarker.name
            let text = Array(OutputMarker.text.utf8)
            if !(reused && text.withUnsafeBufferPointer({ Self.holds(path, $0) })) { try Self.write(.whole(text), to: path) }
            try marker.label(path)
            try Syncer.check(syncer.tree(staging.path), staging.path, "could not flush the staged site to the disk")
            identity = Self.identity(of: staging.path)
            old = try swapIn()
        } catch {
            discard()
            throw error
        }
        claim.end()
        let parent = target.deletingLastPathComponent().path
        let synced = syncer.folder(parent)
        if let old { keep(old) }
        try Syncer.check(synced, parent, "\(target.lastPathComponent) was replaced, but the folder holding it "
                         + "could not be flushed to the disk")
        return identity
    }

    /// Puts the staging folder in place of the target; returns where the old site went.
    private func swapIn() throws(BlotterError) -> String? {
        var info = stat()
        guard lstat(target.path, &info) == 0 else {
            guard rename(staging.path, target.path) == 0 else {
                throw BlotterError(path: target.path, reason: .cannotWrite(String(cString: strerror(errno))))
            }
            return nil
        }
        if AtomicRename.exchange(staging.path, target.path) { return staging.path }
        // Without an atomic exchange: the old site is moved aside, locked so that no other
        // build takes it for a leftover before it is put back if the second rename fails.
        let old = staging.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())").path
        let hold = Self.lock(target.path)
        defer { if case .taken(let fd) = hold { close(fd) } }
        guard Self.moveWithoutReplacing(target.path, to: old) else {
            throw BlotterError(path: target.path, reason: .cannotWrite(String(cString: strerror(errno))))
        }
        guard rename(staging.path, target.path) == 0 else {
            let why = String(cString: strerror(errno))
            _ = rename(old, target.path)
            throw BlotterError(path: target.path, reason: .cannotWrite(why))
        }
        return old
    }

    /// Removes the staging folder (after a failed build); a reused one is kept for the next
    /// build. Nothing happens once the build is over (committed or discarded).
    func discard() {
        claim.end {
            if reused { keep(staging.path) } else { Self.removeTree(staging.path) }
        }
        Leftovers.keep(stopToken)
    }

    /// Keeps the site at `path` as the one the next build writes over (deleted when
    /// another build already left one).
    private func keep(_ path: String) {
        if rename(path, spare.path) != 0 { Self.removeTree(path) }
    }

    /// Deletes a folder and everything in it, files in parallel.
    static func removeTree(_ path: String) {
        var files: [String] = []
        var folders: [String] = []
        var others: [String] = []
        collect(path, files: &files, folders: &folders, others: &others)
        let paths = files + others
        Parallel.forEach(paths.count) { unlink(paths[$0]) }
        for folder in folders.reversed() { rmdir(folder) }
    }
}

extension StagingFolder {
    /// Every plain file, folder (parents first) and other entry (links, files with
    /// several names...) below `path`, without following links.
    ///
    /// With `typed`, the types the folder listing gives are trusted and files are not looked
    /// up one by one (a plain file with several names is then among `files`: `create` deals
    /// with it before writing over it). A big site's kept folder holds hundreds of
    /// thousands of files, and a build that writes a few of them cannot look up each.
    static func collect(_ path: String, files: inout [String], folders: inout [String], others: inout [String],
                        typed: Bool = false) {
        folders.append(path)
        guard let dir = opendir(path) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let full = path + "/" + name
            let listed = Int32(entry.pointee.d_type)
            if typed, listed == DT_DIR || listed == DT_REG {
                if listed == DT_DIR {
                    collect(full, files: &files, folders: &folders, others: &others, typed: true)
                } else {
                    files.append(full)
                }
                continue
            }
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: collect(full, files: &files, folders: &folders, others: &others, typed: typed)
            // A file with a second name elsewhere is not a plain file here: writing over it would change the other.
            case S_IFREG where info.st_nlink == 1 || typed: files.append(full)
            default: others.append(full)
            }
        }
    }
}

private extension StagingFolder {
    static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32) -> Bool {
        guard bytes.count > 0 else { return true }
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
