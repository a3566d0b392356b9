import BlotterCore
import Foundation
import Testing

/// The maps (docs/format.md, "Maps"): `/map/` with every located incident listed, each area's
/// map, the report's locator, the briefing's overview, Leaflet copied from Debian's packages,
/// the `map:` settings, and nothing of it when maps are off.
@Suite struct MapTests {
    static let leaflet = "/usr/share/javascript/leaflet"

    /// Two located reports in Barking and Dagenham, one in Havering, one without a position.
    static func makeSite(config: String = TestSite.minimalConfig) throws -> TestSite {
        func located(_ title: String, _ date: String, _ place: String, _ area: String, _ lat: String, _ lon: String,
                     status: String = "developing") -> String {
            """
            ---
            title: \(title)
            date: \(date)
            location: {name: \(place), area: \(area), lat: \(lat), lon: \(lon)}
            status: \(status)
            summary: Something happened.
            ---
            Body text.
            """
        }
        return try TestSite([
            "Content/incidents/fire.md": located("Fire in Barking", "2024-03-01T10:00:00Z", "Longbridge Road",
                                                 "Barking and Dagenham", "51.5432", "0.0921"),
            "Content/incidents/stabbing.md": located("Stabbing in Becontree", "2024-06-22", "Green Lane",
                                                     "Barking and Dagenham", "51.5577", "0.1135", status: "charges-brought"),
            "Content/incidents/crash.md": located("Crash on the A13", "2024-03-14T17:20:00Z", "A13 near Wennington",
                                                  "Havering", "51.5109", "0.2162", status: "closed"),
            "Content/incidents/missing.md": incidentFile(title: "Teenager found safe", date: "2024-01-16T10:00:00Z"),
        ], config: config)
    }

