internal import Foundation

/// The `.blotter-output` file that marks a folder as Blotter's, to be replaced whole.
///
/// It names the folder it was written for: the folder's name and the inode of the folder
/// that holds it (which a build does not change, so the marker keeps its bytes from build
/// to build). A copy of it elsewhere, such as the one `rsync -a Public/ /var/www/html/`
/// leaves on a web root beside that root's other files, names another folder and marks
/// nothing: a build refuses to replace the folder it was copied into.
struct OutputMarker: Sendable {
    /// The marker's file name.
    static let name = ".blotter-output"

    /// What the marker says in the output folder this build replaces.
    let bytes: [UInt8]

    /// The marker of the folder `target` (whose parent folder must exist).
    init(for target: URL) throws(BlotterError) {
        let parent = target.deletingLastPathComponent().path
        var info = stat()
        guard stat(parent, &info) == 0 else {
            throw BlotterError(path: parent, reason: .cannotRead(String(cString: strerror(errno))))
        }
        let text = Self.legacyText + "It marks the folder \"\(target.lastPathComponent)\" in the folder with inode "
            + "\(info.st_ino); a copy of this file in another folder marks nothing.\n"
        bytes = Array(text.utf8)
    }

    /// Whether the folder at `folder` (its path, a real folder) is one Blotter may replace:
    /// empty, or holding this marker. `spare` is the previous build kept beside it.
    func owns(_ folder: String, spare: String) -> Bool {
        guard let found = Self.contents(of: folder) else { return Self.isEmpty(folder) }
        // A marker from before markers named their folder is Blotter's when Blotter's
        // kept previous build lies beside it: only a build swaps folders there.
        return found == bytes || found == Array(Self.legacyText.utf8) && ownsSpare(spare)
    }

    /// Whether `spare`, the previous build kept beside the output, is Blotter's to write over:
    /// a real folder (not a link) holding this marker or an older Blotter's.
    func ownsSpare(_ spare: String) -> Bool {
        var info = stat()
        guard lstat(spare, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
              let found = Self.contents(of: spare) else { return false }
        return found == bytes || found == Array(Self.legacyText.utf8)
    }

    /// Why a build refuses the folder at `path` that it does not own.
    static func refusal(_ path: String) -> BlotterError {
        let why = contents(of: path) == nil
            ? "this folder was not made by blotter, and a build replaces its output folder whole; "
                + "choose another --output (or empty this folder)"
            : "this folder's \(name) was not written for it (it was copied here, by rsync or cp, or it is "
                + "from an older blotter), so blotter cannot tell its files from others', and a build replaces "
                + "its output folder whole; choose another --output (build into Public and copy that), "
                + "or, if everything in this folder is a copy of a blotter site, delete the folder"
        return BlotterError(path: path, reason: .invalidOption(why))
    }

    /// The marker's first line, all that markers said before they named their folder.
    private static let legacyText = "This folder is replaced whole by `blotter build`; do not edit it by hand.\n"

    /// The bytes of the plain file `.blotter-output` in `folder` (never through a link), or nil.
    private static func contents(of folder: String) -> [UInt8]? {
        let fd = open(folder + "/" + name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
        return count >= 0 ? Array(bytes.prefix(count)) : nil
    }

    /// Whether `folder` has no entries (an unreadable folder is not taken for empty).
    private static func isEmpty(_ folder: String) -> Bool {
        (try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty ?? false
    }
}
