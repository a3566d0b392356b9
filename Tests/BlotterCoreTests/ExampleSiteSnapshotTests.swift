import BlotterCore
import BlotterPrint
import Foundation
import Testing

/// The example site at the repository root, every output file compared with
/// `Snapshots/example-site/`. Re-record with `BLOTTER_RECORD_SNAPSHOTS=1 swift test`.
@Suite struct ExampleSiteSnapshotTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/example-site")

    @Test func exampleSiteMatchesSnapshots() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-example-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var options = BuildOptions(siteDirectory: TestSite.repositoryRoot, outputDirectory: output,
                                   clock: ClockParser.parse("2026-11-27T09:00:00Z"))
        options.searchIndexer = PagefindIndexer()
        let result = try Pipeline.build(options)
        #expect(!result.failed, "\(result.diagnostics)")
        #expect(result.diagnostics.isEmpty, "the example site should have no warnings: \(result.diagnostics)")
        // Pagefind's index is Pagefind's output, checked by scripts/search-test.py, not a golden file.
        // The .gz and .br copies change with zlib's and Brotli's versions: they are checked by
        // decompressing them, not against golden files.
        // Photos' files are libvips' encodings, which change with libjpeg's and libwebp's versions:
        // PhotoTests and scripts/photo-test.py check them (sizes, metadata, the same bytes from
        // two builds); the pages that show them, with every width and size, are in the snapshots.
        // Leaflet's files are Debian's, copied as they are (MapTests compares them with the
        // package's): the pages that link them, with their fingerprints, are in the snapshots.
        let produced = TestSite.files(under: output).filter {
            !$0.hasPrefix("pagefind/") && !$0.hasPrefix("assets/leaflet/") && !Self.isCopy($0) && !Self.isPhoto($0)
        }
        try DeploymentOutputTests.expectCopiesMatch(in: output)
        if ProcessInfo.processInfo.environment["BLOTTER_RECORD_SNAPSHOTS"] != nil {
            try? FileManager.default.removeItem(at: Self.snapshots)
            try FileManager.default.createDirectory(at: Self.snapshots.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: output, to: Self.snapshots)
            try? FileManager.default.removeItem(at: Self.snapshots.appendingPathComponent("pagefind"))
            try? FileManager.default.removeItem(at: Self.snapshots.appendingPathComponent("assets/leaflet"))
            for copy in TestSite.files(under: Self.snapshots) where Self.isCopy(copy) || Self.isPhoto(copy) {
                try FileManager.default.removeItem(at: Self.snapshots.appendingPathComponent(copy))
            }
            return
        }
        let recorded = TestSite.files(under: Self.snapshots)
        #expect(produced == recorded, "files differ from Snapshots/example-site (re-record with BLOTTER_RECORD_SNAPSHOTS=1)")
        for path in produced where recorded.contains(path) {
            let actual = try Data(contentsOf: output.appendingPathComponent(path))
            let expected = try Data(contentsOf: Self.snapshots.appendingPathComponent(path))
            if actual != expected {
                let diff = LineDiff.describe(expected: String(decoding: expected, as: UTF8.self),
                                             actual: String(decoding: actual, as: UTF8.self))
                Issue.record("\(path) differs from its snapshot:\n\(diff)")
            }
        }
    }

    static func isCopy(_ path: String) -> Bool { path.hasSuffix(".gz") || path.hasSuffix(".br") }

    static func isPhoto(_ path: String) -> Bool { [".jpg", ".jpeg", ".png", ".webp"].contains { path.hasSuffix($0) } }
}
