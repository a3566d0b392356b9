internal import Foundation

/// Prints how long each stage took when `BLOTTER_TIMING` is set (for benchmarks).
struct StageClock {
    static let enabled = ProcessInfo.processInfo.environment["BLOTTER_TIMING"] != nil
    private var last = Date()
    private var lastCPU = Self.cpuSeconds()

    /// Prints the wall and CPU time since the last lap (CPU over wall shows how many cores worked).
    mutating func lap(_ stage: String) {
        guard Self.enabled else { return }
        let now = Date()
        let cpu = Self.cpuSeconds()
        let memory = Self.memory()
        FileHandle.standardError.write(Data(String(format: "timing: %@ %.3f s, %.3f CPU-s (%@)\n", stage,
                                                   now.timeIntervalSince(last), cpu - lastCPU, memory).utf8))
        last = now
        lastCPU = cpu
    }

    /// User and system time of the whole process so far.
    private static func cpuSeconds() -> Double {
        enabled ? ProcessUsage.cpuSeconds() : 0
    }

    /// Prints a measured duration.
    static func report(_ what: String, seconds: Double) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(String(format: "timing: %@ %.3f s\n", what, seconds).utf8))
    }

    /// Resident and peak memory, where the platform tells it.
    private static func memory() -> String {
        ProcessUsage.memory()
    }
}
