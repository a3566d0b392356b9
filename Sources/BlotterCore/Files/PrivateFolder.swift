public import Foundation

/// A folder in the temporary directory that only this user can read, made new each time
/// (`mkdtemp`: mode 0700, a name nobody else can take first), and the checks for
/// opening files inside it without following a link that somebody else put there.
public enum PrivateFolder {
    /// Makes `<tmp>/<prefix>XXXXXX`, mode 0700, owned by this user.
    public static func make(prefix: String) throws(BlotterError) -> URL {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast())
            + Array("\(prefix)XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw BlotterError(path: base, reason: .cannotWrite(String(cString: strerror(errno))))
        }
        return URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }

    /// Whether `path` is a real folder (not a link) owned by this user that nobody else can
    /// write to: a folder that is safe to reuse.
    public static func isOwned(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR && info.st_uid == getuid() && info.st_mode & 0o022 == 0
    }

    /// Opens `path` for writing, new or emptied, mode 0600, refusing a link in its place
    /// (`O_NOFOLLOW`); returns the descriptor or -1 with `errno` set.
    public static func openForWriting(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
    }
}
