import BlotterCore
import Foundation
import Testing

/// The preview's incremental rebuilds: after every kind of edit the output
/// must equal a full build byte for byte, while writing only what changed.
@Suite struct LiveSiteTests {
    static let clock = ClockParser.parse("2026-01-01T12:00:00Z")

    /// Options for the preview, and for the full build it is compared with (built as the preview is:
    /// no fingerprinted assets, no compressed copies).
    static func options(_ site: TestSite, output: String) -> BuildOptions {
        var options = BuildOptions(siteDirectory: site.root, outputDirectory: site.root.appendingPathComponent(output),
                                   clock: clock, baseURL: "/")
        options.forDeployment = false
        return options
    }

    /// Builds the site in full into `Full/` and compares every file with `Preview/`.
    static func expectEqualToFullBuild(_ site: TestSite, _ step: String) throws {
        let full = options(site, output: "Full")
        let result = try Pipeline.build(full)
        #expect(!result.failed, "\(step): the full build failed")
        let preview = site.root.appendingPathComponent("Preview")
        let expected = TestSite.files(under: full.outputDirectory)
        let actual = TestSite.files(under: preview)
        #expect(actual == expected, "\(step): different files")
        for path in expected where actual.contains(path) {
            let a = try Data(contentsOf: full.outputDirectory.appendingPathComponent(path))
            let b = try Data(contentsOf: preview.appendingPathComponent(path))
            if a != b {
                let diff = LineDiff.describe(expected: String(decoding: a, as: UTF8.self),
                                             actual: String(decoding: b, as: UTF8.self))
                Issue.record("\(step): \(path) differs\n\(diff)")
            }
        }
    }

