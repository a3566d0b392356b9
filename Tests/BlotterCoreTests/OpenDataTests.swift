import BlotterCore
import Foundation
import Testing

/// The open data above `data.split_above`: one file of each format per year in /data/, the
/// index with sizes and checksums, the page /data/, and only the files of an edited year
/// written again.
@Suite struct OpenDataTests {
    static let fire = "Content/incidents/2024/fire.md"
    static let split = TestSite.minimalConfig + "\ndata: {split_above: 2}\ndata_license: CC BY 4.0\n"

    /// Two incidents of 2024 without coordinates, and one of 2023 in the site's timezone
    /// (Europe/London) written as 2024 in another offset.
    static func makeSite(config: String = split) throws -> TestSite {
        try TestSite([
            fire: incidentFile(date: "2024-03-01T10:00:00Z", extra: "tags: [fire]"),
            "Content/incidents/2024/crash.md": incidentFile(title: "Crash on the A13", date: "2024-05-02T08:00:00Z"),
            "Content/incidents/2023/flood.md": """
                ---
                title: Flooding in Dagenham
                date: 2024-01-01T00:30:00+01:00
                location: {name: Ripple Road, area: Dagenham, lat: 51.5, lon: 0.1}
                status: closed
                summary: Streets flooded.
                ---
                Water everywhere.
                """,
        ], config: config)
    }

