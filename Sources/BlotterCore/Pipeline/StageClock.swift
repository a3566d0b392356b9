internal import Foundation
internal import Synchronization

/// Prints how long each stage took, for benchmarks: `blotter` turns it on when
/// `BLOTTER_TIMING` is set (`StageClock.enable()`; the library reads no environment).
package struct StageClock {
    private static let on = Atomic<Bool>(false)

    /// Whether laps are printed.
    package static var enabled: Bool { on.load(ordering: .relaxed) }

    /// Prints laps from now on.
    package static func enable() { on.store(true, ordering: .relaxed) }

    private var last = Date()
    private var lastCPU = Self.cpuSeconds()

    /// Starts timing.
    package init() {}

    /// Prints the wall and CPU time since the last lap (CPU over wall shows how many cores worked).
    package mutating func lap(_ stage: String) {
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
