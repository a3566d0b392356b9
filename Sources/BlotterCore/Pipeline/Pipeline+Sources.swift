internal import Foundation

/// Stages 1 and 2, load and parse, with memory: every file's last reading is kept, and only
/// files whose stamp changed (or that the preview's watcher saw change) are read and
/// parsed again. With nothing remembered, everything is read: a full build.
extension Pipeline {
    /// A file's last reading.
    struct Reading<Value: Sendable>: Sendable {
        var stamp: FileStamp
        /// A hash of the text: a file saved unchanged (or touched) keeps its reading.
        var text: UInt64
        var value: Value?
        var diagnostics: [Diagnostic]
    }

    /// Files found below one folder of the site.
    struct Found {
        /// The files to look at, with their stamps, by path.
        var files: [(path: String, stamp: FileStamp)]
        /// Files read before that are gone.
        var removed: [String]
    }

    /// Stage 1 for the whole site: every input file with its stamp, found without reading any.
    struct Scan {
        var config: FileStamp?
        var incidents: [(path: String, stamp: FileStamp)]
        var pages: [(path: String, stamp: FileStamp)]
        var authors: [(path: String, stamp: FileStamp)]
        var templates: [(path: String, stamp: FileStamp)]
        var assets: [(path: String, stamp: FileStamp)]
        /// published.lock's.
        var lock: FileStamp?
        /// Links out of the site folder, not followed.
        var diagnostics: [Diagnostic]

        /// Every path and stamp, hashed: equal for two scans of a site in which no file changed.
        var hash: UInt64 {
            var hasher = StableHasher()
            hasher.combine(config.map { $0.stableHash } ?? 0)
            hasher.combine(lock.map { $0.stableHash } ?? 0)
            for list in [incidents, pages, authors, templates, assets] {
                hasher.combine(list.count)
                for (path, stamp) in list {
                    hasher.combine(path)
                    hasher.combine(stamp.stableHash)
                }
            }
            return hasher.finalize()
        }
    }

    /// Looks at every file of the site folder `root`.
    static func scan(_ root: String) -> Scan {
        var diagnostics: [Diagnostic] = []
        let incidents = SiteLoader.stamps(under: root, folder: "Content/incidents", suffix: ".md", diagnostics: &diagnostics)
        let pages = SiteLoader.stamps(under: root, folder: "Content/pages", suffix: ".md", diagnostics: &diagnostics)
        let authors = SiteLoader.stamps(under: root, folder: AuthorParser.folder, suffix: ".md", diagnostics: &diagnostics)
        let templates = SiteLoader.stamps(under: root, folder: "Templates", suffix: ".mustache", diagnostics: &diagnostics)
        let assets = assetStamps(root, diagnostics: &diagnostics)
        return Scan(config: FileStamp.of(root + "/site.yml"), incidents: incidents, pages: pages, authors: authors,
                    templates: templates,
                    assets: assets, lock: FileStamp.of(root + "/" + PublishedLock.fileName), diagnostics: diagnostics)
    }

    /// The files published as they are: `Static/**` and `Templates/assets/**`.
    static func assetStamps(_ root: String, diagnostics: inout [Diagnostic]) -> [(path: String, stamp: FileStamp)] {
        SiteLoader.stamps(under: root, folder: "Static", suffix: "", diagnostics: &diagnostics)
            + SiteLoader.stamps(under: root, folder: "Templates/assets", suffix: "", diagnostics: &diagnostics)
    }

    /// What the load and parse stages changed.
    struct Changes {
        var config = false
        var templates = false
        var incidents = Delta()
        var pages = Delta()
        var authors = Delta()
        /// The asset files with their stamps (the theme's have `FileStamp.embedded`).
        var assets: [AssetFile] = []
        var assetStamps: [String: FileStamp] = [:]
    }

