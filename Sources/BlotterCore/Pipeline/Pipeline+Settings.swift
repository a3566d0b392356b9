internal import Foundation

extension Pipeline {
    /// Stages 1 and 2 for `site.yml` alone, with `--base-url` applied: the settings that
    /// `blotter deploy` needs, and site.yml's diagnostics. A missing site folder is an error.
    public static func settings(_ options: BuildOptions) throws(BlotterError) -> (SiteConfig, [Diagnostic]) {
        let root = try SiteLoader.folder(options.siteDirectory)
        var diagnostics: [Diagnostic] = []
        let file = SiteLoader.readConfig(root, diagnostics: &diagnostics)
        var (config, parsed) = SiteConfigParser.parse(file)
        try options.applyBaseURL(to: &config)
        return (config, diagnostics + parsed)
    }
}
