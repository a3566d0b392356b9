internal import Foundation
internal import Synchronization

/// The site as the preview keeps it between rebuilds: every file's last
/// reading, and what each output file was last made from. A rebuild reads and
/// parses only the files that changed, assembles the site again (cheap), and
/// renders and writes only the output files whose fingerprint changed; files
/// of deleted incidents are removed. The output equals a one-off build's
/// (without the Pagefind index), which the tests check byte for byte.
public struct LiveSite: Sendable {
    /// What to build.
    public let options: BuildOptions

    /// A file's last reading.
    struct Reading<Value: Sendable>: Sendable {
        var stamp: FileStamp
        /// A hash of the text: a file saved unchanged (or touched) keeps its reading.
        var text: Int
        var value: Value?
        var diagnostics: [Diagnostic]
    }

    var config: Reading<SiteConfig>?
    var incidents: [String: Reading<SharedIncident>] = [:]
    /// The incident paths, sorted (kept while no file is added or removed).
    var incidentOrder: [String] = []
    var pages: [String: Reading<Page>] = [:]
    var templateStamps: [String: FileStamp] = [:]
    var templates: (set: TemplateSet?, diagnostics: [Diagnostic]) = (nil, [])
    var fileDiagnostics: [Diagnostic] = []
    /// Output files (below the output folder) and the fingerprint each was made from.
    var written: [String: Int] = [:]
    /// Assets copied, by output path, with the source stamp they were copied from.
    var copied: [String: FileStamp] = [:]
    var nextRevision = 1
    let memo = RenderMemo()
    /// The last site written, for rebuilds that leave its structure alone.
    var last: Written?

    /// A site as written, with what a quick rebuild needs from it.
    struct Written: Sendable {
        var renderer: Renderer
        /// Where each published incident (by file) is in the site's order.
        var positions: [String: Int]
        /// Every diagnostic, sorted, and those assembly made (slug collisions).
        var diagnostics: [Diagnostic]
        var assembly: [Diagnostic]
        /// When the output next changes by itself (`Schedule`; without `--clock`): a later
        /// rebuild assembles the site again.
        var horizon: Date?
        /// The HTML pages.
        var pages: Int
    }

    /// A preview of the site `options` describe; nothing is read until `rebuild()`. The
    /// preview is never for deployment (`BuildOptions.forDeployment`).
    public init(options: BuildOptions) {
        var options = options
        options.forDeployment = false
        self.options = options
    }

    /// Brings the output folder up to date with the site folder. The first call
    /// writes the whole site (replacing the folder as a build does); later calls
    /// write only what changed. With errors nothing is written.
    ///
    /// Without `touched`, every file of the site is looked at and those whose size
    /// or time changed are read again. With `touched` (paths relative to the site
    /// folder that the watcher saw change: files or whole folders), only those are
    /// looked at, and read again whatever their time says (two saves can fall in
    /// one tick of the file system's clock).
    ///
    /// `pagesWritten` is called once every page, feed and asset is in place, before
    /// the files that list the whole site (incidents.json, incidents.csv, the
    /// sitemap) are written: the preview reloads pages then, not 0.3 s later.
    /// `progress(done, total)` is called now and then while the whole site is written, as by
    /// `Pipeline.build`.
    public mutating func rebuild(touched: Set<String>? = nil, pagesWritten: ((LiveOutcome) -> Void)? = nil,
                                 progress: (@Sendable (Int, Int) -> Void)? = nil) throws(BlotterError) -> LiveOutcome {
        let touched = written.isEmpty ? nil : touched
        let start = DispatchTime.now().uptimeNanoseconds
        let root = options.siteDirectory.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BlotterError(path: root, reason: .notFound)
        }
        var outcome = LiveOutcome()
        var clock = StageClock()
        let configChanged = readConfig(root, touched: touched?.contains("site.yml") ?? true)
        let config = self.config?.value ?? SiteConfigParser.parse(nil).0
        let incidentDelta = readIncidents(root, config: config, all: configChanged, touched: touched)
        let pageDelta = readPages(root, config: config, all: configChanged, touched: touched)
        let templatesChanged = readTemplates(root, config: config, all: configChanged || touched?.contains {
            $0.hasPrefix("Templates") && !$0.hasPrefix("Templates/assets")
        } ?? false)
        let assetStamps = SiteLoader.stamps(under: root, folder: "Static", suffix: "")
            + SiteLoader.stamps(under: root, folder: "Templates/assets", suffix: "")
        clock.lap("live: scan and parse")

