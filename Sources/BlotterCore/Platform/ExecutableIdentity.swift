internal import Foundation

/// This program's binary, told apart from another build of it: its size and modification
/// time. A build's memory (`BuildMemory`) made by another binary is not used: what a page
/// says can change with Blotter itself, its version number or not.
enum ExecutableIdentity {
    static let current: [UInt64] = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return [] }
        let (seconds, nanoseconds) = FileTimes.modified(info)
        return [UInt64(info.st_size), UInt64(bitPattern: Int64(seconds)), UInt64(bitPattern: Int64(nanoseconds))]
    }()
}
