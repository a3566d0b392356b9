internal import Foundation

/// The one pipeline of `build`, `check`, `brief` and `serve` (docs/architecture.md):
///
/// 1. load (`Pipeline+Sources.swift`, `SiteLoader`): the site's files and their stamps;
/// 2. parse (`IncidentParser`, `PageParser`, `SiteConfigParser`): each file read and parsed
///    only when its stamp changed since the last run;
/// 3. assemble (`Assembler`): slugs, order, taxonomies, listings: the `Site`;
/// 4. render (`Renderer`): an `OutputPlan`, every output file with its fingerprint;
/// 5. publish (`Publisher`): only the files whose fingerprint differs from the one the
///    destination's file was made with.
///
/// The pipeline remembers: each file's last reading and the fingerprints of the files it
/// wrote. The preview keeps one pipeline in memory for as long as it runs; `blotter build`
/// keeps what it needs on disk between builds (`BuildMemory`).
public struct Pipeline: Sendable {
    /// What to build.
    public let options: BuildOptions

    /// What the pipeline is run for.
    enum Mode: Sendable {
        /// `blotter build`: published through a staging folder, remembered on disk.
        case build
        /// `blotter serve`: published whole first, then in place; remembered in memory.
        case preview
        /// `check` and `brief`: nothing is published.
        case check
    }

    let mode: Mode

    // Stages 1 and 2: each file's last reading (`Pipeline+Sources.swift`).
    var config: Reading<SiteConfig>?
    var incidents: [String: Reading<ParsedIncident>] = [:]
    /// The incident paths, sorted (kept while no file is added or removed).
    var incidentOrder: [String] = []
    var pages: [String: Reading<Page>] = [:]
    var authors: [String: Reading<Author>] = [:]
    var templateStamps: [String: FileStamp] = [:]
    var templates: (set: TemplateSet?, diagnostics: [Diagnostic]) = (nil, [])
    /// Templates that could not be read, and links out of the site folder.
    var templateFileDiagnostics: [Diagnostic] = []
    var linkDiagnostics: [Diagnostic] = []
    /// published.lock, and the facts of the incidents it names (`Pipeline+PublishedRecord.swift`).
    var record: Record?
    /// Each photo's last reading, by file (`Pipeline+Photos.swift`), and the files processed
    /// from them, kept on disk (`PhotoCache`).
    var photoReadings: [String: PhotoReading] = [:]
    let photoCache: PhotoCache

    // Stage 3: what assembly derives from each incident alone (its slug before collisions,
    // its taxonomy terms), by file, made again only for a new reading.
    var derived: [String: SharedIncident] = [:]

    // Stages 3 and 4, the preview's: per-incident pieces rendered, and the last site written.
    let memo: RenderMemo?
    var last: Written?
    /// The sizes and digests of the data files made so far (kept by the preview).
    let digests = DataDigests()

    // Stage 5, the preview's: the output folder's files, the fingerprint each was made from,
    // and which of them are assets.
    var written: [String: UInt64] = [:]
    var writtenAssets: Set<String> = []

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

    init(_ options: BuildOptions, mode: Mode) {
        self.options = options
        self.mode = mode
        memo = mode == .preview ? RenderMemo() : nil
        photoCache = PhotoCache(site: options.siteDirectory.standardizedFileURL.path)
    }

    /// A preview of the site `options` describe; nothing is read until `rebuild()`. The
    /// preview is never for deployment (`BuildOptions.forDeployment`).
    public init(preview options: BuildOptions) {
        var options = options
        options.forDeployment = false
        self.init(options, mode: .preview)
    }
}

// MARK: - Entry points

extension Pipeline {
    /// A site parsed and assembled, with its templates: all `schedule` needs.
    public struct Prepared: Sendable {
        /// How many incident files were read.
        public var incidentFiles: Int
        /// The assembled site.
        public var site: Site
        /// The templates, nil when they have errors.
        var templates: TemplateSet?
        /// Every diagnostic.
        public var diagnostics: [Diagnostic]
    }

