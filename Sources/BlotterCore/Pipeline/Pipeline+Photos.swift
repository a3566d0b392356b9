/// The site's photos (`Photo`): every JPEG and PNG asset read, hashed and checked before
/// the pages are rendered (they give each photo's size), then processed while the pages are
/// (`OutputPlan`), each file once (`PhotoCache`).
extension Pipeline {
    /// A photo as last read: the file's stamp, and what it was.
    struct PhotoReading: Sendable {
        var stamp: FileStamp
        var outcome: Result<Photo, PhotoCodec.Refusal>
    }

    /// The photos of `assets`: a file whose stamp is what it was at the last run (the
    /// preview) is not read again; the others are read, hashed and checked in parallel.
    mutating func photoSet(_ assets: [AssetFile], stamps: [String: FileStamp], settings: PhotoSettings) -> PhotoSet {
        // The site's own files only: those from outside it (Leaflet's images, copied from
        // Debian's package by `addMapAssets`, named by their absolute path) are published as they are.
        let rasters = assets.filter { PhotoCodec.format(of: $0.outputPath) != nil && !$0.relativePath.hasPrefix("/") }
        var set = PhotoSet()
        set.cache = photoCache
        var fresh: [AssetFile] = []
        for asset in rasters {
            if let stamp = stamps[asset.relativePath], let reading = photoReadings[asset.relativePath], reading.stamp == stamp {
                set.add(reading.outcome.map { $0.under(settings) }, asset)
            } else {
                fresh.append(asset)
            }
        }
        let (cache, reading) = (photoCache, fresh)
        let made = Parallel.map(reading.count) { i in Self.readPhoto(reading[i], settings: settings, cache: cache) }
        var readings: [String: PhotoReading] = [:]
        for (asset, outcome) in zip(fresh, made) {
            set.add(outcome, asset)
            if let stamp = stamps[asset.relativePath] { readings[asset.relativePath] = PhotoReading(stamp: stamp, outcome: outcome) }
        }
        for asset in rasters where readings[asset.relativePath] == nil { readings[asset.relativePath] = photoReadings[asset.relativePath] }
        photoReadings = readings
        return set
    }

    /// One photo read, hashed and checked.
    static func readPhoto(_ asset: AssetFile, settings: PhotoSettings, cache: PhotoCache) -> Result<Photo, PhotoCodec.Refusal> {
        guard let format = PhotoCodec.format(of: asset.outputPath) else { return .failure(.init(message: "not a photo")) }
        let bytes: [UInt8]
        do { bytes = try asset.bytes() } catch { return .failure(.init(message: "the file cannot be read")) }
        let digest = SHA256.hex(SHA256.digest(bytes).prefix(16))
        return cache.probe(bytes, digest: digest, as: format).map { size in
            Photo(path: asset.outputPath, format: format, digest: digest, width: size.width, height: size.height, settings: settings)
        }
    }

    /// An error for each photo that cannot be published: at each field that names it
    /// (`image.src` of an incident or author), or at the file itself when no field does.
    static func photoDiagnostics(_ site: Site, _ set: PhotoSet) -> [Diagnostic] {
        guard !set.refused.isEmpty else { return [] }
        var named: Set<String> = []
        var diagnostics: [Diagnostic] = []
        let images: [(file: String, image: Image)] = site.incidents.compactMap { published in
            published.incident.image.map { (published.incident.path, $0) }
        } + site.authors.compactMap { published in published.author.image.map { (published.author.path, $0) } }
        for (file, image) in images {
            guard image.src.hasPrefix("/"), let (path, refused) = set.refused.first(where: { "/" + $0.key == image.src }) else {
                continue
            }
            named.insert(path)
            diagnostics.append(Diagnostic(.error, file: file, line: image.place.line, column: image.place.column,
                                          field: "image.src", message: "\(image.src) (\(refused.source)): \(refused.refusal.message)",
                                          kind: .image))
        }
        for (path, refused) in set.refused where !named.contains(path) {
            diagnostics.append(Diagnostic(.error, file: refused.source, line: 1, column: 1, field: "",
                                          message: "cannot publish this photo: \(refused.refusal.message)", kind: .image))
        }
        return diagnostics
    }
}

extension Photo {
    /// The same photo under other settings (other widths).
    func under(_ settings: PhotoSettings) -> Photo {
        Photo(path: path, format: format, digest: digest, width: width, height: height, settings: settings)
    }
}

extension PhotoSet {
    mutating func add(_ outcome: Result<Photo, PhotoCodec.Refusal>, _ asset: AssetFile) {
        switch outcome {
        case .success(let photo):
            photos[asset.outputPath] = photo
            sources[asset.outputPath] = asset
        case .failure(let refusal): refused[asset.outputPath] = (asset.relativePath, refusal)
        }
    }
}
