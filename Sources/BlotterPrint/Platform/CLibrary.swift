internal import Foundation

/// The C library's calls whose Swift names differ between platforms, for starting Chromium
/// (`ChromiumSession`): Glibc's module name and `environ`. Blotter builds on Linux only
/// (README, Platforms); a port gives these their Darwin (or Musl) spelling here.
enum CLibrary {
    /// Closes `fd`, ignoring the result.
    static func close(_ fd: Int32) {
        #if os(Linux)
        _ = Glibc.close(fd)
        #else
        #error("Blotter builds on Linux only: CLibrary.close needs this platform's close(2)")
        #endif
    }

    /// Makes a pipe into `ends` (read, write): 0, or -1 with `errno` set.
    static func pipe(_ ends: inout [Int32]) -> Int32 {
        #if os(Linux)
        return Glibc.pipe(&ends)
        #else
        #error("Blotter builds on Linux only: CLibrary.pipe needs this platform's pipe(2)")
        #endif
    }

    /// This process's environment, for a child process (`posix_spawn`).
    static var environment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        #if os(Linux)
        return environ
        #else
        #error("Blotter builds on Linux only: CLibrary.environment needs this platform's environ")
        #endif
    }
}
