import BlotterCore
import Foundation
import Testing

/// A whole small site built from strings, its files asserted.
@Suite struct SiteBuildTests {
    func makeSite() throws -> TestSite {
        try TestSite([
            "Content/incidents/2024/a.md": incidentFile(title: "Café fire in Łódź", date: "2024-03-01T10:00:00Z",
                                                        extra: "tags: [fire-safety, Housing]\nagencies: [London Fire Brigade]\ncategory: fire"),
            "Content/incidents/2024/b.md": incidentFile(title: "Second", date: "2024-03-02",
                                                        extra: "tags: [housing]\nstatus_note: x"),
            "Content/incidents/2024/c.md": incidentFile(title: "Third", date: "2024-03-03 09:30", extra: """
                timeline:
                  - time: "9:05"
                    text: Called.
                  - time: "2024-03-04"
                    text: Next day.
                  - time: "2024-03-04 10:15"
                    text: Later.
                  - time: "2024-03-05T08:00:00+01:00"
                    text: Full.
                """),
            "Content/incidents/2024/draft.md": incidentFile(title: "Draft one", extra: "draft: true"),
            "Content/incidents/2024/future.md": incidentFile(title: "Future one",
                                                             extra: "published: 2030-01-01T00:00:00Z"),
            "Content/pages/about.md": "---\ntitle: About us\n---\nWe report.\n",
        ])
    }

