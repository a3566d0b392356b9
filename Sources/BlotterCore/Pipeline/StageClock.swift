internal import Foundation

/// Prints how long each stage took when `BLOTTER_TIMING` is set (for benchmarks).
struct StageClock {
    static let enabled = ProcessInfo.processInfo.environment["BLOTTER_TIMING"] != nil
    private var last = Date()

    mutating func lap(_ stage: String) {
        guard Self.enabled else { return }
        let now = Date()
        let memory = Self.memory()
        FileHandle.standardError.write(Data(String(format: "timing: %@ %.3f s (%@)\n", stage,
                                                   now.timeIntervalSince(last), memory).utf8))
        last = now
    }

    /// Prints a measured duration.
    static func report(_ what: String, seconds: Double) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(String(format: "timing: %@ %.3f s\n", what, seconds).utf8))
    }

    /// Resident and peak memory from /proc (Linux).
    private static func memory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "" }
        return status.split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            .joined(separator: ", ")
    }
}
