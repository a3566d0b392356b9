internal import Foundation

/// What the pipeline's memory (`BuildMemory`) needs of the folders a build writes: which
/// site a folder holds, and removing the files a site lost.
extension StagingFolder {
    /// The identity of the site in the folder at `path`: the folder's device and inode, and
    /// its marker's inode and change time. A build that takes a kept site to write over
    /// renews it before writing anything (`renewIdentity`), and the commit changes it again
    /// (the marker is labelled). Nil when the folder or its marker is missing.
    static func identity(of path: String) -> [UInt64]? {
        var folder = stat(), marker = stat()
        guard stat(path, &folder) == 0, lstat(path + "/" + OutputMarker.name, &marker) == 0 else { return nil }
        let (seconds, nanoseconds) = FileTimes.changed(marker)
        return [UInt64(folder.st_dev), UInt64(folder.st_ino), UInt64(marker.st_ino),
                UInt64(bitPattern: Int64(seconds)), UInt64(bitPattern: Int64(nanoseconds))]
    }

    /// Gives the reused folder a new identity: its marker replaced by a new file (a new
    /// inode), renamed into place, with the label of this output.
    func renewIdentity() {
        let path = staging.path + "/" + OutputMarker.name
        let fresh = path + ".new"
        guard (try? Self.write(.whole(Array(OutputMarker.text.utf8)), to: fresh)) != nil else {
            unlink(path)  // no marker: the folder is not taken for any kept site
            return
        }
        try? marker.label(fresh)
        if rename(fresh, path) != 0 {
            unlink(fresh)
            unlink(path)
        }
    }

    /// Removes the files at `paths` below `root`, and the folders they leave empty.
    static func remove(_ paths: [String], below root: String) {
        Parallel.forEach(paths.count) { unlink(root + "/" + paths[$0]) }
        var folders: Set<String> = []
        for path in paths {
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty, folders.insert(folder).inserted {
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        // Deepest first: a folder is empty once the ones inside it are gone.
        for folder in folders.sorted(by: { $0.utf8.count > $1.utf8.count }) { rmdir(root + "/" + folder) }
    }
}
