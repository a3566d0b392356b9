internal import Foundation

/// Stage 1, load: finds the files of a site folder (`site.yml`, `Content/`, `Templates/` and
/// `Static/`) with their stamps, and reads them as text; the pipeline (`Pipeline+Sources.swift`)
/// reads only those whose stamp changed.
public enum SiteLoader {
    /// The site folder, standardised; a `BlotterError` when it is missing or not a folder.
    static func folder(_ siteDirectory: URL) throws(BlotterError) -> URL {
        let root = siteDirectory.standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir) else {
            throw BlotterError(path: root.path, reason: .notFound)
        }
        guard isDir.boolValue else { throw BlotterError(path: root.path, reason: .notADirectory) }
        return root
    }

    /// Paths (relative to `root`, sorted) of regular files below `folder` ending in `suffix`.
    /// Hidden files and folders (starting with `.`) are skipped. Symbolic links are followed
    /// only when they lead to a place inside the site folder: a link out of it (to a home
    /// folder's keys, say) is not followed, with a warning, so nothing from outside the site
    /// is read or published. A folder reached a second time (a link to a folder above it,
    /// or to one read already) is not read again.
    static func files(under root: URL, folder: String, suffix: String, diagnostics: inout [Diagnostic]) -> [String] {
        var walk = Walk(root: root.path, suffix: suffix, stamps: false)
        walk.read(root.path + "/" + folder, relative: folder, depth: 0)
        walk.warnAboutLinks(&diagnostics)
        return walk.found.map(\.path).sorted()
    }

    /// The files published as they are (`Static/**` and `Templates/assets/**`), relative to `root`.
    static func assetPaths(under root: URL, diagnostics: inout [Diagnostic]) -> [String] {
        files(under: root, folder: "Static", suffix: "", diagnostics: &diagnostics)
            + files(under: root, folder: "Templates/assets", suffix: "", diagnostics: &diagnostics)
    }

    /// The same files with their size and change time, sorted by path (links out of the site
    /// are not followed either, with the same warning).
    static func stamps(under root: String, folder: String, suffix: String,
                       diagnostics: inout [Diagnostic]) -> [(path: String, stamp: FileStamp)] {
        var walk = Walk(root: root, suffix: suffix, stamps: true)
        walk.read(root + "/" + folder, relative: folder, depth: 0)
        walk.warnAboutLinks(&diagnostics)
        return walk.found.compactMap { entry in entry.stamp.map { (entry.path, $0) } }.sorted { $0.path < $1.path }
    }
}

/// One walk through a folder tree.
private struct Walk {
    /// The site folder with its links resolved: what links may lead into.
    let root: String
    let suffix: String
    /// Whether each file's size and change time are wanted.
    let stamps: Bool
    var found: [(path: String, stamp: FileStamp?)] = []
    /// Links that lead out of the site folder (not followed), with where they lead.
    var outside: [(path: String, target: String)] = []
    /// The folders read so far, by device and inode.
    var seen: Set<[UInt64]> = []

    init(root: String, suffix: String, stamps: Bool) {
        self.root = Walk.resolved(root) ?? root
        self.suffix = suffix
        self.stamps = stamps
    }

    /// Without `stamps`, a file or folder whose type the folder listing gives is not looked
    /// up (on a cold disk cache, each lookup waits for the disk). Links (and entries of
    /// unknown type) are looked up without following them first.
    mutating func read(_ path: String, relative: String, depth: Int) {
        if depth == 0, isLink(path), !leadsInside(path, relative: relative) { return }
        guard depth < 32, let dir = opendir(path) else { return }
        defer { closedir(dir) }
        var folder = stat()
        guard fstat(dirfd(dir), &folder) == 0, seen.insert([UInt64(folder.st_dev), UInt64(folder.st_ino)]).inserted else {
            return
        }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let full = path + "/" + name
            let listed = Int(entry.pointee.d_type)
            var info = stat()
            let typed = !stamps && (listed == DT_REG || listed == DT_DIR)
            if !typed {
                guard lstat(full, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFLNK {
                    guard leadsInside(full, relative: relative + "/" + name), stat(full, &info) == 0 else { continue }
                }
            }
            let type = typed ? (listed == DT_DIR ? S_IFDIR : S_IFREG) : info.st_mode & S_IFMT
            if type == S_IFDIR {
                read(full, relative: relative + "/" + name, depth: depth + 1)
            } else if type == S_IFREG, name.hasSuffix(suffix) {
                found.append((relative + "/" + name, typed ? nil : FileStamp(info)))
            }
        }
    }
}