    @Test func buildsEveryKindOfPage() throws {
        let site = try makeSite()
        defer { site.delete() }
        let result = try site.build()
        #expect(!result.failed)
        #expect(result.incidents == 3)
        // The .gz and .br copies are DeploymentOutputTests'.
        let files = site.outputFiles().filter { !$0.hasSuffix(".gz") && !$0.hasSuffix(".br") }
        let style = try DeploymentOutputTests.digest(site.output.appendingPathComponent("assets/style.css"))
        #expect(files.filter { $0.hasSuffix(".html") || $0.hasPrefix("assets/") } == [
            "404.html", "about/index.html", "agencies/index.html", "agencies/london-fire-brigade/index.html",
            "areas/barking-and-dagenham/index.html", "areas/barking-and-dagenham/page/2/index.html",
            "areas/index.html", "assets/style.\(style.hex.prefix(16)).css", "assets/style.css",
            "categories/fire/index.html", "categories/index.html", "corrections/index.html", "data/index.html",
            "incidents/cafe-fire-in-lodz/index.html", "incidents/second/index.html", "incidents/third/index.html",
            "index.html", "page/2/index.html", "statuses/developing/index.html",
            "statuses/developing/page/2/index.html", "statuses/index.html", "tags/fire-safety/index.html",
            "tags/housing/index.html", "tags/index.html",
        ])
        let data = files.filter { !$0.hasSuffix(".html") && !$0.hasPrefix("assets/") }
        #expect(data == [
            ".blotter-output", "_headers", "_redirects", "agencies/london-fire-brigade/feed.xml", "areas/barking-and-dagenham/feed.xml", "categories/fire/feed.xml",
            "corrections/feed.xml", "data/index.json", "feed.json", "feed.xml", "incidents.csv", "incidents.geojson", "incidents.json",
            "incidents.jsonl", "news-sitemap.xml", "robots.txt", "sitemap.xml",
            "statuses/developing/feed.xml", "tags/fire-safety/feed.xml", "tags/housing/feed.xml",
        ])
        let sitemap = try site.read("sitemap.xml")
        #expect(sitemap.components(separatedBy: "<url>").count - 1 == 21, "every page but 404.html: \(sitemap)")
        let home = try site.read("index.html")
        #expect(home.contains("href=\"/incidents/third/\""))
        #expect(home.contains("href=\"/incidents/second/\""))
        #expect(!home.contains("cafe-fire-in-lodz"))
        #expect(home.contains("<a href=\"/page/2/\" rel=\"next\">"))
        #expect(try site.read("page/2/index.html").contains("<a href=\"/\" rel=\"prev\">"))
        let tag = try site.read("tags/housing/index.html")
        #expect(tag.contains("<h1>Housing</h1>"))
        #expect(tag.contains("/incidents/second/") && tag.contains("/incidents/cafe-fire-in-lodz/"))
        let page = try site.read("incidents/third/index.html")
        #expect(page.contains("<time datetime=\"2024-03-03T09:30:00+00:00\">Sunday 3 March 2024, 09:30 GMT</time>"))
        #expect(page.contains("<time datetime=\"2024-03-03T09:05:00+00:00\">09:05</time>"))
        #expect(page.contains("<time datetime=\"2024-03-04\">4 Mar 2024</time>"))
        #expect(page.contains("<time datetime=\"2024-03-04T10:15:00+00:00\">4 Mar 2024, 10:15</time>"))
        #expect(page.contains("<time datetime=\"2024-03-05T07:00:00+00:00\">5 Mar 2024, 07:00</time>"))
        #expect(try site.read("about/index.html").contains("<p>We report.</p>"))
    }

    /// A listing template may read every card field itself, not only the rendered card.
    @Test func listingTemplatesReadCardFields() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.write("Templates/listing.mustache", """
            {{#incidents}}<li>{{title}}|{{slug}}|{{url}}|{{date.iso}}|{{date.display}}|{{status.label}}|{{location.name}}\
            |{{category.name}}|{{#category}}{{url}}{{/category}}|{{nothing}}|{{site.title}}</li>
            {{/incidents}}
            """)
        try site.build()
        #expect(try site.read("tags/fire-safety/index.html") == """
            <li>Café fire in Łódź|cafe-fire-in-lodz|/incidents/cafe-fire-in-lodz/|2024-03-01T10:00:00+00:00|\
            Friday 1 March 2024, 10:00 GMT|Developing|Ripple Road, Barking|fire|/categories/fire/||Test Desk</li>

            """)
    }

    @Test func draftsAndFutureOnlyWhenAsked() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build(drafts: true, future: true)
        #expect(site.outputFiles().contains("incidents/draft-one/index.html"))
        #expect(site.outputFiles().contains("incidents/future-one/index.html"))
    }

    @Test func deletedIncidentDisappearsOnTheNextBuild() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        #expect(site.outputFiles().contains("incidents/second/index.html"))
        try site.remove("Content/incidents/2024/b.md")
        try site.build()
        #expect(!site.outputFiles().contains("incidents/second/index.html"))
        #expect(!(try site.read("tags/housing/index.html")).contains("/incidents/second/"))
    }

    /// A build writes over the site the one before it replaced: unchanged files are left
    /// alone, stale ones go, and nothing planted in the kept folder is followed or kept.
    @Test func rebuildWritesOverThePreviousSite() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        try site.build(full: true)
        let fm = FileManager.default
        let spare = site.root.appendingPathComponent(".Public.previous")
        #expect(fm.fileExists(atPath: spare.appendingPathComponent("about/index.html").path))
        let aboutInode = try fm.attributesOfItem(atPath: spare.appendingPathComponent("about/index.html").path)[.systemFileNumber]
        // A stale page, a link where a page will be written, a folder where a file goes.
        try site.write(".Public.previous/incidents/gone/index.html", "stale")
        try site.write("outside.txt", "untouched")
        let linked = spare.appendingPathComponent("incidents/third/index.html")
        try fm.removeItem(at: linked)
        try fm.createSymbolicLink(at: linked, withDestinationURL: site.root.appendingPathComponent("outside.txt"))
        try fm.removeItem(at: spare.appendingPathComponent("feed.xml"))
        try site.write(".Public.previous/feed.xml/inside.txt", "in the way")
        try site.write("outside-linked.txt", "untouched too")
        try fm.removeItem(at: spare.appendingPathComponent("index.html"))
        try fm.linkItem(at: site.root.appendingPathComponent("outside-linked.txt"), to: spare.appendingPathComponent("index.html"))
        try site.remove("Content/incidents/2024/b.md")
        try site.build(full: true)

        var fresh = site.options()
        fresh.outputDirectory = site.root.appendingPathComponent("Fresh")
        try Pipeline.build(fresh)
        let published = site.root.appendingPathComponent("Public")
        let files = TestSite.files(under: published)
        #expect(files == TestSite.files(under: fresh.outputDirectory))
        for file in files {
            let built = try Data(contentsOf: published.appendingPathComponent(file))
            #expect(built == (try Data(contentsOf: fresh.outputDirectory.appendingPathComponent(file))), "\(file)")
        }
        #expect(!files.contains("incidents/second/index.html") && !files.contains("incidents/gone/index.html"))
        #expect(try String(contentsOf: site.root.appendingPathComponent("outside.txt"), encoding: .utf8) == "untouched")
        #expect(try String(contentsOf: site.root.appendingPathComponent("outside-linked.txt"), encoding: .utf8) == "untouched too")
        let aboutNow = try fm.attributesOfItem(atPath: published.appendingPathComponent("about/index.html").path)[.systemFileNumber]
        #expect(aboutNow as? Int == aboutInode as? Int, "an unchanged page is the same file, not a new one")
    }

    @Test func failingBuildLeavesPublicUntouched() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        try site.write("Public/sentinel.txt", "keep me")
        let before = snapshot(site)
        try site.write("Content/incidents/2024/broken.md", incidentFile(extra: "status: nope"))
        let result = try site.build()
        #expect(result.failed && !result.published)
        #expect(snapshot(site) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".") }
        #expect(leftovers == [".Public.memory"])
    }

    @Test func unwritableOutputIsAnIOError() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.write("blocker", "a file where a folder should be")
        var options = site.options()
        options.outputDirectory = site.root.appendingPathComponent("blocker/Public")
        #expect(throws: BlotterError.self) { try Pipeline.build(options) }
    }

    @Test func refusesToReplaceAFolderItDidNotMake() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.write("Public/notes.txt", "someone's own file")
        #expect(throws: BlotterError.self) { try site.build() }
        #expect(try String(contentsOf: site.output.appendingPathComponent("notes.txt"), encoding: .utf8) == "someone's own file")
        try site.remove("Public/notes.txt")
        try site.build()
        #expect(site.outputFiles().contains(".blotter-output"))
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build()
        let first = snapshot(site)
        try site.build()
        #expect(snapshot(site) == first)
    }

    @Test func baseURLWithPathPrefixesLinks() throws {
        let site = try makeSite()
        defer { site.delete() }
        var options = site.options()
        options.baseURL = "https://staging.example.org/news"
        _ = try Pipeline.build(options)
        let home = try site.read("index.html")
        #expect(home.contains("href=\"/news/incidents/third/\""))
        #expect(home.contains("<link rel=\"canonical\" href=\"https://staging.example.org/news/\">"))
        let style = try DeploymentOutputTests.digest(site.output.appendingPathComponent("assets/style.css"))
        #expect(home.contains("<link rel=\"stylesheet\" href=\"/news/assets/style.\(style.hex.prefix(16)).css\" "
            + "integrity=\"\(style.integrity)\">"))
    }

    /// Path -> contents of every output file.
    func snapshot(_ site: TestSite) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in site.outputFiles() {
            files[path] = FileManager.default.contents(atPath: site.output.appendingPathComponent(path).path)
        }
        return files
    }
}
