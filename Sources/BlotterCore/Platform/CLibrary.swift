internal import Foundation

/// The C library's calls whose Swift names differ between platforms: functions looked up by
/// name at run time. Blotter builds on Linux only (README, Platforms); a port gives these
/// their Darwin (or Musl) spelling here. (The calls that start Chromium are in
/// Sources/BlotterPrint/Platform/.)
enum CLibrary {
    /// The C library's function `name`, looked up when it is first used (for calls Glibc's
    /// Swift module leaves out: they need `_GNU_SOURCE` or `<sys/xattr.h>`); nil where the
    /// C library lacks it.
    static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        #if os(Linux)
        return dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)  // RTLD_DEFAULT
        #else
        #error("Blotter builds on Linux only: CLibrary.symbol needs this platform's RTLD_DEFAULT")
        #endif
    }
}
