internal import Foundation

/// The `.blotter-output` file that marks a folder as Blotter's, to be replaced whole.
///
/// Its text is the same in every output (a build's files do not depend on where it is
/// written). The folder it was written for is named in an extended attribute of the file,
/// `user.blotter.folder`: the inode of the folder holding the output, and the output's
/// name, which builds do not change. So a copy of the marker marks nothing: `rsync -a`
/// copies no extended attributes, and a marker without one is trusted only where Blotter's
/// kept previous build lies beside it (as an older Blotter's, which named no folder);
/// `cp -a` copies one that names the folder it was copied from. On a file system without
/// extended attributes (and off Linux) the marker alone is trusted, as it was before.
struct OutputMarker: Sendable {
    /// The marker's file name.
    static let name = ".blotter-output"
    /// The marker's text.
    static let text = "This folder is replaced whole by `blotter build`; do not edit it by hand.\n"
    /// The extended attribute that names the folder.
    static let attribute = "user.blotter.folder"

    /// The attribute's value for the output this build replaces.
    let folder: [UInt8]

    /// The marker of the folder `target` (whose parent folder must exist).
    init(for target: URL) throws(BlotterError) {
        let parent = target.deletingLastPathComponent().path
        var info = stat()
        guard stat(parent, &info) == 0 else {
            throw BlotterError(path: parent, reason: .cannotRead(String(cString: strerror(errno))))
        }
        folder = Array("\(info.st_ino) \(target.lastPathComponent)".utf8)
    }

    /// Names this build's output in the marker file at `path`.
    func label(_ path: String) throws(BlotterError) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw BlotterError(path: path, reason: .cannotWrite(String(cString: strerror(errno)))) }
        defer { close(fd) }
        guard let result = ExtendedAttributes.set(fd, Self.attribute, folder), result != 0, errno != ENOTSUP else { return }
        throw BlotterError(path: path, reason: .cannotWrite(String(cString: strerror(errno))))
    }

    /// Whether the folder at `folder` (a real folder) is one Blotter may replace: empty, or
    /// marked for this output. `spare` is the previous build kept beside it.
    func owns(_ folder: String, spare: String) -> Bool {
        switch Self.label(in: folder) {
        case .none: return Self.isEmpty(folder)
        case .named(let found): return found == self.folder
        case .unnamed: return ownsSpare(spare)
        case .unknowable: return true
        }
    }

    /// Whether `spare`, the previous build kept beside the output, is Blotter's to write over:
    /// a real folder (not a link) with a marker that names this output, or names none.
    func ownsSpare(_ spare: String) -> Bool {
        var info = stat()
        guard lstat(spare, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return false }
        switch Self.label(in: spare) {
        case .none: return false
        case .named(let found): return found == folder
        case .unnamed, .unknowable: return true
        }
    }

    /// Why a build refuses the folder at `path`, which it does not own.
    static func refusal(_ path: String) -> BlotterError {
        let why = if case .none = label(in: path) {
            "this folder was not made by blotter, and a build replaces its output folder whole; "
                + "choose another --output (or empty this folder)"
        } else {
            "this folder's \(name) was not written for it (it was copied here, by rsync or cp, or it is "
                + "from an older blotter), so blotter cannot tell its files from others', and a build replaces "
                + "its output folder whole; choose another --output (build into Public and copy that), "
                + "or, if everything in this folder is a copy of a blotter site, delete the folder"
        }
        return BlotterError(path: path, reason: .invalidOption(why))
    }
}

private extension OutputMarker {
    /// What the marker in a folder says about the folder it was written for.
    enum Label {
        /// No marker (no plain file of that name).
        case none
        /// A marker naming a folder.
        case named([UInt8])
        /// A marker naming none: copied without its attribute, or from an older Blotter.
        case unnamed
        /// A marker on a file system without extended attributes.
        case unknowable
    }

    static func label(in folder: String) -> Label {
        let fd = open(folder + "/" + name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .none }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .none }
        var value = [UInt8](repeating: 0, count: 1024)
        guard let count = ExtendedAttributes.get(fd, attribute, into: &value) else { return .unknowable }
        if count >= 0 { return .named(Array(value.prefix(count))) }
        switch errno {
        case ENODATA: return .unnamed
        case ENOTSUP: return .unknowable
        default: return .named([])  // unreadable or too long: names no folder this build has
        }
    }

    /// Whether `folder` has no entries (an unreadable folder is not taken for empty).
    static func isEmpty(_ folder: String) -> Bool {
        (try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty ?? false
    }
}
