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
    /// (`LiveSite`) builds without them: a stylesheet edit then changes no page.
    public var forDeployment = true

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

/// What a build or check did.
public struct BuildResult: Sendable {
    /// Every diagnostic, sorted by file and line.
    public var diagnostics: [Diagnostic]
    /// Incident files read.
    public var incidentFiles: Int
    /// Incidents published.
    public var incidents: Int
    /// Pages rendered (HTML files).
    public var pages: Int
    /// Whether the output folder was replaced.
    public var published: Bool
    /// When the output next changes by itself (an incident's `published` time, a briefing's window).
    public var schedule: Schedule

    /// Whether any diagnostic is an error.
    public var failed: Bool { diagnostics.containsErrors }
}
