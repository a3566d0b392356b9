internal import BlotterCore
internal import Foundation
internal import Hummingbird
internal import NIOCore

/// A site file opened for one response. Its size, dates and bytes all come from the
/// one open file, so they agree even when a rebuild renames a new version into place
/// while it is being sent. Closed when the response is done with it.
final class OpenedFile: Sendable {
    let fd: Int32
    let size: Int
    /// Modification time in nanoseconds since 1970.
    let modified: Int
    let inode: UInt64

    /// Bytes read from the disk at a time while streaming.
    static let chunk = 128 * 1024

    /// Opens `path` (never through a link), or nil.
    init?(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return nil
        }
        self.fd = fd
        size = Int(info.st_size)
        modified = FileTimes.modifiedNanoseconds(info)
        inode = UInt64(info.st_ino)
    }

    deinit { close(fd) }

    /// The whole file (for an HTML page that gets the reload script), or nil if it cannot be read.
    func readAll() -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + offset, size - offset, off_t(offset)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            offset += count
        }
        return bytes
    }

    /// A body that sends the file a chunk at a time, each read when the connection has
    /// taken the one before: a big file never sits in memory whole.
    var body: ResponseBody {
        ResponseBody(contentLength: size) { [self] writer in
            var offset = 0
            while offset < size {
                let wanted = min(Self.chunk, size - offset)
                var buffer = ByteBufferAllocator().buffer(capacity: wanted)
                var count = 0
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { raw in
                    count = pread(fd, raw.baseAddress, wanted, off_t(offset))
                    return max(count, 0)
                }
                if count < 0, errno == EINTR { continue }
                // The file shrank or could not be read: end the response short, which closes the connection.
                guard count > 0 else { throw ShortRead(expected: size, sent: offset) }
                offset += count
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        }
    }

    struct ShortRead: Error {
        var expected: Int
        var sent: Int
    }
}
