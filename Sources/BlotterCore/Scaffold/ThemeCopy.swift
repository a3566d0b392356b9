public import Foundation

/// `blotter theme list` and `blotter theme copy`: which file of the site or of the theme each
/// template and asset comes from, and copies of theme files to customise.
public enum ThemeCopy {
    /// One template or asset a site uses.
    public struct Entry: Sendable, Equatable {
        /// Its path below `Templates/` (`incident.mustache`, `assets/style.css`).
        public var name: String
        /// The file used: `Templates/incident.mustache`, `Static/assets/logo.svg` or `(theme)/layout.mustache`.
        public var file: String
        /// Whether the theme has a file of that name (which the site's replaces when `file` is the site's).
        public var inTheme: Bool

        /// Whether the file used is the site's own.
        public var isSite: Bool { !file.hasPrefix(Theme.label) }
    }

    /// Every template and every file published below `/assets/`, sorted by name.
    public static func list(siteDirectory: URL) -> [Entry] {
        let root = siteDirectory.standardizedFileURL
        var ignored: [Diagnostic] = []
        let templates = Theme.templates(besides: SiteLoader.files(under: root, folder: "Templates", suffix: ".mustache",
                                                                   diagnostics: &ignored).map { SourceFile(path: $0, text: "") })
        let assets = Theme.assets(besides: SiteLoader.assetPaths(under: root, diagnostics: &ignored), root: root.path)
        let themed = Set(Theme.files.map(\.path))
        let entries = templates.map { file in
            let name = TemplateSet.templateName(file.path) + ".mustache"
            return Entry(name: name, file: file.path, inTheme: themed.contains(name))
        } + assets.filter { $0.outputPath.hasPrefix("assets/") }.map { asset in
            Entry(name: asset.outputPath, file: asset.relativePath, inTheme: themed.contains(asset.outputPath))
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// What `copy` did with one file.
    public enum Outcome: Sendable, Equatable {
        /// Written (the path relative to the site folder).
        case wrote(String)
        /// Left alone: the site has it already.
        case kept(String)
    }

    /// The theme files `names` ask for: every file for no names; a name may leave out
    /// `.mustache` (`incident`), start with `Templates/` or `(theme)/`, or be a folder
    /// (`partials`, `assets`). An unknown name is an error with the closest one suggested.
    public static func select(_ names: [String]) throws(BlotterError) -> [Theme.File] {
        guard !names.isEmpty else { return Theme.files }
        var chosen: [Theme.File] = []
        for name in names {
            var key = name
            for prefix in ["./", "Templates/", Theme.label] where key.hasPrefix(prefix) { key.removeFirst(prefix.count) }
            while key.hasSuffix("/") { key.removeLast() }
            let matches = Theme.files.filter { $0.path == key || $0.path == key + ".mustache" || $0.path.hasPrefix(key + "/") }
            guard !matches.isEmpty else {
                let known = Theme.files.map(\.path) + Theme.files.map { TemplateSet.templateName($0.path) }
                let hint = Spelling.closest(to: key, among: known).map { "did you mean \"\($0)\"? " } ?? ""
                throw BlotterError(path: "theme copy", reason: .invalidOption(
                    "no file \"\(name)\" in the theme; \(hint)`blotter theme list` shows them all"))
            }
            chosen += matches.filter { match in !chosen.contains { $0.path == match.path } }
        }
        return chosen.sorted { $0.path < $1.path }
    }

    /// Writes `files` into the site's `Templates/`, never replacing a file that is there.
    public static func copy(_ files: [Theme.File], into siteDirectory: URL) throws(BlotterError) -> [Outcome] {
        let root = siteDirectory.standardizedFileURL.path
        var outcomes: [Outcome] = []
        for file in files {
            let relative = "Templates/" + file.path
            let path = root + "/" + relative
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
            } catch {
                throw BlotterError(path: (relative as NSString).deletingLastPathComponent,
                                   reason: .cannotWrite(String(describing: error)))
            }
            var info = stat()
            if lstat(path, &info) == 0 {
                outcomes.append(.kept(relative))
                continue
            }
            do {
                try Data(file.bytes).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            } catch {
                throw BlotterError(path: relative, reason: .cannotWrite(String(describing: error)))
            }
            outcomes.append(.wrote(relative))
        }
        return outcomes
    }
}