private extension Walk {
    /// A warning for each link out of the site folder that was not followed.
    func warnAboutLinks(_ diagnostics: inout [Diagnostic]) {
        for link in outside {
            let warning = Diagnostic(.warning, file: link.path, line: 1, column: 1, field: "",
                                     message: "symbolic link to \(link.target), outside the site folder: not followed, "
                                         + "so nothing there is read or published", kind: .symbolicLink)
            // Templates/ and Templates/assets/ are both walked: one warning for a link.
            if !diagnostics.contains(warning) { diagnostics.append(warning) }
        }
    }

    func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// Whether the link at `path` leads to a place inside the site folder; if not, it is
    /// recorded in `outside` (a broken link is neither followed nor recorded).
    mutating func leadsInside(_ path: String, relative: String) -> Bool {
        guard let target = Walk.resolved(path) else { return false }
        if target == root || target.hasPrefix(root == "/" ? "/" : root + "/") { return true }
        outside.append((relative, target))
        return false
    }

    /// `path` with every link and `..` resolved, or nil when it leads nowhere.
    static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }
}

extension SiteLoader {
    /// Reads the files in parallel (most of a big site's load time is waiting on the disk).
    static func readAll(_ paths: [String], root: URL, diagnostics: inout [Diagnostic]) -> [SourceFile] {
        let base = root.path + "/"
        let results = Parallel.map(paths.count) { readText(base + paths[$0], relative: paths[$0]) }
        var files: [SourceFile] = []
        files.reserveCapacity(paths.count)
        for result in results {
            switch result {
            case .success(let file): files.append(file)
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return files
    }

    static func readText(_ url: URL, relative: String, diagnostics: inout [Diagnostic]) -> SourceFile? {
        switch readText(url.path, relative: relative) {
        case .success(let file): return file
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
    }

    /// The largest text file read (site.yml, a page, an incident, a template): 16 MiB, eight
    /// times the longest report seen; a bigger one is a mistake or an attack, and would be
    /// held in memory whole, several times over.
    static let maxTextSize = 16 << 20

    static func readText(_ path: String, relative: String) -> Result<SourceFile, Diagnostic> {
        var info = stat()
        if stat(path, &info) == 0, Int(info.st_size) > maxTextSize {
            return .failure(Diagnostic(.error, file: relative, line: 1, column: 1, field: "",
                                       message: "this file is \(Int(info.st_size) >> 20) MiB; a text file may be "
                                           + "16 MiB at most (is it the right file?)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Diagnostic(.error, file: relative, line: 1, column: 1, field: "",
                                       message: "cannot read this file"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(Diagnostic(.error, file: relative, line: 1, column: 1, field: "",
                                       message: "not valid UTF-8 text; save the file as UTF-8"))
        }
        return .success(SourceFile(path: relative, text: text))
    }
}

/// What tells a changed file from an unchanged one without reading it.
public struct FileStamp: Sendable, Hashable {
    var seconds: Int
    var nanoseconds: Int
    var size: Int
    var inode: UInt64

    /// The stamp of a file that is not there.
    static let missing = FileStamp(seconds: -1, nanoseconds: -1, size: -1, inode: 0)

    /// The stamp of a theme file compiled into Blotter (it never changes while Blotter runs).
    static let embedded = FileStamp(seconds: -2, nanoseconds: -2, size: -2, inode: 0)

    private init(seconds: Int, nanoseconds: Int, size: Int, inode: UInt64) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.size = size
        self.inode = inode
    }

    init(_ info: stat) {
        (seconds, nanoseconds) = FileTimes.modified(info)
        size = Int(info.st_size)
        inode = UInt64(info.st_ino)
    }

    /// The stamp of the file at `path`, nil when there is no regular file.
    static func of(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(info)
    }
}