    @Test func everyKindOfEditEqualsAFullBuild() throws {
        let site = try TestSite([
            "Content/incidents/2024/03/fire.md": incidentFile(extra: "tags: [fire, housing]\nagencies: [London Fire Brigade]"),
            "Content/incidents/2024/03/crash.md": incidentFile(
                title: "Crash on the A13", date: "2024-03-02T08:00:00Z", extra: "tags: [roads]"),
            "Content/incidents/2024/03/flood.md": incidentFile(
                title: "Flooding in Dagenham", date: "2024-03-03T08:00:00Z", extra: "tags: [weather, housing]"),
            "Content/incidents/2024/04/theft.md": incidentFile(
                title: "Theft from a shop", date: "2024-04-01T12:00:00Z", extra: "category: crime"),
            "Content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
        ])
        defer { site.delete() }
        var live = LiveSite(options: Self.options(site, output: "Preview"))

        let first = try live.rebuild()
        #expect(!first.failed && first.whole)
        try Self.expectEqualToFullBuild(site, "first build")
        let total = first.written

        // Nothing changed: nothing is written.
        let idle = try live.rebuild()
        #expect(idle.written == 0 && idle.removed == 0)

        // Edits that leave every incident in its place take the quick way, with the same result.
        let fire = "Content/incidents/2024/03/fire.md"
        let fireTags = "tags: [fire, housing]\nagencies: [London Fire Brigade]"
        try site.write(fire, incidentFile(extra: fireTags, body: "Crews were called at 10:04.\n\n| Time | Event |\n|---|---|\n| 10:04 | Call |"))
        let body = try live.rebuild(touched: [fire])
        #expect(body.quick && body.written > 0 && body.written < total / 2, "quick: \(body.quick), wrote \(body.written)")
        try Self.expectEqualToFullBuild(site, "body edited")
        try site.write(fire, incidentFile(extra: fireTags + "\ntimeline:\n  - time: 10:04\n    text: First call.\nmood: grim",
                                          body: "Crews were called at 10:04."))
        let warned = try live.rebuild(touched: [fire])
        #expect(warned.quick)
        #expect(warned.diagnostics.map(\.description).contains { $0.hasPrefix(fire) && $0.contains("warning: mood:") })
        try Self.expectEqualToFullBuild(site, "timeline added, unknown field")
        try site.write(fire, incidentFile(date: "2024-02-01T10:00:00Z", extra: fireTags))
        let moved = try live.rebuild(touched: [fire])
        #expect(!moved.quick, "a new date moves the incident: the whole site is looked at")
        try Self.expectEqualToFullBuild(site, "date edited")
        try site.write(fire, incidentFile(extra: fireTags))
        _ = try live.rebuild(touched: [fire])
        try Self.expectEqualToFullBuild(site, "date restored")

        // One incident's title: its page, the listings and feeds that show it, the data files.
        try site.write("Content/incidents/2024/03/crash.md", incidentFile(
            title: "Crash on the A13 at Goresbrook", date: "2024-03-02T08:00:00Z", extra: "tags: [roads]"))
        let edit = try live.rebuild(touched: ["Content/incidents/2024/03/crash.md"])
        #expect(edit.written > 0 && edit.written < total / 2, "wrote \(edit.written) of \(total) files")
        try Self.expectEqualToFullBuild(site, "title edited")

        // A new incident whose slug collides with another; then one deleted; then one moved.
        try site.write("Content/incidents/2024/05/fire-again.md", incidentFile(
            date: "2024-05-01T10:00:00Z", extra: "tags: [fire]"))
        let added = try live.rebuild()
        #expect(added.diagnostics.map(\.description).contains { $0.contains("also the slug of") })
        try Self.expectEqualToFullBuild(site, "incident added")
        try site.remove("Content/incidents/2024/03/flood.md")
        let deleted = try live.rebuild()
        #expect(deleted.removed > 0)
        #expect(!FileManager.default.fileExists(
            atPath: site.root.appendingPathComponent("Preview/incidents/flooding-in-dagenham/index.html").path))
        try Self.expectEqualToFullBuild(site, "incident deleted")
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("Content/incidents/2025"),
                                                withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: site.root.appendingPathComponent("Content/incidents/2024/04/theft.md"),
                                         to: site.root.appendingPathComponent("Content/incidents/2025/theft.md"))
        _ = try live.rebuild(touched: ["Content/incidents/2024/04/theft.md", "Content/incidents/2025"])
        try Self.expectEqualToFullBuild(site, "incident moved")
        // A whole folder renamed, as the watcher reports it: both folders touched.
        try FileManager.default.moveItem(at: site.root.appendingPathComponent("Content/incidents/2025"),
                                         to: site.root.appendingPathComponent("Content/incidents/2023"))
        let renamed = try live.rebuild(touched: ["Content/incidents/2025", "Content/incidents/2023"])
        #expect(renamed.incidents == 4)
        try Self.expectEqualToFullBuild(site, "folder renamed")

        // A template: only the pages that use it.
        let incidentTemplate = try String(contentsOf: site.root.appendingPathComponent("Templates/incident.mustache"),
                                          encoding: .utf8)
        try site.write("Templates/incident.mustache", incidentTemplate.replacingOccurrences(
            of: "<h1>{{title}}</h1>", with: "<h1 class=\"headline\">{{title}}</h1>"))
        let template = try live.rebuild()
        #expect(template.written == template.incidents, "wrote \(template.written) files for \(template.incidents) incidents")
        try Self.expectEqualToFullBuild(site, "incident template edited")

        // A stylesheet alone can be swapped without a reload.
        let css = site.root.appendingPathComponent("Templates/assets/style.css")
        try site.write("Templates/assets/style.css", try String(contentsOf: css, encoding: .utf8) + "\n/* edited */\n")
        let style = try live.rebuild()
        #expect(style.onlyStylesheets && style.written == 1)
        try Self.expectEqualToFullBuild(site, "stylesheet edited")
        // A new script is a new name in site.assets, which any page may show: every page is rendered again.
        try site.write("Templates/assets/extra.js", "console.log(1);\n")
        let script = try live.rebuild(touched: ["Templates/assets/extra.js"])
        let previewFiles = TestSite.files(under: site.root.appendingPathComponent("Preview"))
        #expect(script.written == previewFiles.count - 2, "every file but style.css and .blotter-output: \(script.written)")
        try Self.expectEqualToFullBuild(site, "asset added")
        try site.remove("Templates/assets/extra.js")
        #expect(try live.rebuild(touched: ["Templates/assets/extra.js"]).removed == 1)
        try Self.expectEqualToFullBuild(site, "asset removed")

        // A broken file: errors, nothing written; fixed: equal again.
        let before = try Data(contentsOf: site.root.appendingPathComponent("Preview/index.html"))
        try site.write("Content/incidents/2024/03/fire.md", incidentFile(date: "the day before yesterday"))
        let broken = try live.rebuild()
        #expect(broken.failed && broken.written == 0)
        #expect(try Data(contentsOf: site.root.appendingPathComponent("Preview/index.html")) == before)
        try site.write("Content/incidents/2024/03/fire.md", incidentFile(
            title: "Fire in Barking spreads", extra: "tags: [fire, housing]\nagencies: [London Fire Brigade]"))
        #expect(try !live.rebuild().failed)
        try Self.expectEqualToFullBuild(site, "broken file fixed")

        // A plain page, a draft and site.yml.
        try site.write("Content/pages/about.md", "---\ntitle: About us\n---\nWho we are, and how to reach us.\n")
        _ = try live.rebuild()
        try Self.expectEqualToFullBuild(site, "page edited")
        try site.write("Content/incidents/2024/03/crash.md", incidentFile(
            title: "Crash on the A13 at Goresbrook", date: "2024-03-02T08:00:00Z", extra: "tags: [roads]\ndraft: true"))
        _ = try live.rebuild()
        try Self.expectEqualToFullBuild(site, "incident made a draft")
        try site.write("Content/incidents/2024/03/crash.md", incidentFile(
            title: "Crash on the A13 at Goresbrook", date: "2024-03-02T08:00:00Z", extra: "tags: [roads]\ndraft: true",
            body: "Still being checked."))
        let draft = try live.rebuild(touched: ["Content/incidents/2024/03/crash.md"])
        #expect(draft.quick && draft.written == 0, "an edited draft changes no page")
        try Self.expectEqualToFullBuild(site, "draft edited")
        try site.write("site.yml", TestSite.minimalConfig.replacingOccurrences(of: "Test Desk", with: "Barking Desk")
            .replacingOccurrences(of: "per_page: 2", with: "per_page: 1"))
        let settings = try live.rebuild()
        #expect(settings.written >= settings.pages)
        try Self.expectEqualToFullBuild(site, "site.yml edited")
    }
}
