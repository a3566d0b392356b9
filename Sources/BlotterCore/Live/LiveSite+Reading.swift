internal import Foundation

/// Reading the site: each file only when it changed.
extension LiveSite {
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
        config = Reading(stamp: stamp ?? FileStamp.missing, text: text, value: parsed, diagnostics: diagnostics)
        return true
    }

    /// Reads the incident files that changed; returns what changed.
    mutating func readIncidents(_ root: String, config: SiteConfig, all: Bool, touched: Set<String>?) -> Delta {
        var readings = incidents
        incidents = [:]  // `readings` is then the only owner: updated in place, not copied
        let delta = reread(root, "Content/incidents", into: &readings, all: all, touched: touched) { file in
            let (incident, diagnostics) = IncidentParser.parse(file, config: config)
            return (incident.map(SharedIncident.init), diagnostics)
        } numbered: { shared, revision in
            var incident = shared.incident
            incident.revision = revision
            shared = SharedIncident(incident)
        }
        incidents = readings
        if delta.addedOrRemoved || incidentOrder.count != incidents.count { incidentOrder = incidents.keys.sorted() }
        return delta
    }

    /// Reads the page files that changed; returns what changed.
    mutating func readPages(_ root: String, config: SiteConfig, all: Bool, touched: Set<String>?) -> Delta {
        var readings = pages
        pages = [:]
        let delta = reread(root, "Content/pages", into: &readings, all: all, touched: touched) { file in
            PageParser.parse(file, timeZone: config.timeZone)
        } numbered: { page, revision in page.revision = revision }
        pages = readings
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

    /// Updates `readings` (by path) for the `.md` files below `folder`: unchanged files keep
    /// theirs, changed ones are read and parsed again (in parallel) and numbered with a new
    /// revision, removed ones are dropped. Every file is looked at, or with `touched`
    /// only the touched files and folders.
    mutating func reread<Value: Sendable>(
        _ root: String, _ folder: String, into readings: inout [String: Reading<Value>], all: Bool,
        touched: Set<String>?, parse: @escaping @Sendable (SourceFile) -> (Value?, [Diagnostic]),
        numbered: (inout Value, Int) -> Void
    ) -> Delta {
        let (found, removed) = Self.files(root, folder, ".md", known: readings, touched: all ? nil : touched)
        var delta = Delta(addedOrRemoved: !removed.isEmpty)
        for path in removed { readings[path] = nil }
        let toRead = found.filter { entry in
            all || readings[entry.path]?.stamp != entry.stamp || touched?.contains(entry.path) == true
        }
        let previous = toRead.map { readings[$0.path] }
        let results = Parallel.map(toRead.count) { i -> (Reading<Value>, same: Bool) in
            let (path, stamp) = toRead[i]
            switch SiteLoader.readText(root + "/" + path, relative: path) {
            case .success(let file):
                let text = file.text.hashValue
                if !all, var reading = previous[i], reading.text == text {
                    reading.stamp = stamp
                    return (reading, true)
                }
                let (value, diagnostics) = parse(file)
                return (Reading(stamp: stamp, text: text, value: value, diagnostics: diagnostics), false)
            case .failure(let diagnostic):
                return (Reading(stamp: stamp, text: 0, value: nil, diagnostics: [diagnostic]), false)
            }
        }
        for (entry, (var reading, same)) in zip(toRead, results) {
            if !same {
                if var value = reading.value {
                    numbered(&value, nextRevision)
                    nextRevision += 1
                    reading.value = value
                }
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

    /// The files below `folder` ending in `suffix` to look at, and the known ones gone. Without
    /// `touched`: every file on disk. With it: the touched files, and every file of a touched
    /// folder (walked again); known files in a touched folder that is gone, or no longer there.
    static func files<Value>(_ root: String, _ folder: String, _ suffix: String, known: [String: Reading<Value>],
                             touched: Set<String>?) -> (found: [(path: String, stamp: FileStamp)], removed: [String]) {
        guard let touched else {
            let found = SiteLoader.stamps(under: root, folder: folder, suffix: suffix)
            let present = Set(found.map(\.path))
            return (found, known.keys.filter { !present.contains($0) })
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
            let inside = known.keys.filter { $0 == path || $0.hasPrefix(path + "/") }
            let walked = exists && (info.st_mode & S_IFMT) == S_IFDIR
                ? SiteLoader.stamps(under: root, folder: path, suffix: suffix) : []
            let present = Set(walked.map(\.path))
            found += walked
            removed.formUnion(inside.filter { !present.contains($0) })
        }
        let foundPaths = Set(found.map(\.path))
        return (found, removed.filter { !foundPaths.contains($0) }.sorted())
    }

    /// Reads every template again when one was added, changed or removed; returns whether it did.
    mutating func readTemplates(_ root: String, config: SiteConfig, all: Bool) -> Bool {
        let found = SiteLoader.stamps(under: root, folder: "Templates", suffix: ".mustache")
        let stamps = Dictionary(found.map { ($0.path, $0.stamp) }) { first, _ in first }
        guard all || stamps != templateStamps || templates.set == nil && templates.diagnostics.isEmpty else { return false }
        templateStamps = stamps
        var diagnostics: [Diagnostic] = []
        let files = Theme.templates(besides: SiteLoader.readAll(found.map(\.path), root: URL(fileURLWithPath: root),
                                                               diagnostics: &diagnostics))
        fileDiagnostics = diagnostics
        templates = TemplateSet.load(files, search: config.search, briefings: !config.briefings.isEmpty)
        return true
    }
}
