internal import Foundation

extension Pipeline {
    /// Stages 1 and 2 for `site.yml` alone, with `--base-url` applied: the settings that
    /// `blotter deploy` needs, and site.yml's diagnostics. A missing site folder is an error.
    public static func settings(_ options: BuildOptions) throws(BlotterError) -> (SiteConfig, [Diagnostic]) {
        let root = try SiteLoader.folder(options.siteDirectory).path
        try options.checkBaseURL()
        var pipeline = Pipeline(options, mode: .check)
        _ = pipeline.readConfig(root, stamp: FileStamp.of(root + "/site.yml"), touched: true)
        return (pipeline.config?.value ?? SiteConfigParser.parse(nil).0, pipeline.config?.diagnostics ?? [])
    }
}
