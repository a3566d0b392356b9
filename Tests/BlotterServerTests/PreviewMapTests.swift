import BlotterCore
import BlotterServer
import Foundation
import Testing

/// The maps in the preview: `/map/` with root-relative links, Leaflet served from the
/// preview's folder, and the GeoJSON the map reads linking to the preview's own pages.
@Suite(.serialized) struct PreviewMapTests {
    typealias Running = PreviewServerTests.Running

    @Test func thePreviewServesTheMapAndItsLibrary() async throws {
        let site = try TestSite(["Content/incidents/2024/03/fire.md": """
            ---
            title: Fire in Barking
            date: 2024-03-01T10:00:00Z
            location: {name: Longbridge Road, area: Barking and Dagenham, lat: 51.5432, lon: 0.0921}
            status: developing
            summary: A fire broke out.
            ---
            Body text.
            """])
        defer { site.delete() }
        let server = try await Running(site)
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port)
        let page = try await http.send("/map/")
        #expect(page.status == 200)
        #expect(page.body.contains("data-sources=\"/incidents.geojson\""))
        #expect(page.body.contains("<script src=\"/assets/leaflet/leaflet.js\" defer></script>"))
        let leaflet = try Data(contentsOf: URL(fileURLWithPath: "/usr/share/javascript/leaflet/leaflet.min.js"))
        #expect(try await http.send("/assets/leaflet/leaflet.js").body == String(decoding: leaflet, as: UTF8.self))
        #expect(try await http.send("/assets/map.js").status == 200)
        #expect(try await http.send("/incidents.geojson").body.contains("\"url\":\"/incidents/fire-in-barking/\""))
    }
}
