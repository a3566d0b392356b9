package import BlotterCore
import Foundation
import Testing

/// A preview of a test site, and the full build it must equal byte for byte: what the
/// pipeline's memory tests (IncrementalTests) and the preview server's tests both check.
extension TestSite {
    /// Options for the preview into `output` (a folder of the site), and for the full build it
    /// is compared with (built as the preview is: no fingerprinted assets, no compressed copies).
    package func previewOptions(output: String) -> BuildOptions {
        var options = BuildOptions(siteDirectory: root, outputDirectory: root.appendingPathComponent(output),
                                   clock: ClockParser.parse("2026-01-01T12:00:00Z"), baseURL: "/")
        options.forDeployment = false
        return options
    }

    /// Builds the site in full, as `options` say, into a new `Full/` and compares every file with `output`.
    package func expectEqualToFullBuild(_ step: String, output: String = "Preview", options: BuildOptions? = nil) throws {
        var full = options ?? previewOptions(output: "Full")
        full.outputDirectory = root.appendingPathComponent("Full")
        for leftover in ["Full", ".Full.previous", ".Full.memory"] {
            try? FileManager.default.removeItem(at: root.appendingPathComponent(leftover))
        }
        let result = try Pipeline.build(full)
        #expect(!result.failed && result.note != nil, "\(step): the full build failed")
        let compared = root.appendingPathComponent(output)
        let expected = Self.files(under: full.outputDirectory)
        let actual = Self.files(under: compared)
        #expect(actual == expected, "\(step): different files")
        for path in expected where actual.contains(path) {
            let a = try Data(contentsOf: full.outputDirectory.appendingPathComponent(path))
            let b = try Data(contentsOf: compared.appendingPathComponent(path))
            if a != b {
                let diff = LineDiff.describe(expected: String(decoding: a, as: UTF8.self),
                                             actual: String(decoding: b, as: UTF8.self))
                Issue.record("\(step): \(path) differs\n\(diff)")
            }
        }
    }
}
