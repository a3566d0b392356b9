public import Foundation

/// Stage 1, load: reads `site.yml`, `Content/` and `Templates/` from disk.
public enum SiteLoader {
    /// Reads a site folder. Unreadable content files become diagnostics; a
    /// missing or unreadable site folder is a `BlotterError`.
    public static func load(siteDirectory: URL) throws(BlotterError) -> SiteSources {
        let root = siteDirectory.standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir) else {
            throw BlotterError(path: root.path, reason: .notFound)
        }
        guard isDir.boolValue else { throw BlotterError(path: root.path, reason: .notADirectory) }

        var diagnostics: [Diagnostic] = []
        let configURL = root.appendingPathComponent("site.yml")
        let config = FileManager.default.fileExists(atPath: configURL.path)
            ? readText(configURL, relative: "site.yml", diagnostics: &diagnostics) : nil
        let incidentFiles = files(under: root, folder: "Content/incidents", suffix: ".md")
        let incidents = readAll(incidentFiles, root: root, diagnostics: &diagnostics)
        let pages = readAll(files(under: root, folder: "Content/pages", suffix: ".md"), root: root,
                            diagnostics: &diagnostics)
        let templates = readAll(files(under: root, folder: "Templates", suffix: ".mustache"), root: root,
                                diagnostics: &diagnostics)
        let assets = files(under: root, folder: "Templates/assets", suffix: "").map { relative in
            AssetFile(sourcePath: root.appendingPathComponent(relative).path,
                      outputPath: String(relative.dropFirst("Templates/".count)))
        }
        return SiteSources(config: config, incidents: incidents, pages: pages, templates: templates,
                           assets: assets, diagnostics: diagnostics)
    }

    /// Paths (relative to `root`, sorted) of regular files below `folder` ending in `suffix`.
    /// Hidden files and folders (starting with `.`) are skipped.
    static func files(under root: URL, folder: String, suffix: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var found: [String] = []
        while let item = enumerator.nextObject() as? String {
            let name = (item as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory {
                    enumerator.skipDescendants()
                }
                continue
            }
            guard item.hasSuffix(suffix) else { continue }
            var isDir: ObjCBool = false
            let full = base.appendingPathComponent(item).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
            found.append(folder + "/" + item)
        }
        return found.sorted()
    }
}

private extension SiteLoader {
    static func readAll(_ paths: [String], root: URL, diagnostics: inout [Diagnostic]) -> [SourceFile] {
        paths.compactMap { readText(root.appendingPathComponent($0), relative: $0, diagnostics: &diagnostics) }
    }

    static func readText(_ url: URL, relative: String, diagnostics: inout [Diagnostic]) -> SourceFile? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            diagnostics.append(Diagnostic(.error, file: relative, line: 1, column: 1, field: "",
                                          message: "cannot read this file"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(Diagnostic(.error, file: relative, line: 1, column: 1, field: "",
                                          message: "not valid UTF-8 text; save the file as UTF-8"))
            return nil
        }
        return SourceFile(path: relative, text: text)
    }
}
