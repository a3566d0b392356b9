internal import Foundation

/// Prints how long each stage took when `BLOTTER_TIMING` is set (for benchmarks).
struct StageClock {
    static let enabled = ProcessInfo.processInfo.environment["BLOTTER_TIMING"] != nil
    private var last = Date()

    mutating func lap(_ stage: String) {
        guard Self.enabled else { return }
        let now = Date()
        FileHandle.standardError.write(Data(String(format: "timing: %@ %.3f s\n", stage, now.timeIntervalSince(last)).utf8))
        last = now
    }
}
