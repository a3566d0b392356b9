internal import Foundation

/// The stylesheets and scripts below `assets/` as templates link them (`site.assets`).
/// A build publishes each also under a name that changes with its content,
/// `assets/style.<16 hex digits of its SHA-256>.css`, so that a host can let browsers keep
/// it for a year, and pages link that name with its Subresource Integrity value. The
/// preview links the plain names without one: a stylesheet edit then changes no page, and
/// open pages swap the stylesheet in without reloading.
struct AssetManifest: Sendable, Equatable {
    /// One stylesheet or script.
    struct Entry: Sendable, Equatable {
        /// Its name in templates: the path below `assets/` with every character but ASCII
        /// letters and digits written `_` (`style.css` is `style_css`, `js/map-view.js` is
        /// `js_map_view_js`).
        var key: String
        /// Its output path (`assets/style.css`).
        var path: String
        /// The path pages link: the fingerprinted name in a build, `path` in the preview.
        var linked: String
        /// `sha256-` and the digest in base64 (what `integrity` holds); empty in the preview.
        var integrity: String
        /// The bytes hashed, published at `path` and `linked` (read once, so that both
        /// hold what the hash says even when the file is saved during the build); nil in the preview.
        var bytes: [UInt8]?
    }

    /// By output path.
    var entries: [Entry] = []

    /// How many hex digits of the SHA-256 a fingerprinted name carries (64 bits).
    static let hashDigits = 16

    /// Whether an asset is fingerprinted: a `.css` or `.js` file below `assets/`.
    static func isLinkable(_ path: String) -> Bool {
        path.hasPrefix("assets/") && (path.hasSuffix(".css") || path.hasSuffix(".js"))
    }

    /// The entry of the asset published at `path`.
    func entry(for path: String) -> Entry? {
        entries.first { $0.path == path }
    }

    /// A build's manifest: every stylesheet and script of `assets` read and hashed. Two
    /// assets with one template name get a warning, and the later keeps only its plain name.
    static func fingerprinted(_ assets: [AssetFile]) throws(BlotterError) -> (AssetManifest, [Diagnostic]) {
        let outputs = Set(assets.map(\.outputPath))
        var manifest = AssetManifest()
        var diagnostics: [Diagnostic] = []
        for asset in assets where isLinkable(asset.outputPath) {
            let bytes = try asset.bytes()
            let digest = SHA256.digest(bytes)
            var linked = fingerprintedPath(asset.outputPath, hash: SHA256.hex(digest.prefix(hashDigits / 2)))
            if outputs.contains(linked) { linked = asset.outputPath }  // the site has a file of that name already
            let entry = Entry(key: key(asset.outputPath), path: asset.outputPath, linked: linked,
                              integrity: "sha256-" + Data(digest).base64EncodedString(), bytes: bytes)
            if let taken = manifest.entries.first(where: { $0.key == entry.key }) {
                diagnostics.append(collision(asset, entry.key, taken))
            } else {
                manifest.entries.append(entry)
            }
        }
        return (manifest, diagnostics)
    }

    /// The preview's manifest: the plain names, nothing read.
    static func plain(_ assets: [AssetFile]) -> AssetManifest {
        var manifest = AssetManifest()
        var keys: Set<String> = []
        for asset in assets where isLinkable(asset.outputPath) && keys.insert(key(asset.outputPath)).inserted {
            manifest.entries.append(Entry(key: key(asset.outputPath), path: asset.outputPath, linked: asset.outputPath,
                                          integrity: "", bytes: nil))
        }
        return manifest
    }

    /// The files a build publishes besides the assets' own: each fingerprinted copy.
    var copies: [OutputFile] {
        entries.compactMap { entry in
            guard entry.linked != entry.path, let bytes = entry.bytes else { return nil }
            return OutputFile(path: entry.linked, bytes: bytes)
        }
    }
}

private extension AssetManifest {
    /// `assets/css/main.css` with `hash`: `assets/css/main.<hash>.css`.
    static func fingerprintedPath(_ path: String, hash: String) -> String {
        let dot = path.lastIndex(of: ".")!  // isLinkable: it ends in .css or .js
        return path[..<dot] + "." + hash + path[dot...]
    }

    static func key(_ path: String) -> String {
        String(decoding: path.dropFirst("assets/".count).utf8.map { $0.isASCIIAlphanumeric ? $0 : UInt8(ascii: "_") },
               as: UTF8.self)
    }

    static func collision(_ asset: AssetFile, _ key: String, _ taken: Entry) -> Diagnostic {
        Diagnostic(.warning, file: asset.relativePath, line: 1, column: 1, field: "",
                   message: "templates cannot tell it from \(taken.path): both are site.assets.\(key); "
                       + "rename one (this one is published under its plain name only)")
    }
}
