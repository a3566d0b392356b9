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

    private var config: Reading<SiteConfig>?
    private var siteConfig = SiteConfigParser.parse(nil).0
    private var configText = 0
    private var incidents: [String: Reading<SharedIncident>] = [:]
    /// The incident paths, sorted (kept while no file is added or removed).
    private var incidentOrder: [String] = []
    private var pages: [String: Reading<Page>] = [:]
    private var templateStamps: [String: FileStamp] = [:]
    private var templates: (set: TemplateSet?, diagnostics: [Diagnostic]) = (nil, [])
    private var fileDiagnostics: [Diagnostic] = []
    /// Output files (below the output folder) and the fingerprint each was made from.
    private var written: [String: Int] = [:]
    /// Assets copied, by output path, with the source stamp they were copied from.
    private var copied: [String: FileStamp] = [:]
    private var nextRevision = 1
    private let memo = RenderMemo()

    /// A preview of the site `options` describe; nothing is read until `rebuild()`.
    public init(options: BuildOptions) {
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
    public mutating func rebuild(touched: Set<String>? = nil,
                                 pagesWritten: ((LiveOutcome) -> Void)? = nil) throws(BlotterError) -> LiveOutcome {
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
        let config = siteConfig
        readIncidents(root, config: config, all: configChanged, touched: touched)
        readPages(root, config: config, all: configChanged, touched: touched)
        readTemplates(root, config: config, all: configChanged || touched?.contains { $0.hasPrefix("Templates") } ?? false)
        let assets = SiteLoader.stamps(under: root, folder: "Templates/assets", suffix: "")
        clock.lap("live: scan and parse")

        var diagnostics = (self.config?.diagnostics ?? []) + fileDiagnostics
        diagnostics += incidents.values.flatMap(\.diagnostics) + pages.values.flatMap(\.diagnostics)
        let policy = PublishPolicy(drafts: options.drafts, future: options.future, now: options.clock ?? Date())
        let parsed = incidentOrder.compactMap { incidents[$0]?.value }
        clock.lap("live: gather")
        let (site, assembly) = Assembler.assemble(
            config: config, shared: parsed,
            pages: pages.keys.sorted().compactMap { pages[$0]?.value }, policy: policy, buildTime: options.clock)
        clock.lap("live: Assembler")
        diagnostics += assembly + templates.diagnostics
        outcome.diagnostics = diagnostics.sortedByLocation()
        clock.lap("live: assemble")
        outcome.incidents = site.incidents.count
        guard let templateSet = templates.set, !outcome.diagnostics.containsErrors else {
            pagesWritten?(outcome)
            return outcome
        }

        let renderer = Renderer(site: site, templates: templateSet, memo: memo)
        memo.keep(revisions: Set(incidents.values.compactMap { $0.value?.incident.revision }))
        let jobs = renderer.jobs
        let paths = jobs.map(renderer.outputPath)
        clock.lap("live: renderer")
        let fingerprints = renderer.fingerprints(jobs, paths: paths, settings: settings)
        clock.lap("live: fingerprints")
        outcome.pages = jobs.filter(\.isHTML).count
        let sources = assets.map { AssetFile(sourcePath: root + "/" + $0.path,
                                             outputPath: String($0.path.dropFirst("Templates/".count))) }
        if written.isEmpty {
            _ = try Publisher.publish(renderer: renderer, assets: sources, to: options.outputDirectory,
                                      searchIndex: false, progress: nil)
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
            let kept = Set(paths).union(sources.map(\.outputPath))
            let gone = (Array(written.keys) + Array(copied.keys)).filter { !kept.contains($0) }
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
        clock.lap("live: write")
        written = Dictionary(uniqueKeysWithValues: zip(paths, fingerprints))
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

private extension LiveSite {
    /// What every output file depends on: site.yml and the build options.
    var settings: Int {
        var hasher = Hasher()
        hasher.combine(configText)
        hasher.combine(options.drafts)
        hasher.combine(options.future)
        hasher.combine(options.clock)
        hasher.combine(options.baseURL)
        return hasher.finalize()
    }

    /// Reads site.yml again if it changed; returns whether it did.
    mutating func readConfig(_ root: String, touched: Bool) -> Bool {
        let path = root + "/site.yml"
        let stamp = FileStamp.of(path)
        if let config, config.stamp == stamp, !touched { return false }
        var diagnostics: [Diagnostic] = []
        let file = stamp == nil ? nil : SiteLoader.readText(URL(fileURLWithPath: path), relative: "site.yml",
                                                              diagnostics: &diagnostics)
        var (parsed, more) = SiteConfigParser.parse(file)
        diagnostics += more
        do {
            try options.applyBaseURL(to: &parsed)
        } catch {
            diagnostics.append(Diagnostic(.error, file: "site.yml", line: 1, column: 1, field: "base_url",
                                          message: error.description))
        }
        let text = file?.text.hashValue ?? 0
        if let config, config.text == text, config.stamp != FileStamp.missing, stamp != nil {
            self.config?.stamp = stamp!
            return false
        }
        configText = text
        siteConfig = parsed
        config = Reading(stamp: stamp ?? FileStamp.missing, text: configText, value: parsed, diagnostics: diagnostics)
        return true
    }

    mutating func readIncidents(_ root: String, config: SiteConfig, all: Bool, touched: Set<String>?) {
        let found = Self.files(root, "Content/incidents", ".md", known: incidents.mapValues(\.stamp),
                               touched: all ? nil : touched)
        incidents = reread(found, root: root, old: incidents, all: all, touched: touched) { file in
            let (incident, diagnostics) = IncidentParser.parse(file, config: config)
            return (incident.map(SharedIncident.init), diagnostics)
        } numbered: { shared, revision in
            var incident = shared.incident
            incident.revision = revision
            shared = SharedIncident(incident)
        }
        if incidentOrder.count != incidents.count || !incidentOrder.allSatisfy({ incidents[$0] != nil }) {
            incidentOrder = incidents.keys.sorted()
        }
    }

    mutating func readPages(_ root: String, config: SiteConfig, all: Bool, touched: Set<String>?) {
        let found = Self.files(root, "Content/pages", ".md", known: pages.mapValues(\.stamp), touched: all ? nil : touched)
        pages = reread(found, root: root, old: pages, all: all, touched: touched) { file in
            PageParser.parse(file, timeZone: config.timeZone)
        } numbered: { page, revision in page.revision = revision }
    }

    /// The readings of `found`: unchanged files keep theirs, the others are read and parsed
    /// again (in parallel) and numbered with a new revision.
    mutating func reread<Value: Sendable>(
        _ found: [(path: String, stamp: FileStamp)], root: String, old: [String: Reading<Value>], all: Bool,
        touched: Set<String>?, parse: @escaping @Sendable (SourceFile) -> (Value?, [Diagnostic]),
        numbered: (inout Value, Int) -> Void
    ) -> [String: Reading<Value>] {
        var result: [String: Reading<Value>] = [:]
        result.reserveCapacity(found.count)
        var changed: [(path: String, stamp: FileStamp)] = []
        for entry in found {
            if !all, let reading = old[entry.path], reading.stamp == entry.stamp, touched?.contains(entry.path) != true {
                result[entry.path] = reading
            } else {
                changed.append(entry)
            }
        }
        let toRead = changed
        let previous = all ? [:] : old
        let readings = Parallel.map(toRead.count) { i -> (Reading<Value>, same: Bool) in
            let (path, stamp) = toRead[i]
            switch SiteLoader.readText(root + "/" + path, relative: path) {
            case .success(let file):
                let text = file.text.hashValue
                if var reading = previous[path], reading.text == text {
                    reading.stamp = stamp
                    return (reading, true)
                }
                let (value, diagnostics) = parse(file)
                return (Reading(stamp: stamp, text: text, value: value, diagnostics: diagnostics), false)
            case .failure(let diagnostic):
                return (Reading(stamp: stamp, text: 0, value: nil, diagnostics: [diagnostic]), false)
            }
        }
        for (entry, (var reading, same)) in zip(changed, readings) {
            if !same, var value = reading.value {
                numbered(&value, nextRevision)
                nextRevision += 1
                reading.value = value
            }
            result[entry.path] = reading
        }
        return result
    }

    /// The files below `folder` ending in `suffix`: all of them found on disk, or, given the
    /// paths the watcher saw change, the `known` ones updated for those (a touched file is
    /// stamped again or dropped; a touched folder is walked again).
    static func files(_ root: String, _ folder: String, _ suffix: String, known: [String: FileStamp],
                      touched: Set<String>?) -> [(path: String, stamp: FileStamp)] {
        guard let touched else { return SiteLoader.stamps(under: root, folder: folder, suffix: suffix) }
        var files = known
        for path in touched.sorted() where path == folder || path.hasPrefix(folder + "/") {
            var info = stat()
            let exists = stat(root + "/" + path, &info) == 0
            if exists, (info.st_mode & S_IFMT) == S_IFREG {
                if path.hasSuffix(suffix) { files[path] = FileStamp(info) }
                continue
            }
            files[path] = nil
            files = files.filter { !$0.key.hasPrefix(path + "/") }
            if exists, (info.st_mode & S_IFMT) == S_IFDIR {
                for entry in SiteLoader.stamps(under: root, folder: path, suffix: suffix) { files[entry.path] = entry.stamp }
            }
        }
        return files.map { ($0.key, $0.value) }
    }

    /// Reads every template again when one was added, changed or removed.
    mutating func readTemplates(_ root: String, config: SiteConfig, all: Bool) {
        let found = SiteLoader.stamps(under: root, folder: "Templates", suffix: ".mustache")
        let stamps = Dictionary(found.map { ($0.path, $0.stamp) }) { first, _ in first }
        guard all || stamps != templateStamps || templates.set == nil && templates.diagnostics.isEmpty else { return }
        templateStamps = stamps
        var diagnostics: [Diagnostic] = []
        let files = SiteLoader.readAll(found.map(\.path), root: URL(fileURLWithPath: root), diagnostics: &diagnostics)
        fileDiagnostics = diagnostics
        templates = TemplateSet.load(files, search: config.search, briefings: !config.briefings.isEmpty)
    }

    /// Renders `jobs` and writes each file beside its place, then renames it into place:
    /// the server never sends a half-written file.
    func update(jobs: [PageJob], renderer: Renderer) throws(BlotterError) {
        let output = options.outputDirectory.standardizedFileURL.path
        let failure = Mutex<BlotterError?>(nil)
        Parallel.forEach(jobs.count) { i in
            let file = renderer.render(jobs[i])
            do throws(BlotterError) {
                try Self.place(output + "/" + file.path) { temporary throws(BlotterError) in
                    try StagingFolder.write(file.body, to: temporary)
                }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    func copy(_ assets: [AssetFile]) throws(BlotterError) {
        let output = options.outputDirectory.standardizedFileURL.path
        for asset in assets {
            try Self.place(output + "/" + asset.outputPath) { temporary throws(BlotterError) in
                try StagingFolder.copy(from: asset.sourcePath, toPath: temporary)
            }
        }
    }

    /// Removes output files (and the folders they leave empty).
    func remove(_ paths: [String]) {
        let output = options.outputDirectory.standardizedFileURL.path
        for path in paths.sorted().reversed() {
            unlink(output + "/" + path)
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty, rmdir(output + "/" + folder) == 0 {
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
    }

    /// Makes the folder of `path`, lets `make` write a temporary file beside it, and renames it into place.
    static func place(_ path: String, _ make: (String) throws(BlotterError) -> Void) throws(BlotterError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw BlotterError(path: folder, reason: .cannotWrite(String(describing: error)))
            }
        }
        let temporary = folder + "/.blotter-" + (path as NSString).lastPathComponent
        try make(temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw BlotterError(path: path, reason: .cannotWrite(reason))
        }
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
