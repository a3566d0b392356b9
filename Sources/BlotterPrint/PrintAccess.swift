public import BlotterCore
internal import Foundation

/// What Chromium may load while it prints a briefing: the files in the print folder (the
/// briefing itself), the site's own files, and `data:` addresses. Anything else (a file
/// elsewhere on the disk, any web address) is refused, and named in a warning: a
/// briefing's Markdown or front matter must not put a reporter's passport scan or an
/// intranet address into the PDF.
///
/// The site's files are its `Templates/assets/` (published at `assets/`), its `Static/`, its
/// built pages (`Public/`) and the theme's assets compiled into Blotter, at the addresses the briefing gives them: root-relative under the base
/// path (`/assets/a.png`, which Chromium asks for as `file:///assets/a.png`) or under an
/// absolute `base_url` (`https://news.example/assets/a.png`). They are read from the disk,
/// never from the web.
public struct PrintAccess: Sendable {
    /// A folder of the site's files and the site path (`assets/`, or `""` for all) it holds.
    struct Root: Sendable {
        var prefix: String
        var folder: String
    }

    /// Where a site path is looked for, in order (folders as real paths).
    var roots: [Root]
    /// `/` or `/news/`: the start of every root-relative site address.
    var basePath: String
    /// The absolute `base_url` (`https://news.example/`), nil when `base_url` is only a path.
    var absoluteBase: URL?
    /// The print folder (a real path), set by the printer.
    var printFolder: String?

    /// What to do with a request.
    enum Decision: Equatable, Sendable {
        /// Let Chromium load it (the print folder's and the site's files by their own paths, `data:`).
        case load
        /// Answer with this file of the site (a real path) and its media type.
        case serve(file: String, type: String)
        /// Answer with this file of the theme (its path below `Templates/`) and its media type.
        case serveTheme(path: String, type: String)
        /// Refuse it.
        case refuse
    }

    /// The files of the site at `options.siteDirectory` (its `Templates/assets/`, `Static/`, and
    /// `Public/` or `options.outputDirectory`), at the addresses its `site.yml` gives them.
    public static func site(_ options: BuildOptions) -> PrintAccess {
        let config = (try? Pipeline.settings(options))?.0 ?? .defaults
        let roots = [Root(prefix: "assets/", folder: options.siteDirectory.appendingPathComponent("Templates/assets").path),
                     Root(prefix: "", folder: options.siteDirectory.appendingPathComponent("Static").path),
                     Root(prefix: "", folder: options.outputDirectory.path)]
        let absolute = URL(string: config.baseURL).flatMap { $0.host == nil ? nil : $0 }
        return PrintAccess(roots: roots.compactMap { root in Self.realPath(root.folder).map { Root(prefix: root.prefix, folder: $0) } },
                           basePath: config.basePath, absoluteBase: absolute)
    }

    /// The print folder's files and `data:` only.
    public static let printFolderOnly = PrintAccess(roots: [], basePath: "/", absoluteBase: nil)

    /// What to do with a request for `address`.
    func decide(_ address: String) -> Decision {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased() else { return .refuse }
        switch scheme {
        case "data", "about":
            return .load
        case "file":
            let folders = (printFolder.map { [$0] } ?? []) + roots.map(\.folder)
            if let real = Self.realPath(url.path), folders.contains(where: { Self.isInside(real, $0) }) { return .load }
            return serve(sitePath(url.path))
        case "http", "https":
            guard let base = absoluteBase, base.scheme?.lowercased() == scheme, base.host?.lowercased() == url.host?.lowercased(),
                  base.port == url.port else { return .refuse }
            return serve(sitePath(url.path))
        default:
            return .refuse
        }
    }
}

extension PrintAccess {
    /// The site path of an address path under the base path (`/news/assets/a.png` -> `assets/a.png`).
    private func sitePath(_ path: String) -> String? {
        path.hasPrefix(basePath) ? String(path.dropFirst(basePath.count)) : nil
    }

    /// The site's file at `sitePath`, if there is one: a regular file whose real path is in its
    /// folder, or else a file of the theme.
    private func serve(_ sitePath: String?) -> Decision {
        guard let sitePath, !sitePath.isEmpty else { return .refuse }
        for root in roots where sitePath.hasPrefix(root.prefix) {
            let candidate = root.folder + "/" + sitePath.dropFirst(root.prefix.count)
            var info = stat()
            guard let real = Self.realPath(candidate), Self.isInside(real, root.folder),
                  stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            return .serve(file: real, type: Self.mediaType(real))
        }
        if Theme.assets.contains(where: { $0.path == sitePath }) { return .serveTheme(path: sitePath, type: Self.mediaType(sitePath)) }
        return .refuse
    }

    /// `path` with every link and `..` resolved, nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the real path `path` is `folder` or inside it.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// The media type Chromium needs for a file (an SVG image is not drawn without its own).
    static func mediaType(_ path: String) -> String {
        let types = ["png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
                     "webp": "image/webp", "avif": "image/avif", "svg": "image/svg+xml", "bmp": "image/bmp",
                     "ico": "image/x-icon", "css": "text/css", "woff": "font/woff", "woff2": "font/woff2",
                     "ttf": "font/ttf", "otf": "font/otf", "html": "text/html", "json": "application/json"]
        let suffix = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return types[suffix] ?? "application/octet-stream"
    }
}
