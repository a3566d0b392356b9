@testable import BlotterCore
import Foundation
import Testing

/// `blotter init`: the new site builds at once with the built-in theme, with no error and no
/// warning at any date, its site.yml names every setting, and a folder in use is refused.
@Suite struct InitTests {
    static let settings = SiteScaffold.Settings(title: "Riverside Incident Desk", baseURL: "https://incidents.example.org/",
                                                language: "en-GB", timeZone: "Europe/London")
    static let now = ClockParser.parse("2025-03-30T09:00:00Z")!  // the day British Summer Time starts

    /// A temporary folder, and the path of a site in it that does not exist yet.
    static func newFolder() throws -> (parent: URL, site: URL) {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        return (parent, parent.appendingPathComponent("mysite"))
    }

    @Test func aNewSiteBuildsWithTheBuiltInThemeAndNoDiagnostics() throws {
        let (parent, site) = try Self.newFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        try SiteScaffold.write(SiteScaffold.files(Self.settings, now: Self.now), to: site)
        #expect(TestSite.files(under: site) == [
            ".gitignore", "Content/incidents/2025/03/example-warehouse-fire.md", "Content/pages/about.md",
            "Content/pages/corrections-policy.md", "README.md", "Static/assets/images/example-mill-road.svg", "site.yml",
        ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["mysite"])  // no staging left