    /// Stages 1-3 and the templates.
    public static func prepare(_ options: BuildOptions) throws(BlotterError) -> Prepared {
        var pipeline = Pipeline(options, mode: .check)
        let root = try SiteLoader.folder(options.siteDirectory).path
        let assembled = try pipeline.assemble(root, scan: scan(root), touched: nil)
        return Prepared(incidentFiles: pipeline.incidents.count, site: assembled.site, templates: pipeline.templates.set,
                        diagnostics: assembled.diagnostics)
    }

    /// Stages 1-4 without writing anything.
    public static func check(_ options: BuildOptions) throws(BlotterError) -> BuildResult {
        let prepared = try prepare(options)
        var pages = 0
        if let templates = prepared.templates, !prepared.diagnostics.containsErrors {
            // The data files are not made: their sizes and digests would only be thrown away.
            let renderer = Renderer(site: prepared.site, templates: templates, digests: DataDigests(makes: false))
            // The files that list the data files last, as a build makes them (`PageJob.readsDataFiles`).
            let (readers, jobs) = renderer.jobs.partitioned(by: \.readsDataFiles)
            Parallel.forEach(jobs.count) { _ = renderer.render(jobs[$0]) }
            for job in readers { _ = renderer.render(job) }
            if let overrun = templates.overrun { throw overrun }
            pages = (jobs + readers).filter(\.isHTML).count
        }
        return BuildResult(prepared.diagnostics, incidentFiles: prepared.incidentFiles, site: prepared.site, pages: pages)
    }

    /// Stages 1-5: brings the output folder up to date with the site, through a staging folder
    /// swapped in whole, only when there are no errors. The build remembers what it wrote
    /// (`BuildMemory`): the next writes only the files whose fingerprint changed, over the
    /// previous build kept beside the output, and does nothing when no file changed.
    /// `progress(done, total)` is called from worker threads now and then.
    @discardableResult
    public static func build(_ options: BuildOptions,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) throws(BlotterError) -> BuildResult {
        var pipeline = Pipeline(options, mode: .build)
        let result = try pipeline.buildRemembering(progress: progress)
        if !options.freesModel { _ = Unmanaged.passRetained(Kept(pipeline: pipeline)) }
        return result
    }

