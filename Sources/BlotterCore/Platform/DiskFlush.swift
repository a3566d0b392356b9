internal import Foundation

/// Flushing a whole file system to the disk in one call (`syncfs`), which `Syncer` uses
/// instead of an `fsync` per file; where there is no such call it fsyncs each file.
enum DiskFlush {
    /// Flushes the file system holding the open file `fd`: 0, or -1 with `errno` set; nil
    /// where there is no such call.
    static func fileSystem(of fd: Int32) -> Int32? {
        #if os(Linux)
        typealias SyncFS = @convention(c) (Int32) -> Int32
        guard let symbol = CLibrary.symbol("syncfs") else { return nil }
        return unsafeBitCast(symbol, to: SyncFS.self)(fd)
        #else
        return nil
        #endif
    }
}