    @Test func theMapPageListsEveryLocatedIncident() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        try site.build()
        let page = try site.read("map/index.html")
        #expect(page.contains("<title>Map | Test Desk</title>"))
        #expect(page.contains("3 reports with a position, on the map and listed below it. 1 report has no position "
                              + "and is not on the map: see <a href=\"/\">the latest reports</a>."))
        let items = page.components(separatedBy: "<li data-status=\"").dropFirst().map { $0.components(separatedBy: "</a>")[0] }
        #expect(items == [
            "charges-brought\" data-day=\"2024-06-22\"><a href=\"/incidents/stabbing-in-becontree/\">Stabbing in Becontree",
            "closed\" data-day=\"2024-03-14\"><a href=\"/incidents/crash-on-the-a13/\">Crash on the A13",
            "developing\" data-day=\"2024-03-01\"><a href=\"/incidents/fire-in-barking/\">Fire in Barking",
        ])
        #expect(!page.contains("Teenager found safe"))
        #expect(page.contains("data-sources=\"/incidents.geojson\""))
        #expect(page.contains("data-tiles=\"https://tile.openstreetmap.org/{z}/{x}/{y}.png\""))
        #expect(page.contains("data-attribution=\"© &lt;a href=&quot;https://www.openstreetmap.org/copyright&quot;&gt;"
                              + "OpenStreetMap&lt;/a&gt; contributors\""))
        #expect(page.contains("data-areas=\"[]\""))
        #expect(page.contains("<form class=\"map-filter\" id=\"map-filter\" hidden>"))
        #expect(page.contains("<input type=\"date\" name=\"from\" min=\"2024-03-01\" max=\"2024-06-22\">"))
        // Every page links the map.
        #expect(try site.read("index.html").contains("<li><a href=\"/map/\">Map</a></li>"))
        // The GeoJSON the map reads holds the same three.
        #expect(try site.read("incidents.geojson").components(separatedBy: "\"type\":\"Feature\"").count == 4)
    }

    @Test func leafletIsCopiedFromDebianAndLinkedWithItsIntegrity() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        try site.build()
        let copies = [("leaflet.min.js", "leaflet.js"), ("leaflet.css", "leaflet.css"),
                      ("images/marker-icon.png", "images/marker-icon.png"),
                      ("images/marker-shadow.png", "images/marker-shadow.png"),
                      ("leaflet.markercluster.min.js", "leaflet.markercluster.js"),
                      ("MarkerCluster.css", "MarkerCluster.css"), ("MarkerCluster.Default.css", "MarkerCluster.Default.css")]
        for (source, output) in copies {
            let debian = try Data(contentsOf: URL(fileURLWithPath: Self.leaflet + "/" + source))
            #expect(try Data(contentsOf: site.output.appendingPathComponent("assets/leaflet/" + output)) == debian, "\(output)")
        }
        let files = site.outputFiles()
        #expect(files.contains("assets/map.js") && files.contains("assets/map.css"))
        let page = try site.read("map/index.html")
        let script = try #require(files.first { $0.hasPrefix("assets/leaflet/leaflet.") && $0.hasSuffix(".js")
                                                && $0 != "assets/leaflet/leaflet.js" && !$0.contains("markercluster") })
        #expect(page.contains("<script src=\"/\(script)\" integrity=\"sha256-"))
        #expect(page.contains("<link rel=\"stylesheet\" href=\"/assets/leaflet/leaflet."))
        #expect(page.contains("<script src=\"/assets/map."))
    }

    @Test func anAreaPageMapsItsIncidents() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        try site.build()
        let area = try site.read("areas/barking-and-dagenham/index.html")
        #expect(area.contains("aria-label=\"Map of the reports in Barking and Dagenham\""))
        #expect(area.contains("data-areas=\"[&quot;Barking and Dagenham&quot;]\""))
        #expect(area.contains("2 reports in Barking and Dagenham with a position."))
        #expect(area.contains("<script src=\"/assets/map."))
        // An area without a located incident has no map, nor does an agency's listing.
        let teenager = try site.read("statuses/developing/index.html")
        #expect(!teenager.contains("incident-map") && !teenager.contains("leaflet"))
    }

    @Test func aLocatedReportHasItsStaticLocator() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        try site.build()
        let page = try site.read("incidents/fire-in-barking/index.html")
        let svg = try #require(page.components(separatedBy: "<svg ").dropFirst().first?.components(separatedBy: "</svg>").first)
        #expect(svg.hasPrefix("xmlns=\"http://www.w3.org/2000/svg\" class=\"locator-plot\" role=\"img\" "
                              + "aria-labelledby=\"locator-title\" viewBox=\"0 0 320 200\""))
        #expect(svg.contains("<title id=\"locator-title\">Map of where it happened: Longbridge Road, the red ringed dot, "
                             + "among the other report with a position in Barking and Dagenham (grey dots). North is up; "
                             + "the bar is 500 m.</title>"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)  // two faint dots, the ring and the dot
        #expect(!svg.contains("http") || !svg.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
        #expect(page.contains("<a href=\"/map/#51.5432,0.0921,16\">See it on the map</a>"))
        // No script or stylesheet of the map on a report's page.
        #expect(!page.contains("leaflet"))
        #expect(!(try site.read("incidents/teenager-found-safe/index.html")).contains("locator"))
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        try site.build()
        let first = try ["map/index.html", "incidents/fire-in-barking/index.html"].map(site.read)
        try site.build(full: true)
        #expect(try ["map/index.html", "incidents/fire-in-barking/index.html"].map(site.read) == first)
    }

    @Test func aBriefingHasAPrintableOverview() throws {
        let config = TestSite.minimalConfig + "\nbriefings:\n  - name: all\n    since: 2024-01-01\n"
        let site = try Self.makeSite(config: config)
        defer { site.delete() }
        try site.build()
        let page = try site.read("briefings/all/index.html")
        let plot = try #require(page.components(separatedBy: "<section class=\"overview\"").dropFirst().first?
            .components(separatedBy: "</section>").first)
        #expect(plot.contains("role=\"img\" aria-labelledby=\"overview-title\""))
        // Numbered as in the briefing (newest first: 1 stabbing, 2 crash, 3 fire, 4 teenager).
        for number in 1...3 { #expect(plot.contains("font-weight=\"700\" fill=\"#222\">\(number)</text>")) }
        #expect(!plot.contains(">4</text>"))
        #expect(plot.contains("3 incidents of 4 shown; 1 has no position."))
        #expect(!plot.contains("tile") && !plot.contains("<script"))
    }

    @Test func mapsOffPublishNothingOfThem() throws {
        let site = try Self.makeSite(config: TestSite.minimalConfig + "\nmap: false\n")
        defer { site.delete() }
        try site.build()
        let files = site.outputFiles()
        #expect(!files.contains { $0.hasPrefix("map/") || $0.hasPrefix("assets/leaflet/") || $0.hasPrefix("assets/map.") })
        #expect(!(try site.read("index.html")).contains("/map/"))
        #expect(!(try site.read("incidents/fire-in-barking/index.html")).contains("<svg"))
        #expect(!(try site.read("areas/barking-and-dagenham/index.html")).contains("incident-map"))
    }

    @Test func aSiteWithoutPositionsHasNoMap() throws {
        let site = try TestSite(["Content/incidents/fire.md": incidentFile()])
        defer { site.delete() }
        try site.build()
        #expect(!site.outputFiles().contains { $0.hasPrefix("map/") || $0.contains("leaflet") || $0.hasPrefix("assets/map.") })
    }

    @Test func aSiteUnderASubPathLinksItsMapThere() throws {
        let config = TestSite.minimalConfig.replacingOccurrences(of: "https://example.org/", with: "https://example.org/news/")
        let site = try Self.makeSite(config: config)
        defer { site.delete() }
        try site.build()
        let page = try site.read("map/index.html")
        #expect(page.contains("data-sources=\"/news/incidents.geojson\""))
        #expect(page.contains("data-base-url=\"https://example.org/news/\" data-base-path=\"/news/\""))
        #expect(page.contains("<script src=\"/news/assets/leaflet/leaflet."))
        #expect(try site.read("incidents/fire-in-barking/index.html").contains("<a href=\"/news/map/#51.5432,0.0921,16\">"))
    }

    @Test func tilesAndAttributionComeFromSiteYml() throws {
        let config = TestSite.minimalConfig + """

            map:
              tiles: https://tiles.example.org/{z}/{x}/{y}.png
              attribution: Tiles by [Example](https://example.org/tiles)
            """
        let site = try Self.makeSite(config: config)
        defer { site.delete() }
        try site.build()
        let page = try site.read("map/index.html")
        #expect(page.contains("data-tiles=\"https://tiles.example.org/{z}/{x}/{y}.png\""))
        #expect(page.contains("data-attribution=\"Tiles by &lt;a href=&quot;https://example.org/tiles&quot;&gt;Example&lt;/a&gt;\""))
    }

    @Test func withoutTilesTheMarkersStandOnAPlainBackground() throws {
        let site = try Self.makeSite(config: TestSite.minimalConfig + "\nmap: {tiles: false}\n")
        defer { site.delete() }
        try site.build()
        #expect(try site.read("map/index.html").contains("data-tiles=\"\" data-attribution="))
    }

    /// On a site whose data is per year, the map reads every year's GeoJSON.
    @Test func theMapReadsEachYearsGeoJSON() throws {
        let site = try Self.makeSite(config: TestSite.minimalConfig + "\ndata: {split_above: 1}\n")
        defer { site.delete() }
        try site.build()
        #expect(try site.read("map/index.html").contains("data-sources=\"/data/incidents-2024.geojson\""))
        #expect(try site.read("areas/havering/index.html").contains("data-sources=\"/data/incidents-2024.geojson\""))
        try site.write("Content/incidents/old.md", """
            ---
            title: Flood in 2023
            date: 2023-05-01
            location: {name: Ripple Road, area: Havering, lat: 51.52, lon: 0.2}
            status: closed
            summary: Water.
            ---
            Body.
            """)
        try site.build()
        #expect(try site.read("map/index.html").contains(
            "data-sources=\"/data/incidents-2024.geojson /data/incidents-2023.geojson\""))
    }

    @Test func badMapSettingsAreErrorsAtTheirLine() throws {
        let config = TestSite.minimalConfig + """

            map:
              tiles: ftp://tiles.example.org/{z}/{x}/{y}.png
              attribution: ""
              zoom: 12
            """
        let site = try Self.makeSite(config: config)
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "site.yml:12:10: error: map.tiles: expected an http(s) address or a site path, like "
                + "https://tile.openstreetmap.org/{z}/{x}/{y}.png, found \"ftp://tiles.example.org/{z}/{x}/{y}.png\"",
            "site.yml:13:16: error: map.attribution: the tiles' credit is needed (their licence asks for it); write the "
                + "one your tile provider gives",
            "site.yml:14:3: warning: map.zoom: unknown field; it is ignored",
        ])
        try site.write("site.yml", TestSite.minimalConfig + "\nmap:\n  tiles: https://tiles.example.org/{z}/{x}.png\n")
        #expect(try site.diagnosticLines() == [
            "site.yml:12:10: error: map.tiles: expected a tile address with {z}, {x} and {y} in it (missing {y}), like "
                + "https://tile.openstreetmap.org/{z}/{x}/{y}.png, found \"https://tiles.example.org/{z}/{x}.png\"",
        ])
        try site.write("site.yml", TestSite.minimalConfig + "\nmap: sometimes\n")
        #expect(try site.diagnosticLines() == [
            "site.yml:11:6: error: map: expected false (no maps), true, or the fields tiles and attribution, found \"sometimes\"",
        ])
    }

    @Test func aMissingLeafletIsAnErrorNamingThePackages() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        var options = site.options()
        options.mapLibraryFolders = [site.root.appendingPathComponent("no-such-folder").path]
        #expect {
            try Pipeline.build(options)
        } throws: { error in
            "\(error)".contains("no-such-folder/leaflet.min.js: not found: the maps need Leaflet and Leaflet.markercluster; "
                                + "install them with `apt-get install libjs-leaflet libjs-leaflet.markercluster`, or turn "
                                + "the maps off with `map: false` in site.yml")
        }
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
        // check, which writes nothing, does not need it.
        #expect(try !Pipeline.check(options).failed)
    }

    /// Moving one report redraws the locators of its area, in a build that writes over the
    /// previous one and in the preview's quick rebuild, as a full build would.
    @Test func anEditedPositionRedrawsTheAreasLocatorsAsAFullBuildWould() throws {
        let site = try Self.makeSite()
        defer { site.delete() }
        let stabbing = "Content/incidents/stabbing.md"
        func move(to lat: String) throws {
            let text = try String(contentsOf: site.root.appendingPathComponent(stabbing), encoding: .utf8)
            try site.write(stabbing, text.replacing(#/lat: [0-9.]+/#, with: "lat: " + lat))
        }
        try site.build()
        try move(to: "51.5590")
        try site.build()  // the first with a change keeps the last beside the output: the next writes over it
        let before = try site.read("incidents/fire-in-barking/index.html")
        try move(to: "51.5600")
        let moved = try site.build()
        #expect(moved.note == nil, "\(moved.note ?? "")")
        #expect(try site.read("incidents/fire-in-barking/index.html") != before)
        try site.expectEqualToFullBuild("moved, built", output: "Public", options: site.options())

        var preview = Pipeline(preview: site.previewOptions(output: "Preview"))
        _ = try preview.rebuild()
        try move(to: "51.5650")
        #expect(try preview.rebuild(touched: [stabbing]).quick)
        try site.expectEqualToFullBuild("moved, previewed")
    }
}
