public import Foundation

/// What to build and how.
public struct BuildOptions: Sendable {
    /// The site folder (holding `site.yml`, `Content/`, `Templates/`).
    public var siteDirectory: URL
    /// Where the site is written; default `<site>/Public`.
    public var outputDirectory: URL
    /// Include drafts.
    public var drafts: Bool
    /// Include incidents published in the future.
    public var future: Bool
    /// "Now" for the future check; also the build time templates may show. Nil: the real time, not shown.
    public var clock: Date?
    /// Replaces `base_url` (for staging).
    public var baseURL: String?
    /// Whether the site model is freed when `Pipeline.build` returns. `blotter build` exits
    /// right after and leaves that to the system, as compilers do: freeing a big site's
    /// model object by object takes a tenth of a second or more, on one core.
    public var freesModel = true
    /// Whether the output is for a web host (`blotter build`): stylesheets and scripts also
    /// get fingerprinted copies that pages link with Subresource Integrity, and text files
    /// `.gz` and `.br` copies (unless site.yml says `precompress: false`). The preview
    /// (`Pipeline(preview:)`) builds without them: a stylesheet edit then changes no page.
    public var forDeployment = true
    /// Makes the search index of a site that asks for one (`search: true`): `blotter` gives
    /// Pagefind's (`BlotterPrint.PagefindIndexer`); BlotterCore runs no program itself.
    public var searchIndexer: (any SearchIndexer)?
    /// Ignore what the last build remembered (`--full`): every file is made and compared with
    /// the bytes in the folder it is written over.
    public var full = false
    /// Write published.lock after a build that publishes (`--lock`): the record of what the
    /// site has published, which later builds hold it to (docs/editorial.md). Not with
    /// `drafts` or `future`, which publish what the site does not.
    public var writesLock = false
    /// Where the map library is looked for (`MapLibrary.folders`: Debian's
    /// `/usr/share/javascript/leaflet`); a test points it elsewhere.
    public var mapLibraryFolders = MapLibrary.folders

    /// Creates options with the defaults of `blotter build`.
    public init(siteDirectory: URL, outputDirectory: URL? = nil, drafts: Bool = false, future: Bool = false,
                clock: Date? = nil, baseURL: String? = nil) {
        self.siteDirectory = siteDirectory
        self.outputDirectory = outputDirectory ?? siteDirectory.appendingPathComponent("Public")
        self.drafts = drafts
        self.future = future
        self.clock = clock
        self.baseURL = baseURL
    }
}

/// What a build, check or preview rebuild did.
public struct BuildResult: Sendable {
    /// Every diagnostic, sorted by file and line; with errors nothing was written.
    public var diagnostics: [Diagnostic]
    /// Incident files read.
    public var incidentFiles: Int
    /// Incidents published.
    public var incidents: Int
    /// Pages rendered (HTML files).
    public var pages: Int
    /// Whether the output folder was brought up to date.
    public var published = false
    /// When the output next changes by itself (an incident's `published` time, a briefing's window).
    public var schedule: Schedule
    /// Why a build wrote everything, or that it had nothing to do, in one sentence; nil for
    /// a build that wrote only what changed.
    public var note: String?
    /// Files written (pages, feeds, data files, assets), and removed.
    public var written = 0
    public var removed = 0
    /// Every file of the site was written (a full build, the preview's first).
    public var whole = false
    /// Only the files that show the edited incidents were looked at (the preview's quick
    /// rebuild: their places in the site did not change).
    public var quick = false
    /// Whether the site changed (not only the files that follow the clock): pages should reload.
    public var changed = false
    /// Only stylesheets changed: pages can swap them without reloading.
    public var onlyStylesheets = false
    /// How long it took.
    public var seconds = 0.0
    /// The site's photos, and the files made of them in this run: encoded, or read back
    /// from the photo cache (`PhotoCache`); files unchanged in the output are neither.
    public var photos = 0
    public var photoFilesEncoded = 0
    public var photoFilesFromCache = 0

    /// Whether any diagnostic is an error.
    public var failed: Bool { diagnostics.containsErrors }

    init(_ diagnostics: [Diagnostic], incidentFiles: Int, incidents: Int, pages: Int, schedule: Schedule) {
        self.diagnostics = diagnostics
        self.incidentFiles = incidentFiles
        self.incidents = incidents
        self.pages = pages
        self.schedule = schedule
    }

    init(_ diagnostics: [Diagnostic], incidentFiles: Int, site: Site, pages: Int) {
        self.init(diagnostics, incidentFiles: incidentFiles, incidents: site.incidents.count, pages: pages,
                  schedule: Schedule(site: site))
    }

    /// Records what a publication did.
    mutating func record(_ report: Publisher.Report, of plan: OutputPlan, whole: Bool) {
        published = true
        self.whole = whole
        if !quick { pages = report.pages }
        written = report.written.count
        removed = report.removed.count
        // The news sitemap and briefings follow the clock: rewritten, they are no reason to reload.
        let content = report.written.map { plan.items[$0] }.filter { !$0.followsClock }
        changed = whole || !content.isEmpty || !report.removed.isEmpty
        onlyStylesheets = !whole && !content.isEmpty && report.removed.isEmpty
            && content.allSatisfy { $0.isAsset && $0.path.hasSuffix(".css") }
    }
}
