internal import Foundation

/// The map library the map pages use: Leaflet and Leaflet.markercluster, as Debian ships
/// them (`libjs-leaflet`, `libjs-leaflet.markercluster`), copied into the output by each
/// build that has a map. Blotter writes no map code of its own but the theme's glue,
/// `assets/map.js`.
enum MapLibrary {
    /// The Debian packages to install when the files are missing.
    static let packages = "libjs-leaflet libjs-leaflet.markercluster"

    /// Where Debian puts the files (both packages install into `leaflet/`; the second folder
    /// is where a later packaging may put markercluster).
    static let folders = ["/usr/share/javascript/leaflet", "/usr/share/javascript/leaflet.markercluster"]

    /// Each file: its path in the package folder, and its path in the output. The minified
    /// scripts are published under the plain names; the stylesheets find their images in
    /// `images/` beside them, as they expect.
    static let files: [(source: String, output: String)] = [
        ("leaflet.min.js", "assets/leaflet/leaflet.js"),
        ("leaflet.css", "assets/leaflet/leaflet.css"),
        ("images/layers.png", "assets/leaflet/images/layers.png"),
        ("images/layers-2x.png", "assets/leaflet/images/layers-2x.png"),
        ("images/marker-icon.png", "assets/leaflet/images/marker-icon.png"),
        ("images/marker-icon-2x.png", "assets/leaflet/images/marker-icon-2x.png"),
        ("images/marker-shadow.png", "assets/leaflet/images/marker-shadow.png"),
        ("leaflet.markercluster.min.js", "assets/leaflet/leaflet.markercluster.js"),
        ("MarkerCluster.css", "assets/leaflet/MarkerCluster.css"),
        ("MarkerCluster.Default.css", "assets/leaflet/MarkerCluster.Default.css"),
    ]

    /// The theme's own files for the maps (or a site's copy of them in `Templates/assets/`),
    /// published only when the site has a map.
    static let themeFiles: Set<String> = ["assets/map.js", "assets/map.css"]

    /// The library's files as assets, each from the first of `folders` that has it, with
    /// their stamps; an error naming the packages to install when one is missing.
    static func assets(in folders: [String]) throws(BlotterError) -> [(asset: AssetFile, stamp: FileStamp)] {
        var found: [(AssetFile, FileStamp)] = []
        for file in files {
            let candidates = folders.map { $0 + "/" + file.source }
            guard let (path, stamp) = candidates.lazy.compactMap({ path in FileStamp.of(path).map { (path, $0) } }).first
            else {
                throw BlotterError(path: candidates[0], reason: .invalidOption(
                    "not found: the maps need Leaflet and Leaflet.markercluster; install them with "
                        + "`apt-get install \(packages)`, or turn the maps off with `map: false` in site.yml"))
            }
            found.append((AssetFile(sourcePath: path, relativePath: path, outputPath: file.output), stamp))
        }
        return found
    }

    /// Whether a site of these incidents has a map: maps on and at least one incident that
    /// is published (by `policy`) has a position.
    static func needed(_ config: SiteConfig, _ incidents: some Sequence<Incident>, policy: PublishPolicy) -> Bool {
        guard config.map != nil else { return false }
        return incidents.contains { incident in
            incident.location.hasCoordinates && !incident.isWithdrawn(at: policy.now)
                && Assembler.isVisible(draft: incident.draft, published: incident.publishedMoment, policy)
        }
    }
}
