internal import Foundation

/// Linux calls that Glibc's Swift module leaves out (they need `_GNU_SOURCE` or
/// `<sys/xattr.h>`), looked up when they are used; nil where the C library lacks them,
/// and off Linux (where calls of these names, if any, take other arguments).
enum LinuxCalls {
    /// `syncfs(fd)`, or nil.
    static func syncfs(_ fd: Int32) -> Int32? {
        typealias SyncFS = @convention(c) (Int32) -> Int32
        guard let symbol = symbol("syncfs") else { return nil }
        return unsafeBitCast(symbol, to: SyncFS.self)(fd)
    }

    /// `renameat2(AT_FDCWD, from, AT_FDCWD, to, flags)`, or nil.
    static func renameat2(_ from: String, _ to: String, flags: UInt32) -> Int32? {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = symbol("renameat2") else { return nil }
        let atCurrentDirectory: Int32 = -100
        return unsafeBitCast(symbol, to: RenameAt2.self)(atCurrentDirectory, from, atCurrentDirectory, to, flags)
    }

    /// `renameat2`'s flag: fail with EEXIST rather than replace `to`.
    static let noReplace: UInt32 = 1
    /// `renameat2`'s flag: swap the two paths.
    static let exchange: UInt32 = 2

    /// `fgetxattr(fd, name, value)`: the value's length in `value`, or -1 (see `errno`); or nil.
    static func getAttribute(_ fd: Int32, _ name: String, into value: inout [UInt8]) -> Int? {
        typealias GetXattr = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
        guard let symbol = symbol("fgetxattr") else { return nil }
        let get = unsafeBitCast(symbol, to: GetXattr.self)
        return value.withUnsafeMutableBytes { get(fd, name, $0.baseAddress, $0.count) }
    }

    /// `fsetxattr(fd, name, value, 0)`: 0 or -1 (see `errno`); or nil.
    static func setAttribute(_ fd: Int32, _ name: String, _ value: [UInt8]) -> Int32? {
        typealias SetXattr = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32
        guard let symbol = symbol("fsetxattr") else { return nil }
        let set = unsafeBitCast(symbol, to: SetXattr.self)
        return value.withUnsafeBytes { set(fd, name, $0.baseAddress, $0.count, 0) }
    }

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        #if os(Linux)
        return dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
        #else
        return nil
        #endif
    }
}
