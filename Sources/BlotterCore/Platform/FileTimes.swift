public import Foundation

/// A file's modification time from `stat`, whose field is `st_mtim` on Linux and
/// `st_mtimespec` on Darwin.
public enum FileTimes {
    /// The modification time in `info`: seconds since 1970 and nanoseconds.
    public static func modified(_ info: stat) -> (seconds: Int, nanoseconds: Int) {
        #if os(Linux)
        return (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
        #else
        #error("Blotter builds on Linux only: FileTimes.modified needs this platform's stat field")
        #endif
    }

    /// The status change time in `info` (contents, name or attributes changed): seconds and nanoseconds.
    public static func changed(_ info: stat) -> (seconds: Int, nanoseconds: Int) {
        #if os(Linux)
        return (Int(info.st_ctim.tv_sec), Int(info.st_ctim.tv_nsec))
        #else
        #error("Blotter builds on Linux only: FileTimes.changed needs this platform's stat field")
        #endif
    }

    /// The modification time in `info` in nanoseconds since 1970.
    public static func modifiedNanoseconds(_ info: stat) -> Int {
        let (seconds, nanoseconds) = modified(info)
        return seconds * 1_000_000_000 + nanoseconds
    }
}
