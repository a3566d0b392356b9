import BlotterCore
import BlotterPrint
import Foundation
import Testing

/// A site written from strings into a temporary folder, built with the real
/// pipeline, and read back.
struct TestSite {
    let root: URL

    /// The default theme of the repository, so tests build what users get.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let minimalConfig = """
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
    init(_ files: [String: String], config: String? = TestSite.minimalConfig, templates: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if templates {
            try FileManager.default.copyItem(at: Self.repositoryRoot.appendingPathComponent("Templates"),
                                             to: root.appendingPathComponent("Templates"))
        }
        if let config { try write("site.yml", config) }
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    var output: URL { root.appendingPathComponent("Public") }

    func options(drafts: Bool = false, future: Bool = false) -> BuildOptions {
        var options = BuildOptions(siteDirectory: root, drafts: drafts, future: future,
                                   clock: ClockParser.parse("2026-01-01T12:00:00Z"))
        options.searchIndexer = PagefindIndexer()
        return options
    }

    @discardableResult
    /// A build; `full` ignores what the last one remembered (`--full`).
    func build(drafts: Bool = false, future: Bool = false, full: Bool = false) throws -> BuildResult {
        var options = options(drafts: drafts, future: future)
        options.full = full
        return try Pipeline.build(options)
    }

    func check() throws -> BuildResult { try Pipeline.check(options()) }

    /// The compiler-style lines of a check.
    func diagnosticLines() throws -> [String] { try check().diagnostics.map(\.description) }

    func read(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every output file path, sorted.
    func outputFiles() -> [String] { Self.files(under: output) }

    static func files(under folder: URL) -> [String] {
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

    func delete() { try? FileManager.default.removeItem(at: root) }
}

/// An incident file with the required fields, plus `extra` front-matter lines.
func incidentFile(title: String = "Fire in Barking", date: String = "2024-03-01T10:00:00Z",
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
