package import BlotterCore
import BlotterPrint
package import Foundation

/// A site written from strings into a temporary folder, built with the real
/// pipeline, and read back. (Shared by BlotterCoreTests and BlotterServerTests.)
package struct TestSite {
    package let root: URL

    /// The repository's root (this file is Tests/BlotterTestSupport/TestSite.swift): its
    /// default theme, so tests build what users get, and its test fixtures.
    package static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    package static let minimalConfig = """
        title: Test Desk
        base_url: https://example.org/
        language: en-GB
        timezone: Europe/London
        per_page: 2
        support:
          samaritans:
            name: Samaritans
            text: Call 116 123.
            url: https://www.samaritans.org
        """

    /// Creates the site: `files` maps relative paths to contents; the
    /// repository's `Templates/` are copied unless `templates` is false.
    package init(_ files: [String: String], config: String? = TestSite.minimalConfig, templates: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if templates {
            try FileManager.default.copyItem(at: Self.repositoryRoot.appendingPathComponent("Templates"),
                                             to: root.appendingPathComponent("Templates"))
        }
        if let config { try write("site.yml", config) }
        for (path, text) in files { try write(path, text) }
    }

    package func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Writes a binary file (a photo) into the site folder.
    package func writeBytes(_ path: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// An output file's bytes.
    package func readBytes(_ path: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: output.appendingPathComponent(path)))
    }

    package func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    package var output: URL { root.appendingPathComponent("Public") }

    package func options(drafts: Bool = false, future: Bool = false) -> BuildOptions {
        var options = BuildOptions(siteDirectory: root, drafts: drafts, future: future,
                                   clock: ClockParser.parse("2026-01-01T12:00:00Z"))
        options.searchIndexer = PagefindIndexer()
        return options
    }

    @discardableResult
    /// A build; `full` ignores what the last one remembered (`--full`).
    package func build(drafts: Bool = false, future: Bool = false, full: Bool = false) throws -> BuildResult {
        var options = options(drafts: drafts, future: future)
        options.full = full
        return try Pipeline.build(options)
    }

    package func check() throws -> BuildResult { try Pipeline.check(options()) }

    /// The compiler-style lines of a check.
    package func diagnosticLines() throws -> [String] { try check().diagnostics.map(\.description) }

    package func read(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every output file path, sorted.
    package func outputFiles() -> [String] { Self.files(under: output) }

    package static func files(under folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let item = enumerator.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(item).path, isDirectory: &isDir),
               !isDir.boolValue {
                files.append(item)
            }
        }
        return files.sorted()
    }

    package func delete() { try? FileManager.default.removeItem(at: root) }
}

/// An incident file with the required fields, plus `extra` front-matter lines.
package func incidentFile(title: String = "Fire in Barking", date: String = "2024-03-01T10:00:00Z",
                  extra: String = "", body: String = "Body text.") -> String {
    """
    ---
    title: \(title)
    date: \(date)
    location:
      name: Ripple Road, Barking
      area: Barking and Dagenham
    status: developing
    summary: A fire broke out.
    \(extra)
    ---
    \(body)
    """
}
