internal import Foundation

/// This program's binary, told apart from any other: a hash of its bytes (read once, from
/// the page cache: 30 ms for a 55 MB release build). A build's memory (`BuildMemory`) made
/// by another binary is not used: what a page says can change with Blotter itself, its
/// version number, size or file time or not. Nil when the binary cannot be read: then no
/// memory is ever used.
enum ExecutableIdentity {
    static let current: UInt64? = {
        let fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = StableHasher()
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, size)
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { return hasher.finalize() }
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        }
    }()
}