    /// Brings the preview's output folder up to date with the site folder. The first call
    /// writes the whole site (replacing the folder as a build does); later calls write only
    /// what changed. With errors nothing is written.
    ///
    /// Without `touched`, every file of the site is looked at and those whose size or time
    /// changed are read again. With `touched` (paths relative to the site folder that the
    /// watcher saw change: files or whole folders), only those are looked at, and read again
    /// whatever their time says (two saves can fall in one tick of the file system's clock).
    ///
    /// `pagesWritten` is called once every page, feed and asset is in place, before the files
    /// that list the whole site (incidents.json, incidents.csv, the sitemap) are written: the
    /// preview reloads pages then, not 0.3 s later.
    public mutating func rebuild(touched: Set<String>? = nil, pagesWritten: ((BuildResult) -> Void)? = nil,
                                 progress: (@Sendable (Int, Int) -> Void)? = nil) throws(BlotterError) -> BuildResult {
        let start = DispatchTime.now().uptimeNanoseconds
        let photoCounts = (photoCache.encoded, photoCache.reused)
        let touched = written.isEmpty ? nil : touched
        let root = try SiteLoader.folder(options.siteDirectory).path
        var clock = StageClock()
        let assembled = try assemble(root, scan: touched == nil ? Self.scan(root) : nil, touched: touched)
        clock.lap("preview: load, parse and assemble")
        var result = BuildResult(assembled.diagnostics, incidentFiles: incidents.count, site: assembled.site, pages: 0)
        guard let plan = plan(assembled, schedule: result.schedule) else {
            last = nil
            pagesWritten?(result)
            return result
        }
        clock.lap("preview: renderer and fingerprints")
        result.pages = last?.pages ?? 0
        result.quick = assembled.quick != nil
        let whole = written.isEmpty
        let forced = Set(assembled.assets.filter { touched?.contains($0.relativePath) == true }.map(\.outputPath))
        let report: Publisher.Report
        do throws(BlotterError) {
            let destination: Publisher.Destination = whole
                ? .staged(try StagingFolder(target: options.outputDirectory)) : .inPlace(options.outputDirectory.standardizedFileURL.path)
            let assets = writtenAssets
            report = try Publisher.publish(plan, to: destination, known: whole ? nil : written,
                                           mayGo: assembled.quick != nil ? assets : nil, forced: forced,
                                           pagesWritten: { [result] report in
                                               StageClock.report("preview: pages written, since the rebuild began",
                                                                 seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                                               var outcome = result
                                               outcome.record(report, of: plan, whole: whole)
                                               pagesWritten?(outcome)
                                           }, progress: progress)
        } catch {
            // Some files may have been written, some not: the next rebuild writes the whole site.
            last = nil
            written = [:]
            throw error
        }
        clock.lap("preview: render and write")
        if assembled.quick == nil { written = [:] }
        for item in plan.items { written[item.path] = item.fingerprint }
        for path in report.removed { written[path] = nil }
        writtenAssets = Set(plan.items.filter(\.isAsset).map(\.path))
        result.record(report, of: plan, whole: whole)
        result.photos = assembled.site.photos.photos.count
        (result.photoFilesEncoded, result.photoFilesFromCache) = (photoCache.encoded - photoCounts.0, photoCache.reused - photoCounts.1)
        result.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return result
    }

    /// A pipeline never freed: see `BuildOptions.freesModel`.
    private final class Kept: Sendable {
        let pipeline: Pipeline
        init(pipeline: Pipeline) { self.pipeline = pipeline }
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

// MARK: - Stages 3 and 4

extension Pipeline {
    /// Stage 3's result.
    struct Assembled {
        var site: Site
        /// Every diagnostic so far, sorted, and those assembly made.
        var diagnostics: [Diagnostic]
        var assembly: [Diagnostic]
        /// After a quick edit: the last site written, and the places of the edited incidents.
        var quick: (previous: Written, edited: [Int])?
        /// The files published as they are.
        var assets: [AssetFile]
        var assetStamps: [String: FileStamp]
    }

    /// Stages 1-3: reads and parses what changed, then assembles the site: the last site with
    /// the edited incidents replaced, when every edit leaves them in their places (a quick
    /// edit, in the preview), else anew.
    mutating func assemble(_ root: String, scan: Scan?, touched: Set<String>?) throws(BlotterError) -> Assembled {
        try options.checkBaseURL()
        var changes = load(root, scan: scan, touched: touched)
        let config = self.config?.value ?? SiteConfigParser.parse(nil).0
        let policy = PublishPolicy(drafts: options.drafts, future: options.future, now: options.clock ?? Date())
        derive(changes.incidents)
        try addMapAssets(&changes, config: config, policy: policy)
        let (manifest, assetDiagnostics) = options.forDeployment
            ? try AssetManifest.fingerprinted(changes.assets) : (AssetManifest.plain(changes.assets), [])
        let photos = photoSet(changes.assets, stamps: changes.assetStamps, settings: config.images)
        let facts = recordDiagnostics(now: policy.now)
        let mayBeQuick = touched != nil && !changes.config && !changes.templates && changes.pages.edited.isEmpty
            && !changes.pages.addedOrRemoved && changes.authors.edited.isEmpty && !changes.authors.addedOrRemoved
            && !changes.incidents.addedOrRemoved && manifest == last?.renderer.site.assets
            && photos == last?.renderer.site.photos
        if mayBeQuick, let (previous, site, edited) = quickSite(changes.incidents, policy) {
            let record = facts + addressDiagnostics(site) + Self.photoDiagnostics(site, photos)
            let recorded = !record.isEmpty || previous.diagnostics.contains { $0.kind == .publishedRecord }
            let diagnostics = changes.incidents.diagnosticsChanged || recorded
                ? gatherDiagnostics(assembly: previous.assembly + assetDiagnostics + record) : previous.diagnostics
            return Assembled(site: site, diagnostics: diagnostics, assembly: previous.assembly, quick: (previous, edited),
                             assets: changes.assets, assetStamps: changes.assetStamps)
        }
        var (site, assembly) = Assembler.assemble(
            config: config, shared: incidentOrder.compactMap { derived[$0] },
            pages: pages.keys.sorted().compactMap { pages[$0]?.value },
            authors: authors.keys.sorted().compactMap { authors[$0]?.value }, policy: policy, buildTime: options.clock)
        site.assets = manifest
        site.photos = photos
        assembly += assetDiagnostics
        let record = facts + addressDiagnostics(site) + Self.photoDiagnostics(site, photos)
        return Assembled(site: site, diagnostics: gatherDiagnostics(assembly: assembly + record), assembly: assembly, quick: nil,
                         assets: changes.assets, assetStamps: changes.assetStamps)
    }

    /// Stage 4: the renderer and every output file with its fingerprint (after a quick edit,
    /// the files that show the edited incidents, and the assets); nil when there are errors.
    /// `schedule` is the site's (`Schedule`: a preview assembles the site anew once its next
    /// change is due).
    mutating func plan(_ assembled: Assembled, schedule: Schedule) -> OutputPlan? {
        guard let templateSet = templates.set, !assembled.diagnostics.containsErrors else { return nil }
        let site = assembled.site
        let renderer: Renderer
        var jobs: [PageJob]
        if let (previous, edited) = assembled.quick {
            renderer = Renderer(site: site, templates: previous.renderer.templates, memo: memo,
                                previous: previous.renderer, edited: edited)
            var seen: Set<String> = []
            jobs = edited.flatMap(renderer.jobs(showing:)).filter { seen.insert(renderer.outputPath($0)).inserted }
            let next = horizon(schedule)
            last?.renderer = renderer
            last?.diagnostics = assembled.diagnostics
            last?.horizon = next
        } else {
            renderer = Renderer(site: site, templates: templateSet, memo: memo, digests: digests)
            memo?.keep(revisions: Set(incidents.values.compactMap { $0.value?.incident.revision }))
            if mode == .preview { digests.keep(Set(renderer.dataFiles.files.map { renderer.dataKey($0.part, $0.format) })) }
            jobs = renderer.jobs
            if mode == .preview {
                last = Written(renderer: renderer,
                               positions: Dictionary(site.incidents.enumerated().map { ($1.incident.path, $0) }) { a, _ in a },
                               diagnostics: assembled.diagnostics, assembly: assembled.assembly, horizon: horizon(schedule),
                               pages: jobs.count(where: \.isHTML))
            }
        }
        let paths = jobs.map(renderer.outputPath)
        var settings = StableHasher()
        settings.combine(settingsHash)
        settings.combine(site.photos.fingerprint)  // pages give each photo's size
        let fingerprints = renderer.fingerprints(jobs, paths: paths, settings: settings.finalize())
        var items = zip(jobs.indices, paths).map { i, path in
            OutputPlan.Item(path: path, fingerprint: fingerprints[i], source: .job(jobs[i]))
        }
        let quality = site.config.images.quality
        for asset in assembled.assets {
            if let photo = site.photos.photos[asset.outputPath] {
                for variant in photo.variants {
                    var hasher = StableHasher()
                    hasher.combine(photo.digest)
                    hasher.combine(variant.width)
                    hasher.combine(variant.format.rawValue)
                    hasher.combine(quality)
                    items.append(OutputPlan.Item(path: photo.path(width: variant.width, format: variant.format),
                                                 fingerprint: hasher.finalize(), source: .photo(variant, photo, asset)))
                }
                continue
            }
            var hasher = StableHasher()
            hasher.combine(asset.outputPath)
            if let bytes = site.assets.entry(for: asset.outputPath)?.bytes {
                hasher.combine(StableHasher.hash(bytes))
            } else if case .theme(let bytes) = asset.source {
                hasher.combine(StableHasher.hash(bytes))
            } else {
                hasher.combine((assembled.assetStamps[asset.relativePath] ?? .missing).stableHash)
            }
            items.append(OutputPlan.Item(path: asset.outputPath, fingerprint: hasher.finalize(), source: .asset(asset)))
        }
        for copy in site.assets.copies {
            guard case .whole(let bytes) = copy.body else { continue }
            items.append(OutputPlan.Item(path: copy.path, fingerprint: StableHasher.hash(bytes), source: .bytes(bytes)))
        }
        if options.forDeployment, site.config.precompress {
            // Whether a text file gets compressed copies depends on the other files (a site's own
            // `x.js.gz` leaves `x.js` without): part of what the file is made from.
            let taken = Set(items.map(\.path))
            for i in items.indices where Precompression.isText(items[i].path) {
                var hasher = StableHasher()
                hasher.combine(items[i].fingerprint)
                hasher.combine(Precompression.copies(of: items[i].path).contains(where: taken.contains))
                items[i].fingerprint = hasher.finalize()
            }
        }
        return OutputPlan(renderer: renderer, items: items, photos: photoCache)
    }

    /// Brings `derived` up to date with the incidents' readings: made in parallel for new
    /// readings, kept for the others, dropped for files gone or unreadable. When no file was
    /// added or removed, only the edited ones are looked at.
    mutating func derive(_ delta: Delta) {
        let looked = delta.addedOrRemoved || derived.isEmpty ? incidentOrder : delta.edited
        let stale = looked.filter { path in
            guard let revision = incidents[path]?.value?.incident.revision else { return false }
            return derived[path]?.incident.revision != revision
        }
        let fresh = stale.map { incidents[$0]!.value! }
        let made = Parallel.map(fresh.count) { SharedIncident(fresh[$0]) }
        for (path, shared) in zip(stale, made) { derived[path] = shared }
        if derived.count > incidents.values.count(where: { $0.value != nil }) {
            derived = derived.filter { incidents[$0.key]?.value != nil }
        }
    }

    /// What every output file depends on, hashed: site.yml and the build options.
    var settingsHash: UInt64 {
        var hasher = StableHasher()
        hasher.combine(config?.text ?? 0)
        hasher.combine(options.drafts)
        hasher.combine(options.future)
        hasher.combine(options.clock)
        hasher.combine(options.baseURL)
        hasher.combine(options.forDeployment)
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
            guard let shared = derived[path] else { return nil }
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
            site.incidents[index] = PublishedIncident(shared: shared, slug: site.incidents[index].slug,
                                                      path: site.incidents[index].path)
            edited.append(index)
        }
        site.now = policy.now
        memo?.forget(revisions: replaced)
        return (last, site, edited)
    }

    /// Every diagnostic of the site, sorted, with `assembly`'s.
    func gatherDiagnostics(assembly: [Diagnostic]) -> [Diagnostic] {
        var all = (config?.diagnostics ?? []) + templateFileDiagnostics + linkDiagnostics
        for reading in incidents.values where !reading.diagnostics.isEmpty { all += reading.diagnostics }
        for reading in pages.values where !reading.diagnostics.isEmpty { all += reading.diagnostics }
        for reading in authors.values where !reading.diagnostics.isEmpty { all += reading.diagnostics }
        all = (all + assembly + templates.diagnostics).sortedByLocation()
        if mode == .preview {
            for i in all.indices where all[i].isError && all[i].kind.warnsInPreview { all[i].severity = .warning }
        }
        return all
    }

    /// When the output of `site` next changes by itself (only when "now" is the real time;
    /// a fixed `--clock` never reaches it).
    func horizon(_ schedule: Schedule) -> Date? {
        options.clock == nil ? schedule.next : nil
    }
}

extension BuildOptions {
    /// A bad `--base-url` stops a command at once (the preview serves at / and never has one).
    func checkBaseURL() throws(BlotterError) {
        var probe = SiteConfigParser.parse(nil).0
        try applyBaseURL(to: &probe)
    }

    /// `--base-url` in place of `base_url`.
    func applyBaseURL(to config: inout SiteConfig) throws(BlotterError) {
        guard let text = baseURL else { return }
        switch BaseURL.normalised(text) {
        case .success(let value): config.baseURL = value
        case .failure(let refusal): throw BlotterError(path: "--base-url", reason: .invalidOption(refusal.message))
        }
    }
}
