internal import Foundation

extension Pipeline {
    /// Stages 1 and 2 for `site.yml` alone, with `--base-url` applied: the settings that
    /// `blotter deploy` needs, and site.yml's diagnostics. A missing site folder is an error.
    public static func settings(_ options: BuildOptions) throws(BlotterError) -> (SiteConfig, [Diagnostic]) {
        let root = options.siteDirectory.standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder) else {
            throw BlotterError(path: root.path, reason: .notFound)
        }
        guard isFolder.boolValue else { throw BlotterError(path: root.path, reason: .notADirectory) }
        var diagnostics: [Diagnostic] = []
        let path = root.appendingPathComponent("site.yml")
        let file = FileManager.default.fileExists(atPath: path.path)
            ? SiteLoader.readText(path, relative: "site.yml", diagnostics: &diagnostics) : nil
        var (config, parsed) = SiteConfigParser.parse(file)
        try options.applyBaseURL(to: &config)
        return (config, diagnostics + parsed)
    }
}
