internal import Foundation

/// A folder beside the output where a build is written, then swapped in
/// whole: readers see the old site or the new one, never a mix.
///
/// The site a build replaces is kept beside the output (`.Public.previous`) and the
/// next build is written over it: files whose bytes are unchanged are left alone,
/// others are overwritten in place and files the new site lacks are deleted. A
/// rebuild then creates and deletes (almost) no files, which on ext4 was most of a
/// big rebuild's time, and unchanged pages keep their modification time for rsync.
struct StagingFolder: Sendable {
    /// The folder being replaced (`Public/`).
    let target: URL
    /// Where pages are written meanwhile (`.Public.staging-<pid>`, hidden, beside it).
    let staging: URL
    /// The previous build, kept to be written over (`.Public.previous`).
    let spare: URL
    /// Whether `staging` is a previous build being written over (not a new, empty folder).
    let reused: Bool
    /// The staging folder's entry in `Interruption` (removed if the command is stopped).
    private let stopToken: Int

    /// The file that marks a folder as Blotter's output, safe to replace whole.
    static let marker = ".blotter-output"

    /// Creates an empty staging folder beside `target`. A target folder that exists, is not
    /// empty and holds no `.blotter-output` was not made by Blotter: it is refused, never replaced.
    init(target: URL) throws(BlotterError) {
        self.target = target.standardizedFileURL
        let parent = self.target.deletingLastPathComponent()
        let name = self.target.lastPathComponent
        staging = parent.appendingPathComponent(".\(name).staging-\(getpid())")
        spare = parent.appendingPathComponent(".\(name).previous")
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: self.target.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw BlotterError(path: self.target.path, reason: .notADirectory) }
            let contents = (try? fm.contentsOfDirectory(atPath: self.target.path)) ?? []
            if !contents.isEmpty, !contents.contains(Self.marker) {
                throw BlotterError(path: self.target.path, reason: .invalidOption(
                    "this folder was not made by blotter, and a build replaces its output folder whole; "
                        + "choose another --output (or empty this folder)"))
            }
        }
        try? fm.removeItem(at: staging)
        // Only a real folder that holds the marker is taken (a second build running at the
        // same time finds it gone and starts from an empty folder).
        var info = stat()
        if lstat(spare.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
           fm.fileExists(atPath: spare.appendingPathComponent(Self.marker).path),
           rename(spare.path, staging.path) == 0 {
            reused = true
            stopToken = Interruption.removeIfStopped(staging.path)
            return
        }
        reused = false
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw BlotterError(path: parent.path, reason: .cannotWrite(Self.reason(error)))
        }
        stopToken = Interruption.removeIfStopped(staging.path)
    }

    /// Readies a reused folder for files at `paths` (relative): deletes every file and folder
    /// the new site does not have (and anything that is not a plain file or folder, so no
    /// write can follow a link out). Folders are made when their first file is written (see
    /// `create`), beside the rendering: made all at once before it, ten thousand folders in
    /// `incidents/` kept two threads waiting on that folder's lock (on ext4, a tenth of a
    /// build's time).
    func prepare(for paths: [String]) {
        guard reused else { return }
        let folders = Self.folders(of: paths)
        var expected = Set(paths)
        expected.insert(Self.marker)
        var files: [String] = []
        var found: [String] = []
        var others: [String] = []
        Self.collect(staging.path, files: &files, folders: &found, others: &others)
        let base = staging.path + "/"
        let stale = files.filter { !expected.contains(String($0.dropFirst(base.count))) } + others
        Parallel.forEach(stale.count) { unlink(stale[$0]) }
        for folder in found.dropFirst().reversed() where !folders.contains(String(folder.dropFirst(base.count))) {
            rmdir(folder)
        }
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
    func write(_ file: OutputFile) throws(BlotterError) {
        let path = staging.path + "/" + file.path
        if reused, case .whole(let bytes) = file.body, bytes.withUnsafeBufferPointer({ Self.holds(path, $0) }) { return }
        try Self.write(file.body, to: create(file.path), path: path)
    }

    /// Creates (or truncates) the file at `relative` for writing, making its missing folders:
    /// in a new staging folder the file's folder is made first (most files are the first of
    /// their folder); in a reused one, only when the file cannot be created without it.
    private func create(_ relative: String) throws(BlotterError) -> Int32 {
        let path = staging.path + "/" + relative
        if reused {
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

    /// Puts the staging folder in place of the target; the old site is removed.
    func commit() throws(BlotterError) {
        try swapIn()
        Interruption.keep(stopToken)
    }

    private func swapIn() throws(BlotterError) {
        let fm = FileManager.default
        let note = "This folder is replaced whole by `blotter build`; do not edit it by hand.\n"
        guard fm.createFile(atPath: staging.appendingPathComponent(Self.marker).path, contents: Data(note.utf8)) else {
            throw BlotterError(path: staging.path, reason: .cannotWrite("could not write \(Self.marker)"))
        }
        if fm.fileExists(atPath: target.path) {
            if Self.exchange(staging.path, target.path) {
                keep(staging.path)
                return
            }
            let old = staging.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
            try? fm.removeItem(at: old)
            guard rename(target.path, old.path) == 0 else {
                throw BlotterError(path: target.path, reason: .cannotWrite(String(cString: strerror(errno))))
            }
            guard rename(staging.path, target.path) == 0 else {
                let why = String(cString: strerror(errno))
                _ = rename(old.path, target.path)
                throw BlotterError(path: target.path, reason: .cannotWrite(why))
            }
            keep(old.path)
        } else if rename(staging.path, target.path) != 0 {
            throw BlotterError(path: target.path, reason: .cannotWrite(String(cString: strerror(errno))))
        }
    }

    /// Removes the staging folder (after a failed build); a reused one is kept for the next build.
    func discard() {
        if reused { keep(staging.path) } else { Self.removeTree(staging.path) }
        Interruption.keep(stopToken)
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

private extension StagingFolder {
    /// Every plain file, folder (parents first) and other entry (links, files with
    /// several names...) below `path`, without following links.
    static func collect(_ path: String, files: inout [String], folders: inout [String], others: inout [String]) {
        folders.append(path)
        guard let dir = opendir(path) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let full = path + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: collect(full, files: &files, folders: &folders, others: &others)
            // A file with a second name elsewhere is not a plain file here: writing over it would change the other.
            case S_IFREG where info.st_nlink == 1: files.append(full)
            default: others.append(full)
            }
        }
    }

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

    /// Swaps two paths atomically with Linux's renameat2(RENAME_EXCHANGE), when available.
    static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let atCurrentDirectory: Int32 = -100
        let renameExchange: UInt32 = 2
        return renameat2(atCurrentDirectory, a, atCurrentDirectory, b, renameExchange) == 0
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
