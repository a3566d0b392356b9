public import Foundation

extension SiteScaffold {
    /// Checks that a new site may be made at `folder`: a folder that does not exist yet
    /// (its parent must), or an empty one. A folder holding only `.git` counts as empty
    /// (a repository just cloned). Nothing is written.
    public static func checkFolder(_ folder: URL) throws(BlotterError) {
        let path = folder.standardizedFileURL.path
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else { throw BlotterError(path: path, reason: .cannotRead(String(cString: strerror(errno)))) }
            guard lstat(path, &info) != 0 else {
                throw BlotterError(path: path, reason: .invalidOption("a symbolic link that leads nowhere; remove it or name another folder"))
            }
            let parent = (path as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) else {
                throw BlotterError(path: parent, reason: .notFound)
            }
            guard isFolder.boolValue else { throw BlotterError(path: parent, reason: .notADirectory) }
            return
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw BlotterError(path: path, reason: .notADirectory) }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw BlotterError(path: path, reason: .cannotRead(String(describing: error)))
        }
        let held = entries.filter { $0 != ".git" }.sorted()
        guard held.isEmpty else {
            let named = held.prefix(3).map { quoted($0) }.joined(separator: ", ")
                + (held.count > 3 ? " and \(held.count - 3) more" : "")
            throw BlotterError(path: path, reason: .invalidOption(
                "the folder is not empty (it holds \(named)); `blotter init` makes a site only in a new or empty folder, and wrote nothing"))
        }
    }

    /// Writes `files` as a new site at `folder` (checked with `checkFolder` first), whole or
    /// not at all. A new folder is written under a hidden name beside it and renamed into
    /// place when complete; into an empty folder the files are written directly, and what
    /// was written is removed again if a file fails.
    public static func write(_ files: [File], to folder: URL) throws(BlotterError) {
        try checkFolder(folder)
        let path = folder.standardizedFileURL.path
        var info = stat()
        if stat(path, &info) == 0 {
            try writeInto(path, files)
        } else {
            try writeBeside(path, files)
        }
    }
}

private extension SiteScaffold {
    /// A new folder: written as `.<name>.init-<pid>` beside it, then renamed.
    static func writeBeside(_ path: String, _ files: [File]) throws(BlotterError) {
        let url = URL(fileURLWithPath: path)
        let staging = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).init-\(getpid())").path
        guard mkdir(staging, 0o777) == 0 else { throw failure(path) }
        do throws(BlotterError) {
            try writeFiles(files, under: staging, shownAs: path)
            guard rename(staging, path) == 0 else { throw failure(path) }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// An empty folder: the files written in it, and removed again on failure.
    static func writeInto(_ path: String, _ files: [File]) throws(BlotterError) {
        do throws(BlotterError) {
            try writeFiles(files, under: path, shownAs: path)
        } catch {
            let written = Set(files.compactMap { $0.path.split(separator: "/").first.map(String.init) })
            for name in written.sorted() { try? FileManager.default.removeItem(atPath: path + "/" + name) }
            throw error
        }
    }

    /// Writes each file below `root`, making its folders; an error names the file as it
    /// will be in the site (`shownAs/…`).
    static func writeFiles(_ files: [File], under root: String, shownAs: String) throws(BlotterError) {
        for file in files {
            var folder = root
            for part in file.path.split(separator: "/").dropLast() {
                folder += "/" + part
                guard mkdir(folder, 0o777) == 0 || errno == EEXIST else { throw failure(shownAs + "/" + file.path) }
            }
            let fd = open(root + "/" + file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw failure(shownAs + "/" + file.path) }
            defer { close(fd) }
            guard writeAll(fd, Array(file.text.utf8)) else { throw failure(shownAs + "/" + file.path) }
        }
    }

    /// The error for `path` from `errno`.
    static func failure(_ path: String) -> BlotterError {
        BlotterError(path: path, reason: .cannotWrite(String(cString: strerror(errno))))
    }
}

/// Writes `bytes` to `fd`; false with `errno` set when that failed.
private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var done = 0
    while done < bytes.count {
        let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return false }
        done += n
    }
    return true
}
