@testable import BlotterCore
import Foundation
import Testing

/// What `blotter build` adds for a web host: fingerprinted stylesheets and scripts linked
/// with Subresource Integrity, and `.gz` and `.br` copies of text files.
@Suite struct DeploymentOutputTests {
    static let incidents = [
        "Content/incidents/a.md": incidentFile(extra: "tags: [fire]", body: String(repeating: "A long report. ", count: 100)),
        "Content/incidents/b.md": incidentFile(title: "Crash on the A13", date: "2024-03-02T08:00:00Z"),
    ]

    /// `sha256sum`'s digest of a file, and what an `integrity` attribute holds for it.
    static func digest(_ file: URL) throws -> (hex: String, integrity: String) {
        let hex = String(decoding: try run("/usr/bin/sha256sum", [file.path]).prefix(64), as: UTF8.self)
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return (hex, "sha256-" + Data(bytes).base64EncodedString())
    }

    static func run(_ tool: String, _ arguments: [String], in folder: URL? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) \(arguments)")
        return output
    }

    @Test func stylesheetsAndScriptsAreFingerprintedAndLinkedWithTheirIntegrity() throws {
        let site = try TestSite(Self.incidents.merging([
            "Templates/assets/js/map-view.js": "console.log('map');\n",
            "Templates/404.mustache": "{{site.assets.js_map_view_js.url}} {{site.assets.js_map_view_js.integrity}}\n",
        ]) { a, _ in a }, templates: false)
        defer { site.delete() }
        let result = try site.build()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let css = try Self.digest(site.output.appendingPathComponent("assets/style.css"))
        let fingerprinted = "assets/style.\(css.hex.prefix(16)).css"
        #expect(try Data(contentsOf: site.output.appendingPathComponent(fingerprinted))
            == Data(contentsOf: site.output.appendingPathComponent("assets/style.css")))
        #expect(try site.read("index.html").contains(
            "<link rel=\"stylesheet\" href=\"/\(fingerprinted)\" integrity=\"\(css.integrity)\">"))
        let js = try Self.digest(site.output.appendingPathComponent("assets/js/map-view.js"))
        #expect(try site.read("404.html") == "/assets/js/map-view.\(js.hex.prefix(16)).js \(js.integrity)\n")
        #expect(site.outputFiles().filter { $0.hasPrefix("assets/") && !$0.hasSuffix(".gz") && !$0.hasSuffix(".br") } == [
            "assets/js/map-view.\(js.hex.prefix(16)).js", "assets/js/map-view.js",
            fingerprinted, "assets/style.css",
        ].sorted())
    }

    /// Two files whose template names are the same: the later (by path) is named in a warning.
    @Test func twoAssetsWithOneTemplateNameGetAWarning() throws {
        let site = try TestSite(Self.incidents.merging([
            "Templates/assets/a-b.js": "1;\n", "Templates/assets/a_b.js": "2;\n",
        ]) { a, _ in a }, templates: false)
        defer { site.delete() }
        let result = try site.build()
        #expect(result.diagnostics.map(\.description) == [
            "Templates/assets/a_b.js:1:1: warning: templates cannot tell it from assets/a-b.js: both are "
                + "site.assets.a_b_js; rename one (this one is published under its plain name only)",
        ])
        #expect(site.outputFiles().filter { $0.hasPrefix("assets/a") }.count == 3, "\(site.outputFiles())")
    }

    /// Every text file of 1 KiB or more has a `.gz` (read back by gzip) and a `.br` (read
    /// back by Brotli's decoder) of exactly its bytes; smaller files and images have none.
    @Test func textFilesGetCopiesThatDecompressToTheirBytes() throws {
        let map = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + String(repeating: "<rect width=\"1\" height=\"1\"/>", count: 50)
            + "</svg>\n"
        let site = try TestSite(Self.incidents.merging([
            "Static/assets/map.svg": map, "Static/photo.gif": "GIF89a" + String(repeating: "x", count: 2000),
        ]) { a, _ in a }, templates: false)
        defer { site.delete() }
        try site.build()
        try Self.expectCopiesMatch(in: site.output)
        let files = site.outputFiles()
        for required in ["index.html", "incidents.json", "feed.xml", "assets/style.css", "assets/map.svg"] {
            #expect(files.contains(required + ".gz") && files.contains(required + ".br"), "\(required)")
        }
        #expect(!files.contains("robots.txt.gz"), "robots.txt is under 1 KiB")
        #expect(!files.contains("photo.gif.gz"), "not text")
    }

    /// Checks every copy below `folder`, and that each text file of 1 KiB or more has both.
    static func expectCopiesMatch(in folder: URL) throws {
        let files = TestSite.files(under: folder)
        let copies = files.filter { $0.hasSuffix(".gz") || $0.hasSuffix(".br") }
        for copy in copies {
            let original = String(copy.dropLast(3))
            let bytes = try Data(contentsOf: folder.appendingPathComponent(original))
            let compressed = try Data(contentsOf: folder.appendingPathComponent(copy))
            #expect(compressed.count < bytes.count, "\(copy)")
            if copy.hasSuffix(".gz") {
                #expect(try run("/usr/bin/gzip", ["-dc", folder.appendingPathComponent(copy).path]) == bytes, "\(copy)")
                // No time and no name in the header: bytes 4-7 are zero, no FNAME flag.
                #expect(compressed.prefix(8) == Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0]), "\(copy)")
            } else {
                #expect(Precompression.unbrotli([UInt8](compressed), size: bytes.count) == [UInt8](bytes), "\(copy)")
            }
        }
        let text = files.filter { path in
            Precompression.isText(path)
                && ((try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)[.size]
                     as? Int) ?? 0) >= Precompression.minimumSize
        }
        #expect(Set(copies) == Set(text.flatMap { [$0 + ".gz", $0 + ".br"] }), "every text file of 1 KiB or more has both")
    }

    @Test func twoBuildsGiveTheSameBytes() throws {
        let site = try TestSite(Self.incidents, templates: false)
        defer { site.delete() }
        try site.build()
        var other = site.options()
        other.outputDirectory = site.root.appendingPathComponent("Other")
        try Pipeline.build(other)
        let files = site.outputFiles()
        #expect(files == TestSite.files(under: other.outputDirectory))
        #expect(files.contains("index.html.br"))
        for file in files {
            #expect(try Data(contentsOf: site.output.appendingPathComponent(file))
                == Data(contentsOf: other.outputDirectory.appendingPathComponent(file)), "\(file)")
        }
    }

    /// A build written over the previous site compresses only the files that changed; a
    /// copy that does not match its file (a build stopped half-way) is made again, and a
    /// copy of a file too small to have one is removed.
    @Test func aRebuildCompressesOnlyWhatChanged() throws {
        let site = try TestSite(Self.incidents, templates: false)
        defer { site.delete() }
        try site.build(full: true)
        try site.build(full: true)  // the first build's site is now .Public.previous, written over by the next
        let spare = site.root.appendingPathComponent(".Public.previous")
        let old = Date(timeIntervalSince1970: 1_000_000_000)
        func age() throws {
            for file in TestSite.files(under: spare) where file.hasSuffix(".gz") || file.hasSuffix(".br") {
                try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: spare.appendingPathComponent(file).path)
            }
        }
        try age()
        try Data("not gzip".utf8).write(to: spare.appendingPathComponent("incidents/crash-on-the-a13/index.html.gz"))
        try Data("stale".utf8).write(to: spare.appendingPathComponent("robots.txt.gz"))
        try site.write("Content/incidents/a.md", incidentFile(extra: "tags: [fire]", body: "Edited."))
        try site.build(full: true)
        try Self.expectCopiesMatch(in: site.output)
        func modified(_ path: String) throws -> Date? {
            try FileManager.default.attributesOfItem(atPath: site.output.appendingPathComponent(path).path)[.modificationDate] as? Date
        }
        #expect(try modified("tags/index.html.gz") == old, "an unchanged page keeps its copies")
        #expect(try modified("tags/index.html.br") == old)
        #expect(try modified("incidents/fire-in-barking/index.html.gz") != old, "the edited incident's page")
        #expect(try modified("incidents/crash-on-the-a13/index.html.br") != old, "the page whose .gz did not match")
        #expect(!site.outputFiles().contains("robots.txt.gz"))

        // Unchanged, the open data (written piece by piece, its copies made from the disk) keeps its copies too.
        try site.build(full: true)
        try age()
        try site.build(full: true)
        try Self.expectCopiesMatch(in: site.output)
        #expect(try modified("incidents.json.gz") == old && modified("incidents.json.br") == old)
    }

    /// `precompress: false` turns the copies off, and removes those of the previous build.
    @Test func precompressFalseWritesNoCopies() throws {
        let site = try TestSite(Self.incidents, templates: false)
        defer { site.delete() }
        try site.build()
        try site.build()
        try site.write("site.yml", TestSite.minimalConfig + "\nprecompress: false\n")
        let result = try site.build()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(site.outputFiles().filter { $0.hasSuffix(".gz") || $0.hasSuffix(".br") } == [])
        #expect(site.outputFiles().contains { $0.hasPrefix("assets/style.") && $0 != "assets/style.css" },
                "fingerprinting stays")
    }

    /// The preview links the plain names without integrity (a stylesheet edit changes no
    /// page, and the swapped stylesheet needs none), and writes no copies.
    @Test func thePreviewLinksPlainNamesAndWritesNoCopies() throws {
        let site = try TestSite(Self.incidents, templates: false)
        defer { site.delete() }
        var live = Pipeline(preview: site.previewOptions(output: "Preview"))
        #expect(try live.rebuild().diagnostics.isEmpty)
        let preview = site.root.appendingPathComponent("Preview")
        let home = try String(contentsOf: preview.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(home.contains("<link rel=\"stylesheet\" href=\"/assets/style.css\">\n"))
        #expect(TestSite.files(under: preview).filter { $0.hasPrefix("assets/") } == ["assets/style.css"])
        try site.write("Templates/assets/style.css", "body { color: red; }\n")
        let outcome = try live.rebuild(touched: ["Templates/assets/style.css"])
        #expect(outcome.onlyStylesheets && outcome.written == 1)
    }
}
