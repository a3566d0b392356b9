internal import Foundation

/// The default theme: the files of the repository's `Templates/`, compiled into Blotter
/// (the `EmbedTheme` build plugin writes them into `Theme.encoded`). A site's own
/// `Templates/` replaces it file by file, as Hugo's layouts replace a theme's: a site that
/// changes only `incident.mustache` keeps every other file of the theme, and gets its fixes
/// with each new Blotter.
public enum Theme {
    /// One file of the theme.
    public struct File: Sendable {
        /// The path below `Templates/` (`incident.mustache`, `assets/style.css`).
        public var path: String
        public var bytes: [UInt8]

        /// How messages name it: `(theme)/incident.mustache`.
        public var label: String { Theme.label + path }
    }

    /// The start of a theme file's name in messages and listings.
    public static let label = "(theme)/"

    /// Every file of the theme, sorted by path.
    public static let files: [File] = encoded.map { entry in
        File(path: entry.path, bytes: Data(base64Encoded: entry.base64).map { [UInt8]($0) } ?? [])
    }

    /// The theme's templates (`.mustache` files outside `assets/`).
    public static var templates: [File] {
        files.filter { !$0.path.hasPrefix("assets/") && $0.path.hasSuffix(".mustache") }
    }

    /// The theme's assets (published below `/assets/`).
    public static var assets: [File] {
        files.filter { $0.path.hasPrefix("assets/") }
    }

    /// The templates a site uses: its own (`Templates/….mustache`) and, for each name it
    /// has none of, the theme's (named `(theme)/….mustache`).
    static func templates(besides site: [SourceFile]) -> [SourceFile] {
        let own = Set(site.map { TemplateSet.templateName($0.path) })
        let theme = templates.filter { !own.contains(TemplateSet.templateName($0.path)) }.map { file in
            SourceFile(path: file.label, text: String(decoding: file.bytes, as: UTF8.self))
        }
        return site + theme
    }

    /// The files a site publishes as they are: the theme's assets, then the site's
    /// `Static/` (at the site's root) and `Templates/assets/` (at `/assets/`) in their place:
    /// a site file replaces the theme's file of the same output path, and `Templates/assets/`
    /// replaces `Static/assets/`. `sitePaths` are relative to the site folder `root`.
    static func assets(besides sitePaths: [String], root: String) -> [AssetFile] {
        var byOutput: [String: AssetFile] = [:]
        for file in assets { byOutput[file.path] = AssetFile(theme: file) }
        for prefix in ["Static/", "Templates/"] {
            for path in sitePaths where path.hasPrefix(prefix) {
                let output = String(path.dropFirst(prefix.count))
                byOutput[output] = AssetFile(sourcePath: root + "/" + path, relativePath: path, outputPath: output)
            }
        }
        return byOutput.values.sorted { $0.outputPath < $1.outputPath }
    }
}
