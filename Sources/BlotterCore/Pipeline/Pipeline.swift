internal import Foundation

/// The stages in order: load, parse, assemble, render, publish.
public enum Pipeline {
    /// A site parsed and assembled, with its templates: all `check` needs.
    public struct Prepared: Sendable {
        /// Files copied as they are.
        public var assets: [AssetFile]
        /// How many incident files were read.
        public var incidentFiles: Int
        /// The assembled site.
        public var site: Site
        /// The templates, nil when they have errors.
        var templates: TemplateSet?
        /// Every diagnostic so far.
        public var diagnostics: [Diagnostic]
    }

    /// Stages 1-3 and template loading.
    public static func prepare(_ options: BuildOptions) throws(BlotterError) -> Prepared {
        var clock = StageClock()
        let sources = try SiteLoader.load(siteDirectory: options.siteDirectory)
        clock.lap("load")
        return try prepare(sources, options: options)
    }

    /// Stages 2-3 over sources already in memory.
    public static func prepare(_ sources: SiteSources, options: BuildOptions) throws(BlotterError) -> Prepared {
        var clock = StageClock()
        var (config, diagnostics) = SiteConfigParser.parse(sources.config)
        diagnostics += sources.diagnostics
        try options.applyBaseURL(to: &config)
        let settings = config
        sources.readAhead()
        let parsed = Parallel.map(sources.incidentCount) { index -> (SharedIncident?, [Diagnostic]) in
            switch sources.incident(index) {
            case .success(let file):
                let (incident, diagnostics) = IncidentParser.parse(file, config: settings)
                return (incident.map(SharedIncident.init), diagnostics)
            case .failure(let diagnostic): return (nil, [diagnostic])
            }
        }
        diagnostics += parsed.flatMap(\.1)
        clock.lap("parse")
        let pages = sources.pages.map { PageParser.parse($0, timeZone: config.timeZone) }
        diagnostics += pages.flatMap(\.1)
        let policy = PublishPolicy(drafts: options.drafts, future: options.future, now: options.clock ?? Date())
        var (site, assembly) = Assembler.assemble(config: config, shared: parsed.compactMap(\.0),
                                                  pages: pages.compactMap(\.0), policy: policy,
                                                  buildTime: options.clock)
        diagnostics += assembly
        if options.forDeployment {
            let (manifest, assetDiagnostics) = try AssetManifest.fingerprinted(sources.assets)
            site.assets = manifest
            diagnostics += assetDiagnostics
        } else {
            site.assets = AssetManifest.plain(sources.assets)
        }
        clock.lap("assemble")
        let (templates, templateDiagnostics) = TemplateSet.load(sources.templates, search: config.search,
                                                                briefings: !config.briefings.isEmpty)
        diagnostics += templateDiagnostics
        return Prepared(assets: sources.assets, incidentFiles: sources.incidentCount, site: site, templates: templates,
                        diagnostics: diagnostics.sortedByLocation())
    }

    /// Stages 1-4 without writing anything.
    public static func check(_ options: BuildOptions) throws(BlotterError) -> BuildResult {
        let prepared = try prepare(options)
        var pages = 0
        if let templates = prepared.templates, !prepared.diagnostics.containsErrors {
            let renderer = Renderer(site: prepared.site, templates: templates)
            let jobs = renderer.jobs
            Parallel.forEach(jobs.count) { _ = renderer.render(jobs[$0]) }
            if let overrun = templates.overrun { throw overrun }
            pages = jobs.filter(\.isHTML).count
        }
        return result(prepared, pages: pages, published: false)
    }

    /// Stages 1-5: builds and, with no errors, replaces the output folder.
    /// `progress(done, total)` is called from worker threads now and then.
    public static func build(_ options: BuildOptions,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) throws(BlotterError) -> BuildResult {
        let prepared = try prepare(options)
        guard let templates = prepared.templates, !prepared.diagnostics.containsErrors else {
            return result(prepared, pages: 0, published: false)
        }
        var clock = StageClock()
        let renderer = Renderer(site: prepared.site, templates: templates)
        clock.lap("cards")
        defer {
            clock.lap("render+publish")
            if !options.freesModel { _ = Unmanaged.passRetained(Kept(renderer: renderer)) }
        }
        let precompress = options.forDeployment && prepared.site.config.precompress
        let pages = try Publisher.publish(renderer: renderer, assets: prepared.assets, to: options.outputDirectory,
                                          precompress: precompress, progress: progress)
        return result(prepared, pages: pages, published: true)
    }

    /// A renderer (and the site it holds) never freed: see `BuildOptions.freesModel`.
    private final class Kept: Sendable {
        let renderer: Renderer
        init(renderer: Renderer) { self.renderer = renderer }
    }
}

extension Pipeline {
    /// What `brief` made.
    public struct BriefOutcome: Sendable {
        /// The briefing's HTML; nil when there were errors or nothing matched.
        public var html: String?
        /// The ids of its incidents (`incident-<slug>`), in order.
        public var anchors: [String]
        /// Incidents in it.
        public var count: Int { anchors.count }
        /// Problems in the site (errors stop the briefing).
        public var diagnostics: [Diagnostic]
    }

    /// Stages 1-4 for one briefing (nothing is written).
    public static func brief(_ options: BuildOptions, _ briefing: Briefing) throws(BlotterError) -> BriefOutcome {
        let prepared = try prepare(options)
        var diagnostics = prepared.diagnostics
        if let templates = prepared.templates, !templates.has(Briefing.template) {
            diagnostics.append(TemplateSet.missingBriefing(because: "`blotter brief` needs it"))
        }
        guard let templates = prepared.templates, !diagnostics.containsErrors else {
            return BriefOutcome(html: nil, anchors: [], diagnostics: diagnostics)
        }
        let rendered: (html: String?, anchors: [String])
        do {
            rendered = try briefing.render(site: prepared.site, templates: templates, now: prepared.site.now)
        } catch {
            throw BlotterError(path: "brief", reason: .invalidOption(error.description))
        }
        if let overrun = templates.overrun { throw overrun }
        return BriefOutcome(html: rendered.html, anchors: rendered.anchors, diagnostics: diagnostics)
    }
}

private extension Pipeline {
    static func result(_ prepared: Prepared, pages: Int, published: Bool) -> BuildResult {
        BuildResult(diagnostics: prepared.diagnostics, incidentFiles: prepared.incidentFiles,
                    incidents: prepared.site.incidents.count, pages: pages, published: published,
                    schedule: Schedule(site: prepared.site))
    }
}

extension BuildOptions {
    /// `--base-url` in place of `base_url`.
    func applyBaseURL(to config: inout SiteConfig) throws(BlotterError) {
        guard let text = baseURL else { return }
        switch BaseURL.normalised(text) {
        case .success(let value): config.baseURL = value
        case .failure(let refusal): throw BlotterError(path: "--base-url", reason: .invalidOption(refusal.message))
        }
    }
}
