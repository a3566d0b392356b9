@testable import BlotterCore
import Foundation
import Testing

/// The default theme compiled into Blotter: a site needs only site.yml and Content/, its own
/// Templates/ replace the theme file by file, and messages name the file that was used.
@Suite struct ThemeTests {
    /// The theme in the binary is the repository's Templates/, byte for byte.
    @Test func theThemeIsTheRepositoryTemplatesFolder() throws {
        let folder = TestSite.repositoryRoot.appendingPathComponent("Templates")
        let onDisk = TestSite.files(under: folder)
        #expect(Theme.files.map(\.path) == onDisk)
        for file in Theme.files {
            #expect(try Data(contentsOf: folder.appendingPathComponent(file.path)) == Data(file.bytes), "\(file.path)")
        }
        #expect(Theme.templates.map(\.path).contains("incident.mustache"))
        #expect(Theme.assets.map(\.path) == ["assets/map.css", "assets/map.js", "assets/style.css"])
    }

    /// A site without Templates/ builds the same bytes as one with a copy of the theme.
    @Test func aSiteWithoutTemplatesBuildsWithTheTheme() throws {
        let files = ["Content/incidents/a.md": incidentFile(extra: "tags: [fire]"),
                     "Content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n"]
        let bare = try TestSite(files, templates: false)
        let copied = try TestSite(files)
        defer { bare.delete(); copied.delete() }
        #expect(!FileManager.default.fileExists(atPath: bare.root.appendingPathComponent("Templates").path))
        let result = try bare.build()
        #expect(result.diagnostics.isEmpty && result.published)
        try copied.build()
        let paths = bare.outputFiles()
        #expect(paths == copied.outputFiles())
        #expect(paths.contains("assets/style.css") && paths.contains("incidents/fire-in-barking/index.html"))
        for path in paths where path != ".blotter-output" {
            #expect(try Data(contentsOf: bare.output.appendingPathComponent(path))
                == Data(contentsOf: copied.output.appendingPathComponent(path)), "\(path)")
        }
    }

    /// A site that changes only incident.mustache keeps every other template of the theme.
    @Test func aSiteTemplateReplacesOnlyItsThemeFile() throws {
        let site = try TestSite(["Content/incidents/a.md": incidentFile(),
                                 "Templates/incident.mustache": "<p>Own: {{incident.title}}</p>\n",
                                 "Templates/assets/style.css": "body { color: red; }\n"], templates: false)
        defer { site.delete() }
        #expect(try site.build().diagnostics.isEmpty)
        let page = try site.read("incidents/fire-in-barking/index.html")
        #expect(page == "<p>Own: Fire in Barking</p>\n", "\(page)")
        #expect(try site.read("index.html").contains("<h2 class=\"card-title\"><a href=\"/incidents/fire-in-barking/\">"))
        #expect(try site.read("assets/style.css") == "body { color: red; }\n")
        #expect(ThemeCopy.list(siteDirectory: site.root).filter(\.isSite).map { "\($0.name) \($0.file)" } == [
            "assets/style.css Templates/assets/style.css", "incident.mustache Templates/incident.mustache"])
    }

    /// Messages name the file used: the site's own, or `(theme)/…`.
    @Test func messagesNameTheFileThatWasUsed() throws {
        let site = try TestSite(["Content/incidents/a.md": incidentFile(),
                                 "Templates/incident.mustache": "{{#title}}\n"], templates: false)
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "Templates/incident.mustache:1:1: error: template: {{#title}} is never closed; add {{/title}}"])
        // The theme's index page renders the site's pagination partial, which includes itself.
        try site.write("Templates/incident.mustache", "<p>{{title}}</p>\n")
        try site.write("Templates/partials/pagination.mustache", "x{{>partials/pagination}}{{>partials/pagination}}")
        var error: BlotterError?
        do { try site.build() } catch let thrown as BlotterError { error = thrown }
        // (The theme's index, listing or taxonomy page: whichever is rendered first.)
        let message = error?.description ?? ""
        #expect(message.hasPrefix("(theme)/") && message.contains(".mustache: rendering a page took more than"), "\(message)")
    }

    /// Static/ is published at the site's root; Templates/assets/ wins over Static/assets/.
    @Test func staticFilesArePublishedAsTheyAre() throws {
        let site = try TestSite(["Content/incidents/a.md": incidentFile(),
                                 "Static/favicon.ico": "icon", "Static/assets/images/map.svg": "<svg/>",
                                 "Static/assets/logo.txt": "static", "Templates/assets/logo.txt": "templates"],
                                templates: false)
        defer { site.delete() }
        #expect(try site.build().diagnostics.isEmpty)
        #expect(try site.read("favicon.ico") == "icon")
        #expect(try site.read("assets/images/map.svg") == "<svg/>")
        #expect(try site.read("assets/logo.txt") == "templates")
    }

    /// `theme copy` writes theme files into the site and never replaces one.
    @Test func copyWritesThemeFilesAndNeverOverwrites() throws {
        let site = try TestSite(["Templates/partials/card.mustache": "mine\n"], templates: false)
        defer { site.delete() }
        let outcomes = try ThemeCopy.copy(ThemeCopy.select(["incident", "partials"]), into: site.root)
        #expect(outcomes == [.wrote("Templates/incident.mustache"), .kept("Templates/partials/card.mustache"),
                             .wrote("Templates/partials/lead-image.mustache"), .wrote("Templates/partials/map-head.mustache"),
                             .wrote("Templates/partials/map-view.mustache"), .wrote("Templates/partials/pagination.mustache"),
                             .wrote("Templates/partials/support.mustache")])
        #expect(try String(contentsOf: site.root.appendingPathComponent("Templates/partials/card.mustache"), encoding: .utf8)
            == "mine\n")
        #expect(try Data(contentsOf: site.root.appendingPathComponent("Templates/incident.mustache"))
            == Data(Theme.files.first { $0.path == "incident.mustache" }!.bytes))
        #expect(throws: BlotterError.self) { try ThemeCopy.select(["incidnt"]) }
        do {
            _ = try ThemeCopy.select(["incidnt"])
        } catch {
            #expect(error.description == "theme copy: no file \"incidnt\" in the theme; did you mean \"incident\"? "
                + "`blotter theme list` shows them all")
        }
    }

    /// The preview uses the theme too, and follows a template added to or removed from the site.
    @Test func thePreviewFollowsTemplatesAddedAndRemoved() throws {
        let site = try TestSite(["Content/incidents/a.md": incidentFile()], templates: false)
        defer { site.delete() }
        let options = BuildOptions(siteDirectory: site.root, outputDirectory: site.root.appendingPathComponent("Preview"),
                                   clock: ClockParser.parse("2026-01-01T12:00:00Z"))
        var live = Pipeline(preview: options)
        #expect(try live.rebuild().diagnostics.isEmpty)
        let page = site.root.appendingPathComponent("Preview/incidents/fire-in-barking/index.html")
        #expect(try String(contentsOf: page, encoding: .utf8).contains("<h1>Fire in Barking</h1>"))
        try site.write("Templates/incident.mustache", "<p>Own</p>\n")
        _ = try live.rebuild(touched: ["Templates/incident.mustache"])
        #expect(try String(contentsOf: page, encoding: .utf8) == "<p>Own</p>\n")
        try site.write("Templates/assets/style.css", "body {}\n")
        _ = try live.rebuild(touched: ["Templates/assets/style.css"])
        let css = site.root.appendingPathComponent("Preview/assets/style.css")
        #expect(try String(contentsOf: css, encoding: .utf8) == "body {}\n")
        try site.remove("Templates")
        _ = try live.rebuild(touched: ["Templates"])
        #expect(try String(contentsOf: page, encoding: .utf8).contains("<h1>Fire in Barking</h1>"))
        #expect(try Data(contentsOf: css) == Data(Theme.assets.first { $0.path == "assets/style.css" }!.bytes))
    }
}
