/// The map library in the files a build publishes (`MapLibrary`).
extension Pipeline {
    /// Adds Leaflet and Leaflet.markercluster to the assets when the site has a map, and
    /// takes the map's own files (`assets/map.js` and `assets/map.css`, the theme's or a copy
    /// of them in `Templates/assets/`) out when it has none (`map: false`, or no incident
    /// with a position): a site without maps publishes nothing of them. A build or preview that
    /// needs the library and cannot find it stops with an error naming the Debian packages;
    /// `check`, which writes nothing, goes on without it.
    mutating func addMapAssets(_ changes: inout Changes, config: SiteConfig, policy: PublishPolicy) throws(BlotterError) {
        let needed = MapLibrary.needed(config, derived.values.lazy.map(\.incident), policy: policy)
        guard needed else {
            changes.assets.removeAll { asset in
                MapLibrary.themeFiles.contains(asset.outputPath) && !asset.relativePath.hasPrefix("Static/")
            }
            return
        }
        let library: [(asset: AssetFile, stamp: FileStamp)]
        do throws(BlotterError) {
            library = try MapLibrary.assets(in: options.mapLibraryFolders)
        } catch {
            if mode == .check { return }
            throw error
        }
        // A file of the site's own at the same path (Static/assets/leaflet/...) wins, as it
        // wins over the theme's.
        let taken = Set(changes.assets.filter { !$0.isTheme }.map(\.outputPath))
        for (asset, stamp) in library where !taken.contains(asset.outputPath) {
            changes.assets.removeAll { $0.outputPath == asset.outputPath }
            changes.assets.append(asset)
            changes.assetStamps[asset.relativePath] = stamp
        }
        changes.assets.sort { $0.outputPath < $1.outputPath }
    }
}