        let result = try Pipeline.build(BuildOptions(siteDirectory: site, clock: Self.now))
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.published)
        let output = site.appendingPathComponent("Public")
        let read = { (path: String) in try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8) }
        let page = try read("incidents/example-warehouse-fire/index.html")
        for part in ["<h1>Example: two people hurt in warehouse fire on Mill Road</h1>", ">Key facts</h2>",
                     "<dd>0 killed, 2 injured</dd>", ">Agencies</dt>", ">Category</dt>", ">Tags</dt>",
                     "this report mentions serious injuries.", "Victim support", ">Timeline</h2>", ">Statements</h2>",
                     "Sam Okafor", ">Updates and corrections</h2>", "<strong class=\"update-kind\">Correction:</strong>", ">Sources</h2>",
                     "<img src=\"/assets/images/example-mill-road.svg\" alt=\"Illustrated map of Mill Road",
                     "<h2>What happened</h2>", "<h2>The investigation</h2>", "28 March 2025"] {
            #expect(page.contains(part), "incident page lacks \(part)")
        }
        #expect(try read("about/index.html").contains("Riverside Incident Desk publishes short, verified reports"))
        #expect(try read("corrections-policy/index.html").contains("<h1>Corrections policy</h1>"))
        #expect(try read("briefings/weekly/index.html").contains("Example: two people hurt"))
        #expect(try read("assets/images/example-mill-road.svg") == ExampleIncident.image)
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Templates").path))
    }

    /// Whenever and wherever the site is made, and however long after it is built, it has
    /// no error and no warning: the example is never in the future, its timeline in order.
    @Test(arguments: ["UTC", "Europe/London", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago",
                      "Australia/Lord_Howe"])
    func aNewSiteIsCleanAtAnyDate(zone: String) throws {
        var settings = Self.settings
        settings.timeZone = zone
        let moments = ["2025-03-30T00:30:00Z", "2025-03-30T23:59:00Z", "2024-02-29T12:00:00Z", "2025-01-01T00:00:00Z",
                       "2025-10-26T01:30:00Z", "2025-12-31T23:59:59Z"].compactMap(ClockParser.parse)
        #expect(moments.count == 6)
        for now in moments {
            let (parent, site) = try Self.newFolder()
            defer { try? FileManager.default.removeItem(at: parent) }
            try SiteScaffold.write(SiteScaffold.files(settings, now: now), to: site)
            for later: TimeInterval in [0, 3 * 86_400, 400 * 86_400] {
                let result = try Pipeline.check(BuildOptions(siteDirectory: site, clock: now.addingTimeInterval(later)))
                #expect(result.diagnostics.map(\.description) == [], "made \(now) in \(zone), checked \(later / 86_400) days later")
                #expect(result.incidents == 1)
            }
        }
    }

    /// site.yml names every setting Blotter knows; with the commented-out ones turned on it
    /// still parses without a message, each setting holding its documented default.
    @Test func siteYAMLNamesEverySetting() throws {
        let text = SiteScaffold.siteYAML(Self.settings)
        for key in SiteConfigParser.knownFields.sorted() {
            #expect(text.contains("\n\(key):") || text.contains("\n# \(key):"), "site.yml lacks \(key)")
        }
        let (config, diagnostics) = SiteConfigParser.parse(SourceFile(path: "site.yml", text: text))
        #expect(diagnostics.map(\.description) == [])
        #expect(config.title == "Riverside Incident Desk" && config.baseURL == "https://incidents.example.org/")
        #expect(config.language == "en-GB" && config.timeZone.identifier == "Europe/London")
        #expect(config.supportOrder == ["victim-support"] && config.briefings.map(\.name) == ["weekly"])

        let (all, allDiagnostics) = SiteConfigParser.parse(SourceFile(path: "site.yml", text: Self.uncommented(text)))
        #expect(allDiagnostics.map(\.description) == [])
        #expect(all.author == "Riverside Incident Desk" && all.publisher == "Riverside Incident Desk")
        #expect(all.perPage == 20 && all.feedLimit == 50 && all.search)
        #expect(all.supportOrder == ["victim-support", "samaritans"] && all.support["victim-support"]?.url != nil)
        #expect(all.briefings.map(\.name) == ["weekly", "open-cases"])
        #expect(all.briefings.last?.briefing.filter.statuses == ["developing", "under-investigation", "charges-brought"])
        #expect(all.data.splitAbove == 5000 && all.data.license?.name == "CC BY 4.0")
        #expect(all.map == MapSettings() && config.map == MapSettings())
        #expect(all.extra.isEmpty)
    }

    /// Titles with YAML and Markdown in them stay text.
    @Test func aTitleIsQuotedWhereverItGoes() throws {
        let (parent, site) = try Self.newFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        var settings = SiteScaffold.Settings.defaults
        settings.title = #"Barking & Dagenham: *the* "Desk" [beta] #1"#
        try SiteScaffold.write(SiteScaffold.files(settings, now: Self.now), to: site)
        let result = try Pipeline.build(BuildOptions(siteDirectory: site, clock: Self.now))
        #expect(result.diagnostics.map(\.description) == [])
        let about = try String(contentsOf: site.appendingPathComponent("Public/about/index.html"), encoding: .utf8)
        #expect(about.contains("<p>Barking &amp; Dagenham: *the* &quot;Desk&quot; [beta] #1 publishes short"))
        #expect(about.contains("<title>About us | Barking &amp; Dagenham: *the* &quot;Desk&quot; [beta] #1</title>"))
    }

    @Test func settingsAreCheckedAsSiteYAMLChecksThem() throws {
        #expect(try SiteScaffold.baseURL("https://example.org/news").get() == "https://example.org/news/")
        #expect(Self.message(SiteScaffold.baseURL("ftp://example.org/"))
            == "--base-url: expected an absolute http(s) address like https://example.org/, found \"ftp://example.org/\"")
        #expect(Self.message(SiteScaffold.timeZone("Mars/Olympus"))
            == "--timezone: unknown timezone \"Mars/Olympus\"; use a name like Europe/London or America/Chicago")
        #expect(Self.message(SiteScaffold.language("english please"))
            == "--language: expected a language tag like en-GB or fr (24 characters at most), found \"english please\"")
        #expect(Self.message(SiteScaffold.title("  ")) == "--title: the site needs a title")
        #expect(Self.message(SiteScaffold.title("Two\nlines")) == "--title: the title must be one line without control characters")
        #expect(try SiteScaffold.title("  Desk ").get() == "Desk")
    }

    @Test func aFolderInUseIsRefusedAndLeftAlone() throws {
        let (parent, site) = try Self.newFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        for name in ["notes.txt", "b", "c", "d"] { try Data("x".utf8).write(to: site.appendingPathComponent(name)) }
        let files = SiteScaffold.files(Self.settings, now: Self.now)
        let error = #expect(throws: BlotterError.self) { try SiteScaffold.write(files, to: site) }
        #expect(error?.description == "\(site.path): the folder is not empty (it holds \"b\", \"c\", \"d\" and 1 more); "
            + "`blotter init` makes a site only in a new or empty folder, and wrote nothing")
        #expect(TestSite.files(under: site) == ["b", "c", "d", "notes.txt"])

        let file = parent.appendingPathComponent("file")
        try Data().write(to: file)
        let notFolder = #expect(throws: BlotterError.self) { try SiteScaffold.write(files, to: file) }
        #expect(notFolder?.description == "\(file.path): not a folder")
        let orphan = #expect(throws: BlotterError.self) {
            try SiteScaffold.write(files, to: parent.appendingPathComponent("missing/mysite"))
        }
        #expect(orphan?.description == "\(parent.path)/missing: no such file or folder")
        let link = parent.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "nowhere")
        let dangling = #expect(throws: BlotterError.self) { try SiteScaffold.write(files, to: link) }
        #expect(dangling?.description == "\(link.path): a symbolic link that leads nowhere; remove it or name another folder")
    }

    /// An empty folder, or one holding only `.git` (a repository just cloned), takes the site.
    @Test func anEmptyFolderOrAFreshCloneTakesTheSite() throws {
        let (parent, site) = try Self.newFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        try FileManager.default.createDirectory(at: site.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/main\n".utf8).write(to: site.appendingPathComponent(".git/HEAD"))
        try SiteScaffold.write(SiteScaffold.files(Self.settings, now: Self.now), to: site)
        #expect(TestSite.files(under: site).count == 8)
        #expect(try String(contentsOf: site.appendingPathComponent(".git/HEAD"), encoding: .utf8) == "ref: refs/heads/main\n")
    }

    /// A file that cannot be written leaves no half-made site: nothing in a new folder's
    /// place (nor its staging folder), and an empty folder empty again.
    @Test func aFailedWriteLeavesNothingBehind() throws {
        let (parent, site) = try Self.newFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let clash = [SiteScaffold.File(path: "site.yml", text: "title: x\n"), SiteScaffold.File(path: "Content/a.md", text: "a"),
                     SiteScaffold.File(path: "Content/a.md/b.md", text: "b")]
        let error = #expect(throws: BlotterError.self) { try SiteScaffold.write(clash, to: site) }
        #expect(error?.description == "\(site.path)/Content/a.md/b.md: cannot write: Not a directory")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == [])

        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        #expect(throws: BlotterError.self) { try SiteScaffold.write(clash, to: site) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path) == [])
    }
}

private extension InitTests {
    static func message(_ result: Result<String, BlotterError>) -> String? {
        if case .failure(let error) = result { return error.description }
        return nil
    }

    /// site.yml with every commented-out setting turned on: a `# ` before a `key:` or
    /// `- key:` line is removed, with the indentation it stood in.
    static func uncommented(_ text: String) -> String {
        let setting = /^(\s*)# ((?:- )?\s*[a-z_-]+:(?: .*)?)$/
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let match = String(line).wholeMatch(of: setting) else { return String(line) }
            return String(match.1) + String(match.2)
        }.joined(separator: "\n")
    }
}