    /// Stages 1 and 2: reads and parses what changed since the last run. `scan` is the whole
    /// site's, or nil to look only at `touched` (paths relative to the site folder that the
    /// watcher saw change: files or whole folders; nil: everything).
    mutating func load(_ root: String, scan: Scan?, touched: Set<String>?) -> Changes {
        var changes = Changes()
        changes.config = readConfig(root, stamp: scan.map { $0.config } ?? FileStamp.of(root + "/site.yml"),
                                    touched: touched?.contains("site.yml") ?? true)
        let config = self.config?.value ?? SiteConfigParser.parse(nil).0
        readRecord(root, stamp: scan.map { $0.lock } ?? FileStamp.of(root + "/" + PublishedLock.fileName),
                   touched: touched?.contains(PublishedLock.fileName) ?? true)
        let all = changes.config
        var links: [Diagnostic] = []
        func found(_ folder: String, _ whole: [(path: String, stamp: FileStamp)]?, known: some Collection<String>) -> Found {
            if let whole { return Self.present(whole, known: known) }
            return Self.files(root, folder, ".md", known: known, touched: all ? nil : touched, diagnostics: &links)
        }
        let incidentFiles = found("Content/incidents", scan?.incidents, known: incidents.keys)
        changes.incidents = readIncidents(root, incidentFiles, config: config, all: all, touched: touched)
        let pageFiles = found("Content/pages", scan?.pages, known: pages.keys)
        changes.pages = readNumbered(\.pages, root, pageFiles, all: all, touched: touched) { [zone = config.timeZone] in
            PageParser.parse($0, timeZone: zone)
        }
        let authorFiles = found(AuthorParser.folder, scan?.authors, known: authors.keys)
        changes.authors = readNumbered(\.authors, root, authorFiles, all: all, touched: touched, parse: AuthorParser.parse)
        let templateStamps = scan?.templates
            ?? SiteLoader.stamps(under: root, folder: "Templates", suffix: ".mustache", diagnostics: &links)
        // A template the watcher saw saved is read again whatever its stamp says (two saves
        // can fall in one tick of the file system's clock).
        let templateTouched = touched?.contains { $0.hasPrefix("Templates") && !$0.hasPrefix("Templates/assets") } ?? false
        changes.templates = readTemplates(root, templateStamps, config: config, all: all || templateTouched)
        let assetStamps = scan?.assets ?? Self.assetStamps(root, diagnostics: &links)
        if let scan { linkDiagnostics = scan.diagnostics } else if touched == nil { linkDiagnostics = links }
        changes.assets = Theme.assets(besides: assetStamps.map(\.path), root: root)
        changes.assetStamps = Dictionary(assetStamps.map { ($0.path, $0.stamp) }) { first, _ in first }
        return changes
    }

    /// Reads site.yml again if it changed; returns whether it did.
    mutating func readConfig(_ root: String, stamp: FileStamp?, touched: Bool) -> Bool {
        if let config, config.stamp == stamp ?? FileStamp.missing, !touched { return false }
        var diagnostics: [Diagnostic] = []
        let file = stamp == nil ? nil : SiteLoader.readText(URL(fileURLWithPath: root + "/site.yml"), relative: "site.yml",
                                                              diagnostics: &diagnostics)
        var (parsed, more) = SiteConfigParser.parse(file)
        diagnostics += more
        do {
            try options.applyBaseURL(to: &parsed)
        } catch {
            diagnostics.append(Diagnostic(.error, file: "site.yml", line: 1, column: 1, field: "base_url",
                                          message: error.description))
        }
        let text = file.map { StableHasher.hash($0.text) } ?? 0
        if let config, config.text == text, config.stamp != FileStamp.missing, let stamp {
            self.config?.stamp = stamp
            return false
        }
        config = Reading(stamp: stamp ?? FileStamp.missing, text: text, value: parsed, diagnostics: diagnostics)
        return true
    }

    /// Reads the incident files that changed; returns what changed.
    mutating func readIncidents(_ root: String, _ found: Found, config: SiteConfig, all: Bool,
                                touched: Set<String>?) -> Delta {
        var readings = incidents
        incidents = [:]  // `readings` is then the only owner: updated in place, not copied
        let delta = reread(root, found, into: &readings, all: all, touched: touched) { file, revision in
            let (incident, diagnostics) = IncidentParser.parse(file, config: config)
            return (incident.map { incident in
                var numbered = incident
                numbered.revision = revision
                return ParsedIncident(numbered)
            }, diagnostics)
        }
        incidents = readings
        if delta.addedOrRemoved || incidentOrder.count != incidents.count { incidentOrder = incidents.keys.sorted() }
        return delta
    }

    /// Reads the files of one folder that changed (pages, authors) into the readings at
    /// `readings`, each parsed value numbered with its revision; returns what changed.
    mutating func readNumbered<Value: Numbered>(
        _ readings: WritableKeyPath<Pipeline, [String: Reading<Value>]>, _ root: String, _ found: Found, all: Bool,
        touched: Set<String>?, parse: @escaping @Sendable (SourceFile) -> (Value?, [Diagnostic])
    ) -> Delta {
        var kept = self[keyPath: readings]
        self[keyPath: readings] = [:]  // `kept` is then the only owner: updated in place, not copied
        let delta = reread(root, found, into: &kept, all: all, touched: touched) { file, revision in
            let (value, diagnostics) = parse(file)
            return (value.map { value in
                var numbered = value
                numbered.revision = revision
                return numbered
            }, diagnostics)
        }
        self[keyPath: readings] = kept
        return delta
    }

    /// What a rereading changed.
    struct Delta {
        /// Files whose text changed (they were there before and still are).
        var edited: [String] = []
        /// Whether files were added or removed.
        var addedOrRemoved = false
        /// Whether an edited file's diagnostics changed.
        var diagnosticsChanged = false
    }

