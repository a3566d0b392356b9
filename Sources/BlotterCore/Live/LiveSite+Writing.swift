internal import Foundation
internal import Synchronization

/// Writing the preview folder in place, a file at a time.
extension LiveSite {
    /// Renders `jobs` and writes each file beside its place, then renames it into place:
    /// the server never sends a half-written file.
    func update(jobs: [PageJob], renderer: Renderer) throws(BlotterError) {
        let output = options.outputDirectory.standardizedFileURL.path
        let failure = Mutex<BlotterError?>(nil)
        Parallel.forEach(jobs.count) { i in
            let file = renderer.render(jobs[i])
            do throws(BlotterError) {
                try Self.place(output + "/" + file.path) { temporary throws(BlotterError) in
                    try StagingFolder.write(file.body, to: temporary)
                }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    func copy(_ assets: [AssetFile]) throws(BlotterError) {
        let output = options.outputDirectory.standardizedFileURL.path
        for asset in assets {
            try Self.place(output + "/" + asset.outputPath) { temporary throws(BlotterError) in
                try StagingFolder.write(.whole(asset.bytes()), to: temporary)
            }
        }
    }

    /// Removes output files (and the folders they leave empty).
    func remove(_ paths: [String]) {
        let output = options.outputDirectory.standardizedFileURL.path
        for path in paths.sorted().reversed() {
            unlink(output + "/" + path)
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty, rmdir(output + "/" + folder) == 0 {
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
    }

    /// Makes the folder of `path`, lets `make` write a temporary file beside it, and renames it into place.
    static func place(_ path: String, _ make: (String) throws(BlotterError) -> Void) throws(BlotterError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw BlotterError(path: folder, reason: .cannotWrite(String(describing: error)))
            }
        }
        let temporary = folder + "/.blotter-" + (path as NSString).lastPathComponent
        try make(temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw BlotterError(path: path, reason: .cannotWrite(reason))
        }
    }
}
