import BlotterCore
import Foundation
import Testing

/// The pipeline's memory: after every kind of edit, the preview's rebuild (memory kept in
/// RAM) and `blotter build` (memory kept on disk, writing over the previous build) publish
/// the same bytes as a full build, while writing only what changed.
@Suite struct IncrementalTests {
    static let clock = ClockParser.parse("2026-01-01T12:00:00Z")

    /// The site every edit starts from.
    static func makeSite() throws -> TestSite {
        try TestSite([
            "Content/incidents/2024/03/fire.md": incidentFile(extra: fireTags),
            "Content/incidents/2024/03/crash.md": incidentFile(
                title: "Crash on the A13", date: "2024-03-02T08:00:00Z", extra: "tags: [roads]"),
            "Content/incidents/2024/03/flood.md": incidentFile(
                title: "Flooding in Dagenham", date: "2024-03-03T08:00:00Z", extra: "tags: [weather, housing]"),
            "Content/incidents/2024/04/theft.md": incidentFile(
                title: "Theft from a shop", date: "2024-04-01T12:00:00Z", extra: "category: crime"),
            "Content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
        ])
    }

    static let fire = "Content/incidents/2024/03/fire.md"
    static let fireTags = "tags: [fire, housing]\nagencies: [London Fire Brigade]"
    static let crash = "Content/incidents/2024/03/crash.md"

    /// One edit of the site, and what the preview's rebuild must have done with it.
    struct Edit: Sendable {
        var name: String
        /// Whether the edit shows on some pages, not all (a build writes fewer files than the whole site).
        var small = false
        /// What the preview's watcher reports (nil: every file is looked at).
        var touched: Set<String>?
        /// Whether the site then has errors (nothing is published).
        var fails = false
        var apply: @Sendable (TestSite) throws -> Void
        /// Checks the preview's result (`total`: the files its first build wrote).
        var preview: @Sendable (BuildResult, _ total: Int, _ site: TestSite) throws -> Void = { _, _, _ in }
    }

