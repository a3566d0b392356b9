internal import Foundation

/// Site search with Pagefind: indexes the staged site before it is swapped in.
enum SearchIndex {
    /// How to get Pagefind, for messages.
    static let installHint = "install it with `pip install 'pagefind[bin]'` (scripts/setup.sh does this) "
        + "or set BLOTTER_PAGEFIND to its path"

    /// The Pagefind binary: `BLOTTER_PAGEFIND`, else `pagefind` or `pagefind_extended` on PATH.
    static func locate() throws(BlotterError) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["BLOTTER_PAGEFIND"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw BlotterError(path: explicit, reason: .toolFailed("BLOTTER_PAGEFIND is not an executable file"))
            }
            return explicit
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            for name in ["pagefind", "pagefind_extended"] {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        throw BlotterError(path: "site.yml", reason: .toolFailed("`search: true` needs Pagefind, which was not found; "
                                                                 + installHint))
    }

    /// Runs Pagefind over `site`, writing `site/pagefind/`.
    static func build(in site: URL, binary: String) throws(BlotterError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--site", site.path, "--output-subdir", "pagefind", "--silent"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BlotterError(path: binary, reason: .toolFailed("could not start Pagefind: \(error.localizedDescription)"))
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BlotterError(path: binary, reason: .toolFailed(
                "Pagefind failed (exit \(process.terminationStatus)): \(message.trimmedWhitespace)"))
        }
    }
}
