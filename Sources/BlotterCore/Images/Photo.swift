internal import Foundation

/// A JPEG or PNG the site publishes (from `Static/` or `Templates/assets/`), as pages show
/// it: in several widths (site.yml's `images.widths`, never wider than the photo), each in
/// WebP and in its own format, every file upright and without metadata (`PhotoCodec`).
///
/// `assets/images/scene.jpg`, 2000 pixels wide, is published as `scene.jpg` (2000 wide,
/// cleaned), `scene-480w.jpg` ... `scene-1600w.jpg` and `scene-480w.webp` ...
/// `scene-1600w.webp`; a photo 1000 wide as `scene-480w`, `scene-800w` and `scene.jpg`
/// itself (1000 wide), with `scene-1000w.webp`.
struct Photo: Sendable, Equatable, Hashable {
    /// The output path of the file itself (`assets/images/scene.jpg`).
    var path: String
    var format: PhotoCodec.Format
    /// The source's SHA-256, 32 hex digits: the processed files are kept under it (`PhotoCache`).
    var digest: String
    /// The source's size, upright.
    var width: Int
    var height: Int
    /// The widths published, ascending: the settings' widths narrower than the photo, and
    /// the photo's own when it is not wider than the largest.
    var widths: [Int]

    init(path: String, format: PhotoCodec.Format, digest: String, width: Int, height: Int, settings: PhotoSettings) {
        self.path = path
        self.format = format
        self.digest = digest
        self.width = width
        self.height = height
        widths = settings.widths.filter { $0 < width } + (width <= settings.largest ? [width] : [])
    }

    /// The height at `width`, as libvips rounds it.
    func height(at width: Int) -> Int {
        max(1, Int((Double(height) * Double(width) / Double(self.width)).rounded()))
    }

    /// The output path of the photo at `width` in `format`.
    func path(width: Int, format: PhotoCodec.Format) -> String {
        if width == self.width, format == self.format { return path }
        let dot = path.lastIndex(of: ".") ?? path.endIndex
        return "\(path[..<dot])-\(width)w.\(format.fileExtension)"
    }

    /// One file of the photo: a width in a format.
    struct Variant: Sendable, Hashable {
        var width: Int
        var format: PhotoCodec.Format
    }

    /// Every file published: the photo itself at its own width, and each width in WebP and
    /// in its own format.
    var variants: [Variant] {
        var all = [Variant(width: width, format: format)]
        for w in widths {
            if w != width { all.append(Variant(width: w, format: format)) }
            all.append(Variant(width: w, format: .webp))
        }
        return all
    }

    /// The widest published width (what the `src` fallback and briefings use).
    var largest: Int { widths.last ?? width }
}

/// The site's photos by output path, and why any could not be published.
struct PhotoSet: Sendable, Equatable {
    var photos: [String: Photo] = [:]
    /// Each photo's source file, and where its files are made: briefings hold their photos.
    var sources: [String: AssetFile] = [:]
    var cache: PhotoCache?
    /// Files that are not usable photos (empty, damaged, too large, misnamed), by output
    /// path: the source's path relative to the site folder, and the reason.
    var refused: [String: (source: String, refusal: PhotoCodec.Refusal)] = [:]

    static func == (a: PhotoSet, b: PhotoSet) -> Bool {
        a.photos == b.photos && a.refused.mapValues(\.refusal) == b.refused.mapValues(\.refusal)
    }

    /// The photo a site path (`/assets/images/scene.jpg`, as fields and Markdown write it) names.
    func photo(at link: String) -> Photo? {
        guard link.hasPrefix("/"), !link.hasPrefix("//") else { return nil }
        let path = link.dropFirst()
        return photos[String(path.prefix { $0 != "?" && $0 != "#" })]
    }

    /// The widest published width of `photo` as a `data:` address, for briefings: a printed
    /// or mailed briefing holds its photos, whether or not the site was built. Nil when the
    /// file cannot be made.
    func printData(_ photo: Photo, quality: Int) -> String? {
        guard let cache, let source = sources[photo.path] else { return nil }
        let variant = Photo.Variant(width: photo.largest, format: photo.format)
        guard let bytes = try? cache.bytes(variant, of: photo, from: source, quality: quality) else { return nil }
        let type = photo.format == .png ? "image/png" : "image/jpeg"
        return "data:\(type);base64," + Data(bytes).base64EncodedString()
    }

    /// A hash of every photo: the pages that show them depend on their sizes.
    var fingerprint: UInt64 {
        var hasher = StableHasher()
        for key in photos.keys.sorted() {
            let photo = photos[key]!
            hasher.combine(key)
            hasher.combine(photo.digest)
            hasher.combine(photo.width)
            hasher.combine(photo.height)
        }
        return hasher.finalize()
    }
}
