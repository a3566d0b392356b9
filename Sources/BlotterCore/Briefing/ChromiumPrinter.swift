public import Foundation

/// Prints an HTML file to PDF with headless Chromium (the only PDF engine Blotter uses).
public enum ChromiumPrinter {
    /// How to get Chromium, for messages.
    public static let installHint = "install it with `apt-get install chromium` or give its path with --chromium"

    /// `chromium`, `chromium-browser`, `google-chrome` or `google-chrome-stable` on PATH.
    public static func locate(_ explicit: String?) throws(BlotterError) -> String {
        if let explicit {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw BlotterError(path: explicit, reason: .toolFailed("not an executable file; " + installHint))
            }
            return explicit
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        throw BlotterError(path: "--pdf", reason: .toolFailed("Chromium was not found; " + installHint))
    }

    /// Prints `html` (a file) to `pdf`.
    public static func print(html: URL, to pdf: URL, chromium: String) throws(BlotterError) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-chromium-\(getpid())")
        defer { try? FileManager.default.removeItem(at: profile) }
        var arguments = ["--headless=new", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(profile.path)",
                         "--print-to-pdf=\(pdf.path)", "--virtual-time-budget=5000", html.absoluteString]
        // Chromium refuses to run as root with its sandbox on.
        if geteuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BlotterError(path: chromium, reason: .toolFailed("could not start Chromium: \(error.localizedDescription)"))
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf.path) else {
            let last = message.split(separator: "\n").last.map(String.init) ?? ""
            throw BlotterError(path: chromium, reason: .toolFailed("Chromium could not print the briefing: \(last)"))
        }
    }
}