        let policy = PublishPolicy(drafts: options.drafts, future: options.future, now: options.clock ?? Date())
        let sources = Theme.assets(besides: assetStamps.map(\.path), root: root)
        let stampOf = Dictionary(assetStamps.map { ($0.path, $0.stamp) }) { first, _ in first }
        let assets = sources.map { (path: $0.relativePath, stamp: stampOf[$0.relativePath] ?? .embedded) }
        let manifest = AssetManifest.plain(sources)
        let renderer: Renderer
        /// The jobs to look at, their paths and fingerprints: every job, or after a quick edit those that show it.
        let jobs: [PageJob]
        let paths: [String]
        let fingerprints: [Int]
        let quick = touched != nil && !configChanged && !templatesChanged && pageDelta.edited.isEmpty
            && !pageDelta.addedOrRemoved && !incidentDelta.addedOrRemoved && manifest == last?.renderer.site.assets
            ? quickSite(incidentDelta, policy) : nil
        if let (previous, site, edited) = quick {
            outcome.diagnostics = incidentDelta.diagnosticsChanged
                ? gatherDiagnostics(assembly: previous.assembly) : previous.diagnostics
            guard !outcome.diagnostics.containsErrors else {
                last = nil
                outcome.incidents = site.incidents.count
                pagesWritten?(outcome)
                return outcome
            }
            renderer = Renderer(site: site, templates: previous.renderer.templates, memo: memo,
                                previous: previous.renderer, edited: edited)
            var seen: Set<String> = []
            var candidates: [PageJob] = []
            var candidatePaths: [String] = []
            for job in edited.flatMap(renderer.jobs(showing:)) {
                let path = renderer.outputPath(job)
                guard seen.insert(path).inserted else { continue }
                candidates.append(job)
                candidatePaths.append(path)
            }
            (jobs, paths) = (candidates, candidatePaths)
            fingerprints = renderer.fingerprints(jobs, paths: paths, settings: settings)
            outcome.pages = previous.pages
            outcome.quick = true
            last?.renderer = renderer
            last?.diagnostics = outcome.diagnostics
            let next = horizon(site)
            last?.horizon = next
            clock.lap("live: quick assemble and fingerprints")
        } else {
            var (site, assembly) = Assembler.assemble(
                config: config, shared: incidentOrder.compactMap { incidents[$0]?.value },
                pages: pages.keys.sorted().compactMap { pages[$0]?.value }, policy: policy, buildTime: options.clock)
            site.assets = manifest
            outcome.diagnostics = gatherDiagnostics(assembly: assembly)
            clock.lap("live: assemble")
            guard let templateSet = templates.set, !outcome.diagnostics.containsErrors else {
                last = nil
                outcome.incidents = site.incidents.count
                pagesWritten?(outcome)
                return outcome
            }
            renderer = Renderer(site: site, templates: templateSet, memo: memo)
            memo.keep(revisions: Set(incidents.values.compactMap { $0.value?.incident.revision }))
            jobs = renderer.jobs
            paths = jobs.map(renderer.outputPath)
            fingerprints = renderer.fingerprints(jobs, paths: paths, settings: settings)
            outcome.pages = jobs.filter(\.isHTML).count
            last = Written(renderer: renderer,
                           positions: Dictionary(site.incidents.enumerated().map { ($1.incident.path, $0) }) { a, _ in a },
                           diagnostics: outcome.diagnostics, assembly: assembly, horizon: horizon(site),
                           pages: outcome.pages)
            clock.lap("live: renderer and fingerprints")
        }
        outcome.incidents = renderer.site.incidents.count
        do throws(BlotterError) {
            if written.isEmpty {
                _ = try Publisher.publish(renderer: renderer, assets: sources, to: options.outputDirectory,
                                          searchIndex: false, progress: progress)
                outcome.written = jobs.count + sources.count
                outcome.whole = true
                outcome.changed = true
                pagesWritten?(outcome)
            } else {
                let stale = paths.indices.filter { written[paths[$0]] != fingerprints[$0] }
                let (bulk, pages) = stale.map { jobs[$0] }.partitioned(by: \.listsWholeSite)
                try update(jobs: pages, renderer: renderer)
                let changedAssets = zip(assets, sources).filter {
                    copied[$1.outputPath] != $0.stamp || touched?.contains($0.path) == true
                }.map(\.1)
                try copy(changedAssets)
                // After a quick edit every page is still there; only assets can have gone.
                let kept = Set(sources.map(\.outputPath)).union(quick == nil ? paths : [])
                let gone = (quick == nil ? Array(written.keys) : []).filter { !kept.contains($0) }
                    + copied.keys.filter { !kept.contains($0) }
                remove(gone)
                outcome.written = stale.count + changedAssets.count
                outcome.removed = gone.count
                // The news sitemap and briefings follow the clock: rewritten, they are no reason to reload.
                let content = stale.filter { !jobs[$0].followsClock }
                outcome.changed = !content.isEmpty || !gone.isEmpty || !changedAssets.isEmpty
                outcome.onlyStylesheets = content.isEmpty && gone.isEmpty && !changedAssets.isEmpty
                    && changedAssets.allSatisfy { $0.outputPath.hasSuffix(".css") }
                pagesWritten?(outcome)
                clock.lap("live: write pages")
                try update(jobs: bulk, renderer: renderer)
            }
        } catch {
            // Some files may not have been written: the next rebuild compares every file.
            last = nil
            throw error
        }
        clock.lap("live: write")
        if quick == nil { written = [:] }
        for (path, fingerprint) in zip(paths, fingerprints) { written[path] = fingerprint }
        copied = Dictionary(uniqueKeysWithValues: zip(sources.map(\.outputPath), assets.map(\.stamp)))
        outcome.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return outcome
    }
}

