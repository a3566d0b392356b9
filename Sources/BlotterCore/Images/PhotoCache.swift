internal import Foundation
internal import Synchronization

/// Photos are processed once: every file made (and every check of a source) is kept in
/// `.blotter-cache/photos/` in the site folder under the source's SHA-256, its width, format
/// and quality, between builds and by the preview. A second build of the same photos, or a
/// build into a new folder, reads them back and encodes nothing. Like Hugo's
/// `resources/_gen/`, the folder can be deleted at any time (the next build makes it again)
/// and is not committed (the site's .gitignore lists it).
///
/// A cache that cannot be written (a read-only site folder) only makes builds slower.
public final class PhotoCache: Sendable {
    /// The folder, nil for none (`blotter check` and `brief` publish no files).
    let folder: String?
    /// What this run did, for the build's summary.
    private let counts = Mutex<(encoded: Int, reused: Int)>((0, 0))

    /// The folder's place in a site folder.
    public static let place = ".blotter-cache/photos"

    init(site root: String?) {
        folder = root.map { $0 + "/" + Self.place }
    }

    /// Files encoded and files read back from the cache so far.
    var encoded: Int { counts.withLock { $0.encoded } }
    var reused: Int { counts.withLock { $0.reused } }

    /// The checked size of the photo whose source is `bytes` (`PhotoCodec.probe`), kept as
    /// `<digest>.size` (or the reason it was refused).
    func probe(_ bytes: [UInt8], digest: String, as format: PhotoCodec.Format) -> Result<(width: Int, height: Int), PhotoCodec.Refusal> {
        let name = "\(digest)-\(format.fileExtension).size"
        if let kept = read(name).flatMap({ String(decoding: $0, as: UTF8.self) as String? }) {
            if kept.hasPrefix("!") { return .failure(PhotoCodec.Refusal(message: String(kept.dropFirst()))) }
            let numbers = kept.split(separator: " ").compactMap { Int($0) }
            if numbers.count == 2 { return .success((numbers[0], numbers[1])) }
        }
        let result = PhotoCodec.probe(bytes, as: format)
        switch result {
        case .success(let size): write(name, Array("\(size.width) \(size.height)".utf8))
        case .failure(let refusal): write(name, Array(("!" + refusal.message).utf8))
        }
        return result
    }

    /// One file of `photo`, whose source is `asset`: read back from the cache, or made and kept.
    func bytes(_ variant: Photo.Variant, of photo: Photo, from asset: AssetFile, quality: Int) throws(BlotterError) -> [UInt8] {
        let name = "\(photo.digest)-\(variant.width)-q\(quality).\(variant.format.fileExtension)"
        if let kept = read(name) {
            counts.withLock { $0.reused += 1 }
            return kept
        }
        let source = try asset.bytes()
        guard SHA256.hex(SHA256.digest(source).prefix(16)) == photo.digest else {
            throw BlotterError(path: asset.relativePath, reason: .invalidOption("the file changed during the build; build again"))
        }
        switch PhotoCodec.encode(source, width: variant.width, as: variant.format, quality: quality) {
        case .success(let made):
            counts.withLock { $0.encoded += 1 }
            write(name, made)
            return made
        case .failure(let refusal):
            throw BlotterError(path: asset.relativePath, reason: .invalidOption(refusal.message))
        }
    }

    private func read(_ name: String) -> [UInt8]? {
        guard let folder else { return nil }
        return FileManager.default.contents(atPath: folder + "/" + name).map { [UInt8]($0) }
    }

    /// Written beside its place and renamed over it: a build cut short leaves no half file.
    private func write(_ name: String, _ bytes: [UInt8]) {
        guard let folder else { return }
        let manager = FileManager.default
        if !manager.fileExists(atPath: folder) {
            try? manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let temporary = folder + "/.\(name).\(UUID().uuidString)"
        guard manager.createFile(atPath: temporary, contents: Data(bytes)) else { return }
        if rename(temporary, folder + "/" + name) != 0 { try? manager.removeItem(atPath: temporary) }
    }
}