    /// Updates `readings` (by path) for the `found` files: unchanged files keep theirs, changed
    /// ones are read and parsed again (in parallel), each given a revision made from its path,
    /// its text and site.yml's (what a parse depends on); removed ones are dropped. With `all`
    /// (site.yml changed), every file is parsed again.
    mutating func reread<Value: Sendable>(
        _ root: String, _ found: Found, into readings: inout [String: Reading<Value>], all: Bool,
        touched: Set<String>?, parse: @escaping @Sendable (SourceFile, _ revision: Int) -> (Value?, [Diagnostic])
    ) -> Delta {
        var delta = Delta(addedOrRemoved: !found.removed.isEmpty)
        for path in found.removed { readings[path] = nil }
        let toRead = found.files.filter { entry in
            all || readings[entry.path]?.stamp != entry.stamp || touched?.contains(entry.path) == true
        }
        let previous = toRead.map { readings[$0.path] }
        let settings = config?.text ?? 0
        if toRead.count > 64 { ReadAhead.start(toRead.map { root + "/" + $0.path }) }
        let results = Parallel.map(toRead.count) { i -> (Reading<Value>, same: Bool) in
            let (path, stamp) = toRead[i]
            switch SiteLoader.readText(root + "/" + path, relative: path) {
            case .success(let file):
                let text = StableHasher.hash(file.text)
                if !all, var reading = previous[i], reading.text == text {
                    reading.stamp = stamp
                    return (reading, true)
                }
                var revision = StableHasher()
                revision.combine(settings)
                revision.combine(path)
                revision.combine(text)
                let (value, diagnostics) = parse(file, Int(bitPattern: UInt(revision.finalize())))
                return (Reading(stamp: stamp, text: text, value: value, diagnostics: diagnostics), false)
            case .failure(let diagnostic):
                return (Reading(stamp: stamp, text: 0, value: nil, diagnostics: [diagnostic]), false)
            }
        }
        for (entry, (reading, same)) in zip(toRead, results) {
            if !same {
                if let old = readings[entry.path] {
                    delta.edited.append(entry.path)
                    if old.diagnostics != reading.diagnostics { delta.diagnosticsChanged = true }
                } else {
                    delta.addedOrRemoved = true
                }
            }
            readings[entry.path] = reading
        }
        return delta
    }

    /// The files of a whole scan, and the known ones gone.
    static func present(_ files: [(path: String, stamp: FileStamp)], known: some Collection<String>) -> Found {
        let paths = Set(files.map(\.path))
        return Found(files: files, removed: known.filter { !paths.contains($0) })
    }

    /// The files below `folder` ending in `suffix` to look at, and the known ones gone. Without
    /// `touched`: every file on disk. With it: the touched files, and every file of a touched
    /// folder (walked again); known files in a touched folder that is gone, or no longer there.
    static func files(_ root: String, _ folder: String, _ suffix: String, known: some Collection<String>,
                      touched: Set<String>?, diagnostics: inout [Diagnostic]) -> Found {
        guard let touched else {
            return present(SiteLoader.stamps(under: root, folder: folder, suffix: suffix, diagnostics: &diagnostics),
                           known: known)
        }
        var found: [(path: String, stamp: FileStamp)] = []
        var removed: Set<String> = []
        for path in touched.sorted() where path == folder || path.hasPrefix(folder + "/") {
            var info = stat()
            let exists = stat(root + "/" + path, &info) == 0
            if exists, (info.st_mode & S_IFMT) == S_IFREG {
                if path.hasSuffix(suffix) { found.append((path, FileStamp(info))) }
                continue
            }
            let inside = known.filter { $0 == path || $0.hasPrefix(path + "/") }
            let walked = exists && (info.st_mode & S_IFMT) == S_IFDIR
                ? SiteLoader.stamps(under: root, folder: path, suffix: suffix, diagnostics: &diagnostics) : []
            let present = Set(walked.map(\.path))
            found += walked
            removed.formUnion(inside.filter { !present.contains($0) })
        }
        let foundPaths = Set(found.map(\.path))
        return Found(files: found, removed: removed.filter { !foundPaths.contains($0) }.sorted())
    }

    /// Reads every template again when one was added, changed or removed; returns whether it did.
    mutating func readTemplates(_ root: String, _ found: [(path: String, stamp: FileStamp)], config: SiteConfig,
                                all: Bool) -> Bool {
        let stamps = Dictionary(found.map { ($0.path, $0.stamp) }) { first, _ in first }
        guard all || stamps != templateStamps || templates.set == nil && templates.diagnostics.isEmpty else { return false }
        templateStamps = stamps
        var diagnostics: [Diagnostic] = []
        let files = Theme.templates(besides: SiteLoader.readAll(found.map(\.path), root: URL(fileURLWithPath: root),
                                                               diagnostics: &diagnostics))
        templateFileDiagnostics = diagnostics
        templates = TemplateSet.load(files, search: config.search, briefings: !config.briefings.isEmpty)
        return true
    }
}

/// A parsed file that carries which reading of it it is (`Incident.revision`).
protocol Numbered: Sendable {
    var revision: Int { get set }
}

extension Page: Numbered {}
extension Author: Numbered {}

extension FileStamp {
    /// The stamp hashed alike in every run.
    var stableHash: UInt64 {
        var hasher = StableHasher()
        hasher.combine(seconds)
        hasher.combine(nanoseconds)
        hasher.combine(size)
        hasher.combine(inode)
        return hasher.finalize()
    }
}
