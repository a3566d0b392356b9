/// The text of one input file, normalised: no byte-order mark, `\n` line ends.
public struct SourceFile: Sendable {
    /// The path relative to the site folder, with `/` separators.
    public var path: String
    /// The text.
    public var text: String

    /// Creates a source file from raw text, removing a UTF-8 BOM and CR line ends.
    public init(path: String, text: String) {
        self.path = path
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.containsByte(13) {
            text = text.replacingBytes("\r\n", with: "\n").replacingBytes("\r", with: "\n")
        }
        self.text = text
    }
}

/// A file copied as-is into the output (`Templates/assets/**`).
public struct AssetFile: Sendable {
    /// Absolute path on disk.
    public var sourcePath: String
    /// Path in the output, relative to its root (`assets/style.css`).
    public var outputPath: String
}

/// Everything read from a site folder, sorted by path.
public struct SiteSources: Sendable {
    /// `site.yml`, when present.
    public var config: SourceFile?
    /// `Content/incidents/**/*.md` given as text (tests, tools).
    public var incidents: [SourceFile]
    /// `Content/incidents/**/*.md` on disk, relative to `root`: read one by one while
    /// parsing, so a big site's text is never all in memory at once.
    public var incidentPaths: [String] = []
    /// The site folder the paths are relative to.
    public var root: String?

    /// How many incident files there are.
    public var incidentCount: Int { incidents.count + incidentPaths.count }

    /// Asks the kernel to start reading the incident files on disk, before they are parsed.
    func readAhead() {
        let root = root ?? "."
        ReadAhead.start(incidentPaths.map { root + "/" + $0 })
    }

    /// The text of incident file `index` (in-memory files first, then files on disk).
    public func incident(_ index: Int) -> Result<SourceFile, Diagnostic> {
        if index < incidents.count { return .success(incidents[index]) }
        let path = incidentPaths[index - incidents.count]
        return SiteLoader.readText((root ?? ".") + "/" + path, relative: path)
    }
    /// `Content/pages/**/*.md`.
    public var pages: [SourceFile]
    /// `Templates/**/*.mustache`, with paths like `Templates/incident.mustache`.
    public var templates: [SourceFile]
    /// `Templates/assets/**`.
    public var assets: [AssetFile]
    /// Files that could not be read as UTF-8 text.
    public var diagnostics: [Diagnostic]

    /// Creates sources from strings, for tests and tools.
    public init(config: SourceFile?, incidents: [SourceFile], pages: [SourceFile] = [],
                templates: [SourceFile], assets: [AssetFile] = [], diagnostics: [Diagnostic] = []) {
        self.config = config
        self.incidents = incidents.sorted { $0.path < $1.path }
        self.pages = pages.sorted { $0.path < $1.path }
        self.templates = templates.sorted { $0.path < $1.path }
        self.assets = assets.sorted { $0.outputPath < $1.outputPath }
        self.diagnostics = diagnostics
    }
}
