internal import BlotterCore
internal import Foundation

/// Finds the file a request names in the served folder, never outside it.
struct SiteFiles: Sendable {
    /// The served folder as given.
    let folder: String

    /// The served folder with symbolic links resolved (it may appear only after the first good build).
    var root: String { Self.resolve(folder) ?? folder }

    /// A file found for a request.
    struct Found: Sendable {
        /// Its absolute path.
        var path: String
        var size: Int
        /// Modification time in nanoseconds since 1970.
        var modified: Int
        var inode: UInt64
    }

    enum Lookup: Sendable {
        case file(Found)
        /// A folder asked for without its `/`: where to send the browser.
        case redirect(String)
        case notFound
    }

    /// Serves `folder`.
    init(folder: String) {
        self.folder = folder
    }

    /// The file for `request`: a folder's `index.html`, a redirect to the `/` form of a folder, or nothing.
    func lookup(_ request: RequestPath) -> Lookup {
        let root = self.root
        let candidate = ([root] + request.segments).joined(separator: "/")
        guard let real = Self.resolve(candidate), real == root || real.hasPrefix(root + "/") else { return .notFound }
        guard let info = Self.info(real) else { return .notFound }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            guard request.isDirectory || request.segments.isEmpty else {
                return .redirect(request.raw + "/" + request.query)
            }
            guard let index = Self.resolve(real + "/index.html"), index.hasPrefix(root + "/"),
                  let indexInfo = Self.info(index), (indexInfo.st_mode & S_IFMT) == S_IFREG else { return .notFound }
            return .file(Found(index, indexInfo))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG, !request.isDirectory else { return .notFound }
        return .file(Found(real, info))
    }

    /// The site's own `404.html`, if it has one.
    var notFoundPage: Found? {
        let root = self.root
        guard let path = Self.resolve(root + "/404.html"), path.hasPrefix(root + "/"), let info = Self.info(path),
              (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Found(path, info)
    }

    private static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func info(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }
}

private extension SiteFiles.Found {
    init(_ path: String, _ info: stat) {
        self.init(path: path, size: Int(info.st_size),
                  modified: FileTimes.modifiedNanoseconds(info),
                  inode: UInt64(info.st_ino))
    }
}

/// Content types by file extension.
enum MediaTypes {
    static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "xml": "application/xml; charset=utf-8", "json": "application/json; charset=utf-8",
        "txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon",
        "woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf", "otf": "font/otf",
        "pdf": "application/pdf", "webmanifest": "application/manifest+json", "wasm": "application/wasm",
        "pf_meta": "application/octet-stream",
    ]

    /// The Content-Type of the file at `path`.
    static func of(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