/// What a rebuild did.
public struct LiveOutcome: Sendable {
    /// Every diagnostic of the site as it is now; with errors nothing was written.
    public var diagnostics: [Diagnostic] = []
    /// Files written (pages, feeds, data files, assets).
    public var written = 0
    /// Files removed (pages of deleted incidents, ...).
    public var removed = 0
    /// Only the files that show the edited incidents were looked at (their places in the site did not change).
    public var quick = false
    /// The whole site was written (the first successful rebuild).
    public var whole = false
    /// Only stylesheets changed: pages can swap them without reloading.
    public var onlyStylesheets = false
    /// Incidents published and HTML pages in the site.
    public var incidents = 0
    public var pages = 0
    /// How long the rebuild took.
    public var seconds = 0.0

    /// Whether the rebuild had errors (and wrote nothing).
    public var failed: Bool { diagnostics.containsErrors }
    /// Whether the site changed (not only the files that follow the clock): pages should reload.
    public var changed = false
}

extension LiveSite {
    /// What every output file depends on: site.yml and the build options.
    var settings: Int {
        var hasher = Hasher()
        hasher.combine(config?.text ?? 0)
        hasher.combine(options.drafts)
        hasher.combine(options.future)
        hasher.combine(options.clock)
        hasher.combine(options.baseURL)
        return hasher.finalize()
    }

    /// The last site with the `edited` incidents' new readings, when none of them moved or
    /// changed its taxonomies (and no incident became visible with time); nil otherwise.
    func quickSite(_ delta: Delta, _ policy: PublishPolicy) -> (Written, Site, [Int])? {
        guard let last else { return nil }
        if let horizon = last.horizon, policy.now >= horizon { return nil }
        var site = last.renderer.site
        var edited: [Int] = []
        var replaced: Set<Int> = []
        for path in delta.edited {
            guard let shared = incidents[path]?.value else { return nil }
            guard let index = last.positions[path] else {
                // Not published before; still a draft or still in the future: no page shows it,
                // but the schedule follows its `published` time.
                let incident = shared.incident
                if Assembler.isVisible(draft: incident.draft, published: incident.publishedMoment, policy) { return nil }
                site.heldBack.removeAll { $0.incident.path == path }
                if Assembler.isHeldBack(draft: incident.draft, published: incident.publishedMoment, policy) {
                    site.heldBack.append(shared)
                    site.heldBack.sort { $0.incident.path < $1.incident.path }
                }
                continue
            }
            guard shared.placedLike(site.incidents[index].shared) else { return nil }
            replaced.insert(site.incidents[index].incident.revision)
            site.incidents[index] = PublishedIncident(shared: shared, slug: site.incidents[index].slug)
            edited.append(index)
        }
        site.now = policy.now
        memo.forget(revisions: replaced)
        return (last, site, edited)
    }

    /// Every diagnostic of the site, sorted, with `assembly`'s.
    func gatherDiagnostics(assembly: [Diagnostic]) -> [Diagnostic] {
        var all = (config?.diagnostics ?? []) + fileDiagnostics
        for reading in incidents.values where !reading.diagnostics.isEmpty { all += reading.diagnostics }
        for reading in pages.values where !reading.diagnostics.isEmpty { all += reading.diagnostics }
        return (all + assembly + templates.diagnostics).sortedByLocation()
    }

    /// When the output of `site` next changes by itself (only when "now" is the real time;
    /// a fixed `--clock` never reaches it).
    func horizon(_ site: Site) -> Date? {
        options.clock == nil ? Schedule(site: site).next : nil
    }
}

extension Array {
    /// The elements for which `predicate` holds, and the others, each in order.
    func partitioned(by predicate: (Element) -> Bool) -> ([Element], [Element]) {
        var yes: [Element] = []
        var no: [Element] = []
        for element in self {
            if predicate(element) { yes.append(element) } else { no.append(element) }
        }
        return (yes, no)
    }
}
