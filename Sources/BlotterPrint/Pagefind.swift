public import BlotterCore
public import Foundation

/// Site search with Pagefind: indexes the staged site before it is swapped in.
enum Pagefind {
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
        if let found = ExternalTool.find(["pagefind", "pagefind_extended"]) { return found }
        throw BlotterError(path: "site.yml", reason: .toolFailed("`search: true` needs Pagefind, which was not found; "
                                                                 + installHint))
    }

    /// Runs Pagefind over `site`, writing `site/pagefind/`.
    static func build(in site: URL, binary: String) throws(BlotterError) {
        let arguments = ["--site", site.path, "--output-subdir", "pagefind", "--silent"]
        let (status, message) = try ExternalTool.run(binary, arguments, name: "Pagefind")
        guard status == 0 else {
            throw BlotterError(path: binary, reason: .toolFailed("Pagefind failed (exit \(status)): \(summary(message))"))
        }
    }

    /// Pagefind's output without a crash's backtrace and hints for its developers.
    static func summary(_ output: String) -> String {
        output.split(whereSeparator: \.isNewline).map { String($0).trimmedWhitespace }.filter { line in
            let frame = line.prefix(while: \.isNumber)
            return !line.isEmpty && !line.hasPrefix("stack backtrace:") && !line.hasPrefix("note: ")
                && !line.hasPrefix("at ") && !(!frame.isEmpty && line.dropFirst(frame.count).hasPrefix(": "))
        }.joined(separator: " ")
    }
}

/// Pagefind as the pipeline's `SearchIndexer`: `blotter build` gives it in `BuildOptions`.
public struct PagefindIndexer: SearchIndexer {
    public init() {}

    public func prepare() throws(BlotterError) { _ = try Pagefind.locate() }

    public func index(_ folder: URL) throws(BlotterError) {
        try Pagefind.build(in: folder, binary: Pagefind.locate())
    }
}
