internal import BlotterCore
internal import Foundation

/// The outside programs Blotter drives (Pagefind, Chromium): found on PATH, run to completion
/// (Pagefind; Chromium is started and driven by `ChromiumSession`).
enum ExternalTool {
    /// The first of `names` that is an executable file in a folder of PATH.
    static func find(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            for name in names {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Runs `binary` and waits; returns its exit status and what it wrote to stderr.
    static func run(_ binary: String, _ arguments: [String], name: String) throws(BlotterError) -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BlotterError(path: binary, reason: .toolFailed("could not start \(name): \(error.localizedDescription)"))
        }
        Leftovers.started(process.processIdentifier)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        Leftovers.ended(process.processIdentifier)
        return (process.terminationStatus, message)
    }
}
