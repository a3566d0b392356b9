@testable import BlotterCore
@testable import BlotterPrint
import Foundation
import Testing

/// What Chromium may load while it prints (`PrintAccess`), decided on addresses as Chromium
/// asks for them, against a site folder on disk; and the cap on the number of parts.
@Suite struct PrintAccessTests {
    /// A site with `Public/` and `Templates/assets/` files, a print folder, a file outside
    /// both, and links out of the site.
    struct Folders {
        let site: TestSite
        let outside: Scratch
        let print: Scratch

        init(baseURL: String) throws {
            site = try TestSite(["Public/incidents/a/photo.png": "png", "Templates/assets/map.svg": "<svg/>",
                                 "Public/assets/old.svg": "<svg/>"],
                                config: TestSite.minimalConfig.replacingOccurrences(of: "https://example.org/", with: baseURL))
            outside = try Scratch()
            print = try Scratch()
            try Data("secret".utf8).write(to: outside.url.appendingPathComponent("secret.png"))
            try Data("<p>".utf8).write(to: print.url.appendingPathComponent("briefing.html"))
            try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Public/leak.png").path,
                                                       withDestinationPath: outside.url.appendingPathComponent("secret.png").path)
            try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Templates/assets/up").path,
                                                       withDestinationPath: outside.url.path)
        }

        var access: PrintAccess {
            var access = PrintAccess.site(site.options())
            access.printFolder = PrintAccess.realPath(print.url.path)
            return access
        }

        func real(_ path: String) -> String { PrintAccess.realPath(site.root.appendingPathComponent(path).path)! }

        func delete() { site.delete(); outside.delete(); print.delete() }
    }

    @Test func rootRelativeSite() throws {
        let folders = try Folders(baseURL: "/")
        defer { folders.delete() }
        let access = folders.access
        #expect(access.decide(folders.print.url.appendingPathComponent("briefing.html").absoluteString) == .load)
        #expect(access.decide("data:image/png;base64,AAAA") == .load)
        // The site's own addresses, as Chromium asks for them from a page in the print folder.
        #expect(access.decide("file:///incidents/a/photo.png") == .serve(file: folders.real("Public/incidents/a/photo.png"), type: "image/png"))
        #expect(access.decide("file:///assets/map.svg") == .serve(file: folders.real("Templates/assets/map.svg"), type: "image/svg+xml"))
        #expect(access.decide("file:///assets/old.svg") == .serve(file: folders.real("Public/assets/old.svg"), type: "image/svg+xml"))
        // The site's files by their own paths.
        #expect(access.decide(URL(fileURLWithPath: folders.real("Public/incidents/a/photo.png")).absoluteString) == .load)
        // Outside: other files, links out of the site, `..`, the web, other schemes.
        let secret = folders.outside.url.appendingPathComponent("secret.png")
        #expect(access.decide(secret.absoluteString) == .refuse)
        #expect(access.decide("file:///leak.png") == .refuse)
        #expect(access.decide("file:///assets/up/secret.png") == .refuse)
        #expect(access.decide("file://" + folders.print.url.path + "/../" + secret.path) == .refuse)
        #expect(access.decide("file:///etc/passwd") == .refuse)
        #expect(access.decide("file:///incidents/a/") == .refuse)
        #expect(access.decide("http://127.0.0.1:8000/a.png") == .refuse)
        #expect(access.decide("https://example.org/incidents/a/photo.png") == .refuse)
        #expect(access.decide("ftp://example.org/a.png") == .refuse)
        #expect(access.decide("blob:null/1234") == .refuse)
    }

    @Test func absoluteBaseURL() throws {
        let folders = try Folders(baseURL: "https://news.example/desk/")
        defer { folders.delete() }
        let access = folders.access
        #expect(access.decide("https://news.example/desk/incidents/a/photo.png")
            == .serve(file: folders.real("Public/incidents/a/photo.png"), type: "image/png"))
        #expect(access.decide("https://NEWS.example/desk/assets/map.svg")
            == .serve(file: folders.real("Templates/assets/map.svg"), type: "image/svg+xml"))
        #expect(access.decide("file:///desk/assets/map.svg") == .serve(file: folders.real("Templates/assets/map.svg"), type: "image/svg+xml"))
        #expect(access.decide("http://news.example/desk/assets/map.svg") == .refuse, "another scheme")
        #expect(access.decide("https://news.example:8443/desk/assets/map.svg") == .refuse, "another port")
        #expect(access.decide("https://news.example/assets/map.svg") == .refuse, "outside the base path")
        #expect(access.decide("https://evil.example/desk/assets/map.svg") == .refuse)
        #expect(access.decide("https://news.example/desk/leak.png") == .refuse)
        #expect(access.decide("file:///assets/map.svg") == .refuse, "outside the base path")
    }

    /// `BLOTTER_PRINT_PARTS` is capped: twice the cores, 4 to 16, and one per incident.
    @Test func partsAreCapped() {
        let cap = PrintSettings.maxParts
        #expect(cap >= 4 && cap <= 16)
        let asked = PrintSettings(chromium: "chromium", access: .printFolderOnly, parts: 1000)
        #expect(asked.partCount(incidents: 5000) == cap)
        #expect(asked.partCount(incidents: 3) == 3)
        #expect(PrintSettings(chromium: "chromium", access: .printFolderOnly, parts: 1).partCount(incidents: 5000) == 1)
        #expect(PrintSettings(chromium: "chromium", access: .printFolderOnly).partCount(incidents: 10) == 1)
    }
}
