internal import Foundation

/// What this process has used so far, for `BLOTTER_TIMING` (benchmarks): CPU time from
/// `getrusage`, memory from `/proc/self/status`.
enum ProcessUsage {
    /// User and system time of the whole process so far, in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        let seconds = { (t: timeval) in Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Resident and peak memory (`VmRSS: 1234 kB, VmHWM: 2345 kB`), or "" where that cannot
    /// be read.
    static func memory() -> String {
        #if os(Linux)
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "" }
        return status.split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            .joined(separator: ", ")
        #else
        return ""
        #endif
    }
}
