internal import Foundation

extension StagingFolder {
    /// The folder a build replaces: `target`, or, when `target` is a symbolic link, the
    /// folder it links to. The build is then staged beside that folder and swapped in its
    /// place, and the link stays as it is (replacing the link with a folder would leave the
    /// site somewhere its owner does not serve it from). A link to nothing is refused.
    static func resolve(_ target: URL) throws(BlotterError) -> URL {
        var info = stat()
        guard lstat(target.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return target }
        guard let real = realpath(target.path, nil) else {
            let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: target.path)) ?? "?"
            throw BlotterError(path: target.path, reason: .invalidOption(
                "this is a symbolic link to \(destination), which does not exist; "
                    + "make that folder, or choose another --output"))
        }
        defer { free(real) }
        return URL(fileURLWithPath: String(cString: real))
    }
}