    /// Every kind of edit, in order: body, title and slug, date, added, deleted, moved, a
    /// folder renamed, template, stylesheet, assets, a broken file, a page, drafts, aliases, site.yml.
    static let edits: [Edit] = [
        Edit(name: "nothing changed", apply: { _ in }) { result, _, _ in
            #expect(result.written == 0 && result.removed == 0)
        },
        // Edits that leave every incident in its place take the preview's quick way.
        Edit(name: "body edited", small: true, touched: [fire], apply: { site in
            try site.write(fire, incidentFile(extra: fireTags,
                                              body: "Crews were called at 10:04.\n\n| Time | Event |\n|---|---|\n| 10:04 | Call |"))
        }) { result, total, _ in
            // Of a site of four incidents, a third are files that list them all (feeds, sitemaps, data).
            #expect(result.quick && result.written > 0 && result.written < total * 2 / 3, "quick: \(result.quick), wrote \(result.written)")
        },
        Edit(name: "timeline added, unknown field", small: true, touched: [fire], apply: { site in
            try site.write(fire, incidentFile(extra: fireTags + "\ntimeline:\n  - time: 10:04\n    text: First call.\nmood: grim",
                                              body: "Crews were called at 10:04."))
        }) { result, _, _ in
            #expect(result.quick)
            #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix(fire) && $0.contains("warning: mood:") })
        },
        Edit(name: "date edited", touched: [fire], apply: { site in
            try site.write(fire, incidentFile(date: "2024-02-01T10:00:00Z", extra: fireTags))
        }) { result, _, _ in
            #expect(!result.quick, "a new date moves the incident: the whole site is looked at")
        },
        Edit(name: "date restored", touched: [fire], apply: { site in try site.write(fire, incidentFile(extra: fireTags)) }),
        // One incident's title: its page, the listings and feeds that show it, the data files.
        Edit(name: "title edited", small: true, touched: [crash], apply: { site in
            try site.write(crash, incidentFile(title: "Crash on the A13 at Goresbrook", date: "2024-03-02T08:00:00Z",
                                               extra: "tags: [roads]"))
        }) { result, total, _ in
            #expect(result.written > 0 && result.written < total / 2, "wrote \(result.written) of \(total) files")
        },
        // A new incident whose slug collides with another; then one deleted; then one moved.
        Edit(name: "incident added", apply: { site in
            try site.write("Content/incidents/2024/05/fire-again.md", incidentFile(date: "2024-05-01T10:00:00Z",
                                                                                   extra: "tags: [fire]"))
        }) { result, _, _ in
            #expect(result.diagnostics.map(\.description).contains { $0.contains("also the slug of") })
        },
        Edit(name: "incident deleted", apply: { site in try site.remove("Content/incidents/2024/03/flood.md") }) { result, _, site in
            #expect(result.removed > 0)
            #expect(!FileManager.default.fileExists(
                atPath: site.root.appendingPathComponent("Preview/incidents/flooding-in-dagenham/index.html").path))
        },
        Edit(name: "incident moved", touched: ["Content/incidents/2024/04/theft.md", "Content/incidents/2025"], apply: { site in
            try FileManager.default.createDirectory(at: site.root.appendingPathComponent("Content/incidents/2025"),
                                                    withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: site.root.appendingPathComponent("Content/incidents/2024/04/theft.md"),
                                             to: site.root.appendingPathComponent("Content/incidents/2025/theft.md"))
        }),
        // A whole folder renamed, as the watcher reports it: both folders touched.
        Edit(name: "folder renamed", touched: ["Content/incidents/2025", "Content/incidents/2023"], apply: { site in
            try FileManager.default.moveItem(at: site.root.appendingPathComponent("Content/incidents/2025"),
                                             to: site.root.appendingPathComponent("Content/incidents/2023"))
        }) { result, _, _ in
            #expect(result.incidents == 4)
        },
        // A template: only the pages that use it.
        Edit(name: "incident template edited", apply: { site in
            let template = try String(contentsOf: site.root.appendingPathComponent("Templates/incident.mustache"),
                                      encoding: .utf8)
            try site.write("Templates/incident.mustache", template.replacingOccurrences(
                of: "<h1>{{title}}</h1>", with: "<h1 class=\"headline\">{{title}}</h1>"))
        }) { result, _, _ in
            #expect(result.written == result.incidents, "wrote \(result.written) files for \(result.incidents) incidents")
        },
        // A stylesheet alone can be swapped without a reload.
        Edit(name: "stylesheet edited", apply: { site in
            let css = site.root.appendingPathComponent("Templates/assets/style.css")
            try site.write("Templates/assets/style.css", try String(contentsOf: css, encoding: .utf8) + "\n/* edited */\n")
        }) { result, _, _ in
            #expect(result.onlyStylesheets && result.written == 1)
        },
        // A new script is a new name in site.assets, which any page may show: every page is rendered again
        // (not the data files and their index, made from the incidents alone).
        Edit(name: "asset added", touched: ["Templates/assets/extra.js"], apply: { site in
            try site.write("Templates/assets/extra.js", "console.log(1);\n")
        }) { result, _, site in
            let files = TestSite.files(under: site.root.appendingPathComponent("Preview"))
            let data = files.count { $0.hasPrefix("incidents.") || $0 == "data/index.json" }
            #expect(data == 5 && result.written == files.count - 2 - data,
                    "every file but style.css, .blotter-output and the data: \(result.written)")
        },
        Edit(name: "asset removed", touched: ["Templates/assets/extra.js"], apply: { site in
            try site.remove("Templates/assets/extra.js")
        }) { result, _, _ in
            #expect(result.removed == 1)
        },
        // A broken file: errors, nothing written; fixed: equal again.
        Edit(name: "broken file", fails: true, apply: { site in
            try site.write(fire, incidentFile(date: "the day before yesterday"))
        }) { result, _, _ in
            #expect(result.failed && result.written == 0)
        },
        Edit(name: "broken file fixed", apply: { site in
            try site.write(fire, incidentFile(title: "Fire in Barking spreads", extra: fireTags))
        }),
        // A plain page, a draft and site.yml.
        Edit(name: "page edited", small: true, apply: { site in
            try site.write("Content/pages/about.md", "---\ntitle: About us\n---\nWho we are, and how to reach us.\n")
        }),
        Edit(name: "incident made a draft", apply: { site in
            try site.write(crash, incidentFile(title: "Crash on the A13 at Goresbrook", date: "2024-03-02T08:00:00Z",
                                               extra: "tags: [roads]\ndraft: true"))
        }),
        Edit(name: "draft edited", small: true, touched: [crash], apply: { site in
            try site.write(crash, incidentFile(title: "Crash on the A13 at Goresbrook", date: "2024-03-02T08:00:00Z",
                                               extra: "tags: [roads]\ndraft: true", body: "Still being checked."))
        }) { result, _, _ in
            #expect(result.quick && result.written == 0, "an edited draft changes no page")
        },
        Edit(name: "draft published again", apply: { site in
            try site.write(crash, incidentFile(title: "Crash on the A13 at Goresbrook", date: "2024-03-02T08:00:00Z",
                                               extra: "tags: [roads]", body: "Checked."))
        }),
        // A correction: the incident's page, /corrections/ and its feed, without moving anything.
        Edit(name: "correction added", small: true, touched: [fire], apply: { site in
            try site.write(fire, incidentFile(title: "Fire in Barking spreads", extra: fireTags + "\nupdates:\n"
                                              + "  - date: 2024-03-02T09:00:00Z\n    kind: correction\n    text: The road is Ripple Road."))
        }) { result, _, _ in
            #expect(result.quick)
        },
        Edit(name: "correction made a clarification", small: true, touched: [fire], apply: { site in
            try site.write(fire, incidentFile(title: "Fire in Barking spreads", extra: fireTags + "\nupdates:\n"
                                              + "  - date: 2024-03-02T09:00:00Z\n    kind: clarification\n    text: The road is Ripple Road."))
        }),
        // Aliases: a redirect page at each old address, the host files; removed, they go.
        Edit(name: "aliases added", touched: [fire], apply: { site in
            try site.write(fire, incidentFile(title: "Fire in Barking spreads", extra: fireTags
                                              + "\naliases: [/incidents/barking-fire/, /old/fire/]"))
        }) { result, _, site in
            #expect(!result.quick, "an alias is a new page: the whole site is looked at")
            #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Preview/old/fire/index.html").path))
        },
        Edit(name: "alias removed", touched: [fire], apply: { site in
            try site.write(fire, incidentFile(title: "Fire in Barking spreads", extra: fireTags + "\naliases: [/old/fire/]"))
        }) { result, _, _ in
            #expect(result.removed > 0)
        },
        // Withdrawn: its page becomes a notice, and it leaves every listing.
        Edit(name: "incident withdrawn", touched: [fire], apply: { site in
            try site.write(fire, "---\ntitle: Fire in Barking spreads\nwithdrawn:\n  date: 2024-03-05\n  reason: Legal advice.\n---\n")
        }) { result, _, _ in
            #expect(!result.quick)
        },
        Edit(name: "withdrawn incident restored", touched: [fire], apply: { site in
            try site.write(fire, incidentFile(title: "Fire in Barking spreads", extra: fireTags))
        }),
        // An author and a follow-up: the byline on its page and cards, the thread on both pages.
        Edit(name: "author added, a follow-up bylined", touched: [crash, "Content/authors"], apply: { site in
            try site.write("Content/authors/jane.md", "---\nname: Jane Doe\n---\n")
            try site.write(crash, incidentFile(title: "Crash on the A13 at Goresbrook", date: "2024-03-02T08:00:00Z",
                                               extra: "tags: [roads]\nslug: crash\nauthors: [jane]\nfollows: fire-in-barking-spreads"))
        }) { result, _, _ in
            #expect(!result.quick)
        },
        // The follow-up's title is on the first report's page too, which was not edited.
        Edit(name: "thread member retitled", touched: [crash], apply: { site in
            try site.write(crash, incidentFile(title: "Crash on the A13, driver named", date: "2024-03-02T08:00:00Z",
                                               extra: "tags: [roads]\nslug: crash\nauthors: [jane]\nfollows: fire-in-barking-spreads"))
        }) { result, _, _ in
            #expect(result.quick)
        },
        Edit(name: "author edited", touched: ["Content/authors/jane.md"], apply: { site in
            try site.write("Content/authors/jane.md", "---\nname: Jane Doe-Smith\nrole: Reporter\n---\n")
        }) { result, _, _ in
            #expect(!result.quick)
        },
        Edit(name: "author removed with the byline", touched: [crash, "Content/authors/jane.md"], apply: { site in
            try site.remove("Content/authors/jane.md")
            try site.write(crash, incidentFile(title: "Crash on the A13, driver named", date: "2024-03-02T08:00:00Z",
                                               extra: "tags: [roads]\nslug: crash\nfollows: fire-in-barking-spreads"))
        }),
        Edit(name: "site.yml edited", apply: { site in
            try site.write("site.yml", TestSite.minimalConfig.replacingOccurrences(of: "Test Desk", with: "Barking Desk")
                .replacingOccurrences(of: "per_page: 2", with: "per_page: 1"))
        }) { result, _, _ in
            #expect(result.written >= result.pages)
        },
    ]

    @Test func everyKindOfEditInThePreviewEqualsAFullBuild() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        var preview = Pipeline(preview: site.previewOptions(output: "Preview"))
        let first = try preview.rebuild()
        #expect(!first.failed && first.whole)
        try site.expectEqualToFullBuild("first build")
        for edit in Self.edits {
            let before = try Data(contentsOf: site.root.appendingPathComponent("Preview/index.html"))
            try edit.apply(site)
            let result = try preview.rebuild(touched: edit.touched)
            try edit.preview(result, first.written, site)
            if edit.fails {
                #expect(result.failed && !result.published, "\(edit.name)")
                #expect(try Data(contentsOf: site.root.appendingPathComponent("Preview/index.html")) == before)
            } else {
                #expect(!result.failed, "\(edit.name): \(result.diagnostics)")
                try site.expectEqualToFullBuild(edit.name)
            }
        }
    }

    /// `blotter build` after each edit, as a newsroom's CI runs it: from the third build on,
    /// each writes over the previous build only the files whose fingerprint changed, and the
    /// site equals a full build's, compressed copies and fingerprinted assets included.
    @Test func everyKindOfEditBuiltEqualsAFullBuild() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        let options = BuildOptions(siteDirectory: site.root, clock: Self.clock, baseURL: "/news/")
        let first = try Pipeline.build(options)
        #expect(first.note == "Full build: nothing remembered of an earlier build")
        let second = try Pipeline.build(options)
        #expect(second.note == "Nothing changed since the last build" && second.written == 0)
        for edit in Self.edits {
            let before = try Data(contentsOf: site.output.appendingPathComponent("index.html"))
            try edit.apply(site)
            let result = try Pipeline.build(options)
            if edit.fails {
                #expect(result.failed && !result.published, "\(edit.name)")
                #expect(try Data(contentsOf: site.output.appendingPathComponent("index.html")) == before)
                continue
            }
            #expect(!result.failed, "\(edit.name): \(result.diagnostics)")
            if edit.name == "nothing changed" {
                #expect(result.note == "Nothing changed since the last build" && result.written == 0)
            } else if edit.name == "body edited" {
                // The first build that has a kept previous build to write over.
                #expect(result.note == "Full build: no previous build is kept beside the output to write over")
            } else {
                #expect(result.note == nil, "\(edit.name): \(result.note ?? "")")
                #expect(!edit.small || result.written < first.written, "\(edit.name): wrote \(result.written) of \(first.written)")
            }
            try site.expectEqualToFullBuild(edit.name, output: "Public", options: options)
        }
    }
}

extension IncrementalTests {
    /// A template saved again within one tick of the file system's clock, at the same size:
    /// its stamp is unchanged, and the watcher's word is enough to read it again.
    @Test func aTemplateTheWatcherSawSavedIsReadAgain() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        var preview = Pipeline(preview: site.previewOptions(output: "Preview"))
        _ = try preview.rebuild()
        let template = site.root.appendingPathComponent("Templates/incident.mustache").path
        var before = stat()
        #expect(stat(template, &before) == 0)
        let text = try String(contentsOfFile: template, encoding: .utf8)
        try site.write("Templates/incident.mustache", text.replacingOccurrences(of: "<h1>{{title}}</h1>", with: "<h2>{{title}}</h2>"))
        let times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, template, times, 0) == 0)
        _ = try preview.rebuild(touched: ["Templates/incident.mustache"])
        try site.expectEqualToFullBuild("template saved within one tick")
    }
}