    @Test func aSiteAboveTheSizeHasItsDataPerYear() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        try site.build()
        let files = Set(site.outputFiles())
        for format in ["json", "csv", "jsonl", "geojson"] {
            #expect(!files.contains("incidents.\(format)"))
            #expect(files.contains("data/incidents-2024.\(format)") && files.contains("data/incidents-2023.\(format)"))
        }
        #expect(try site.read("data/incidents-2023.geojson") == """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"flooding-in-dagenham","geometry":{"type":"Point","coordinates":[0.1,51.5]},\
            "properties":{"slug":"flooding-in-dagenham","url":"https://example.org/incidents/flooding-in-dagenham/",\
            "title":"Flooding in Dagenham","date":"2023-12-31T23:30:00+00:00","date_has_time":true,"status":"closed",\
            "summary":"Streets flooded.","location":"Ripple Road","area":"Dagenham","category":null,"agencies":[],"tags":[],\
            "published":"2023-12-31T23:30:00+00:00","updated":"2023-12-31T23:30:00+00:00"}}
            ]}

            """)
        // Neither 2024 incident has coordinates.
        #expect(try site.read("data/incidents-2024.geojson") == "{\"type\":\"FeatureCollection\",\"features\":[]}\n")
        #expect(try site.read("data/incidents-2023.csv") == "slug,url,title,date,status,summary,location,area,lat,lon,category,"
            + "agencies,tags,killed,injured,content_warning,published,updated,timeline_entries,statements,updates,sources,"
            + "image,corrections,unanswered_requests,unconfirmed_entries,people,authors,thread\r\n"
            + "flooding-in-dagenham,https://example.org/incidents/flooding-in-dagenham/,Flooding in Dagenham,"
            + "2023-12-31T23:30:00+00:00,closed,Streets flooded.,Ripple Road,Dagenham,51.5,0.1,,,,,,,"
            + "2023-12-31T23:30:00+00:00,2023-12-31T23:30:00+00:00,0,0,0,,,0,0,0,,,\r\n")
        let json = try site.read("data/incidents-2024.json")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(items.map { $0["slug"] as? String } == ["crash-on-the-a13", "fire-in-barking"])
        #expect(items.allSatisfy { $0["body"] is NSNull }, "bodies stay on the pages")
        let lines = try site.read("data/incidents-2024.jsonl").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty)
        #expect(json == "[\n" + lines[0] + ",\n" + lines[1] + "\n]\n", "the JSON Lines hold the JSON's objects")
    }

    @Test func theIndexListsEveryFileWithItsSizeAndChecksum() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        try site.build()
        let index = try site.read("data/index.json")
        #expect(index.hasPrefix("""
            {"title":"Test Desk","page":"https://example.org/data/","license":{"name":"CC BY 4.0","url":null},\
            "incidents":3,"per_year":true,"split_above":2,"bodies":false,"files":[{"path":"data/incidents-2024.json",\
            "url":"https://example.org/data/incidents-2024.json","format":"json","media_type":"application/json",\
            "year":2024,"incidents":2,"bytes":
            """))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(index.utf8)) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["2024", "2023"].flatMap { year in
            ["json", "csv", "jsonl", "geojson"].map { "data/incidents-\(year).\($0)" }
        })
        for file in files {
            let path = try #require(file["path"] as? String)
            let bytes = try Data(contentsOf: site.output.appendingPathComponent(path))
            #expect(file["bytes"] as? Int == bytes.count, "\(path)")
            #expect((file["sha256"] as? String)?.count == 64)
        }
        // `sha256sum` of data/incidents-2023.geojson as the test above has it.
        #expect(files[7]["sha256"] as? String == "466096607fdd6515201f23b2c45d8d14ce27328ac044a649199349d251f786f8")
        #expect(files[3]["incidents"] as? Int == 0 && files[7]["incidents"] as? Int == 1)
        // The newest `updated` of the year's incidents, never the time of the build.
        #expect(files[0]["last_modified"] as? String == "2024-05-02T09:00:00+01:00")
        #expect(files[4]["last_modified"] as? String == "2023-12-31T23:30:00+00:00")
        let page = try site.read("data/index.html")
        #expect(page.contains("<a href=\"/data/incidents-2023.geojson\" type=\"application/geo+json\">GeoJSON</a>"))
        #expect(page.contains("You may reuse this data under CC BY 4.0."))
        #expect(try site.read("sitemap.xml").contains("<loc>https://example.org/data/</loc>"))
        #expect(try site.read("index.html").contains("<a href=\"/data/\">Open data</a>"))
    }

    @Test func aSmallSiteKeepsItsWholeSiteFiles() throws {
        let site = try Self.makeSite(config: TestSite.minimalConfig)
        defer { site.delete() }
        try site.build()
        let files = Set(site.outputFiles())
        for format in ["json", "csv", "jsonl", "geojson"] { #expect(files.contains("incidents.\(format)")) }
        #expect(!files.contains { $0.hasPrefix("data/incidents-") })
        #expect(try site.read("incidents.json").contains("\"body\":\"Water everywhere.\""))
        #expect(try site.read("data/index.json").contains("\"per_year\":false,\"split_above\":5000,\"bodies\":true"))
        #expect(try site.read("data/index.html").contains("please ask us before you republish it"))
    }

    @Test func bodiesWhenAskedFor() throws {
        let site = try Self.makeSite(config: TestSite.minimalConfig + "\ndata: {split_above: 2, bodies: true}\n")
        defer { site.delete() }
        try site.build()
        #expect(try site.read("data/incidents-2023.json").contains("\"body\":\"Water everywhere.\""))
        #expect(try site.read("data/index.json").contains("\"license\":null,\"incidents\":3,\"per_year\":true,\"split_above\":2,\"bodies\":true"))
        #expect(try site.read("data/index.html").contains("The text of the report, in Markdown."))
    }

    @Test func badSettingsSayWhere() throws {
        let site = try Self.makeSite(config: TestSite.minimalConfig
            + "\ndata: {split_above: many, bodys: true}\ndata_license: {name: Ours, url: 'javascript:alert(1)'}\n")
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "site.yml:11:21: error: data.split_above: expected a whole number of 0 or more, found \"many\"",
            "site.yml:11:27: warning: data.bodys: unknown field; it is ignored",
            "site.yml:12:33: error: data_license.url: unsafe address \"javascript:alert(1)\"; use an http(s) address or a site path",
        ])
    }

    /// An edit to an incident of 2024 writes the files of 2024, the index and the page, and
    /// leaves those of 2023 as they were, in the preview and in a build.
    @Test func anEditRewritesOnlyItsYearsFiles() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        // The third build is the first to write over a kept build (the first one's), with its memory.
        let options = BuildOptions(siteDirectory: site.root, clock: IncrementalTests.clock)
        try Pipeline.build(options)
        try site.write("Content/incidents/2024/crash.md", incidentFile(title: "Crash on the A13", date: "2024-05-02T08:00:00Z",
                                                                      body: "Two cars."))
        try Pipeline.build(options)
        var preview = Pipeline(preview: site.previewOptions(output: "Preview"))
        _ = try preview.rebuild()
        let previewBefore = try Self.stamps(site.root.appendingPathComponent("Preview"))
        let builtBefore = try Self.stamps(site.root.appendingPathComponent(".Public.previous"))
        try site.write(Self.fire, incidentFile(date: "2024-03-01T10:00:00Z", extra: "tags: [fire]", body: "Crews came."))
        let result = try preview.rebuild(touched: [Self.fire])
        #expect(result.quick)
        try site.expectEqualToFullBuild("body edited")
        try Pipeline.build(options)
        try site.expectEqualToFullBuild("body edited, built", output: "Public", options: options)
        for (stamps, folder) in [(previewBefore, "Preview"), (builtBefore, "Public")] {
            let after = try Self.stamps(site.root.appendingPathComponent(folder))
            for (path, stamp) in stamps {
                let changed = path.hasPrefix("data/incidents-2024") || path.hasPrefix("data/index")
                #expect((after[path] != stamp) == changed, "\(folder)/\(path) \(changed ? "rewritten" : "left as it was")")
            }
        }
    }

    /// The modification time of each data file and of the index.
    static func stamps(_ folder: URL) throws -> [String: Date] {
        var stamps: [String: Date] = [:]
        for path in TestSite.files(under: folder) where path.hasPrefix("data/") && !path.hasSuffix(".gz") && !path.hasSuffix(".br") {
            stamps[path] = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)[.modificationDate] as? Date
        }
        return stamps
    }
}
