import Foundation
import Testing

/// `blotter serve` without `--output` previews inside a folder of its own: made new
/// (`mkdtemp`), that only this user can open, and removed when `serve` is stopped by
/// Ctrl-C, `kill` or a closed terminal. Runs the real `blotter` binary built beside the tests.
@Suite struct PreviewFolderTests {
    /// `blotter`, built beside this test binary.
    static let blotter = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("blotter")

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func previewFolderIsPrivateAndRemovedWhenServeStops(signal: Int32) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.blotter.path),
                     "build the blotter binary first (swift build --build-tests): \(Self.blotter.path)")
        let site = try TestSite(["Content/incidents/2024/03/fire.md": incidentFile(extra: "draft: true")])
        defer { site.delete() }
        let process = Process()
        process.executableURL = Self.blotter
        process.arguments = ["serve", "--site", site.root.path, "--port", "0", "--drafts"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        let line = try await RawHTTP.onThread { Self.readLine(output.fileHandleForReading, containing: "preview files in ") }
        let preview = try #require(line.flatMap(Self.folder(in:)), "serve did not say where its preview is: \(line ?? "")")
        #expect(FileManager.default.fileExists(atPath: preview + "/incidents/fire-in-barking/index.html"))
        // The preview and whatever a build keeps beside it are in a folder only this user can open.
        let folder = URL(fileURLWithPath: preview).deletingLastPathComponent().path
        let name = URL(fileURLWithPath: folder).lastPathComponent
        #expect(name.hasPrefix("blotter-preview-"), "\(preview)")
        var info = stat()
        #expect(lstat(folder, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR)
        #expect(info.st_mode & 0o777 == 0o700, "mode \(String(info.st_mode & 0o777, radix: 8))")
        #expect(info.st_uid == getuid())

        kill(process.processIdentifier, signal)
        let status = try await RawHTTP.onThread { () -> Int32? in
            for _ in 0..<100 where process.isRunning { usleep(100_000) }
            return process.isRunning ? nil : process.terminationStatus
        }
        #expect(status == 0, "exit status after signal \(signal)")
        #expect(!FileManager.default.fileExists(atPath: folder), "\(folder) is left after serve stopped")
        let temporary = URL(fileURLWithPath: folder).deletingLastPathComponent().path
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.contains(name) }
        #expect(left.isEmpty, "left in \(temporary): \(left)")
    }

    /// Reads `handle` until a line contains `text` (at most 60 s); nil if it ends first.
    static func readLine(_ handle: FileHandle, containing text: String) -> String? {
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let data = handle.availableData
            if data.isEmpty { return nil }
            seen += String(decoding: data, as: UTF8.self)
            if let line = seen.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
        }
        return nil
    }

    /// The folder in `Serving at ... (preview files in FOLDER); press Ctrl-C to stop.`
    static func folder(in line: String) -> String? {
        guard let start = line.range(of: "preview files in "), let end = line.range(of: ");", range: start.upperBound..<line.endIndex)
        else { return nil }
        return String(line[start.upperBound..<end.lowerBound])
    }
}
