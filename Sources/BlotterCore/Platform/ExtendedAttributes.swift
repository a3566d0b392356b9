internal import Foundation

/// A file's extended attributes (`user.*`), which `OutputMarker` uses to name the folder a
/// marker was written for. Where they cannot be read (no such calls here), the marker
/// alone is trusted.
enum ExtendedAttributes {
    /// `fgetxattr(fd, name, value)`: the value's length in `value`, or -1 (see `errno`); nil
    /// where there are no such calls.
    static func get(_ fd: Int32, _ name: String, into value: inout [UInt8]) -> Int? {
        #if os(Linux)
        typealias GetXattr = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
        guard let symbol = CLibrary.symbol("fgetxattr") else { return nil }
        let get = unsafeBitCast(symbol, to: GetXattr.self)
        return value.withUnsafeMutableBytes { get(fd, name, $0.baseAddress, $0.count) }
        #else
        return nil  // macOS's fgetxattr takes a position and options too: a port calls it here
        #endif
    }

    /// `fsetxattr(fd, name, value, 0)`: 0 or -1 (see `errno`); nil where there are no such calls.
    static func set(_ fd: Int32, _ name: String, _ value: [UInt8]) -> Int32? {
        #if os(Linux)
        typealias SetXattr = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32
        guard let symbol = CLibrary.symbol("fsetxattr") else { return nil }
        let set = unsafeBitCast(symbol, to: SetXattr.self)
        return value.withUnsafeBytes { set(fd, name, $0.baseAddress, $0.count, 0) }
        #else
        return nil
        #endif
    }
}
