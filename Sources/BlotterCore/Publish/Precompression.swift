internal import CBrotli
internal import CZlib
internal import Foundation

/// Stage 5, publish: a `.gz` and a `.br` copy beside each text file of a build, which
/// nginx (`gzip_static`, `brotli_static`) and other hosts send as they are instead of
/// compressing every response. The copies are made the same way every time (fixed levels;
/// the gzip header holds no time and no file name), so the same input gives the same bytes.
///
/// When a build writes over the previous site, a file whose `.gz` already describes its
/// bytes (the CRC-32 and length in the gzip trailer) keeps its copies: only changed files
/// are compressed again. The `.gz` is always written last, after its `.br`, and removed
/// before either is replaced, so a `.gz` that matches says that its `.br` matches too,
/// even after a build that stopped half-way.
enum Precompression {
    /// The file name endings of text files.
    static let extensions: Set<String> = ["html", "css", "js", "mjs", "xml", "atom", "json", "csv", "txt", "svg",
                                          "webmanifest", "jsonl", "geojson"]
    /// Smaller files are left alone: under 1 KiB a response takes one packet either way.
    static let minimumSize = 1024
    /// zlib's highest level: on Blotter's pages it costs little more than the default (6).
    static let gzipLevel: Int32 = 9
    /// Brotli's quality. Measured on 2,000 pages of a generated site (40 MB): quality 6 made
    /// 18.9 % of the size in about the time gzip -9 takes, 9 made 18.7 % in twice that, and
    /// 11 made 16.2 % but took 40 times as long (over 5 minutes for a 10,000-incident site).
    static let brotliQuality: Int32 = 6

    /// Whether the file at `path` (an output path) is text that gets compressed copies.
    static func isText(_ path: String) -> Bool {
        guard let dot = path.utf8.lastIndex(of: UInt8(ascii: ".")),
              !path[dot...].contains("/") else { return false }
        return extensions.contains(String(path[path.index(after: dot)...]))
    }

    /// The paths of a text file's copies.
    static func copies(of path: String) -> [String] { [path + ".gz", path + ".br"] }

    /// Writes the copies of the file at `path` (relative to `folder`; the file is written
    /// already, its bytes are `bytes`), or removes copies a smaller file has no use for.
    /// `reused`: the folder is a previous build being written over. Returns whether any
    /// compressing was done.
    @discardableResult
    static func write(copiesOf path: String, bytes: UnsafeBufferPointer<UInt8>, in folder: String,
                      reused: Bool) throws(BlotterError) -> Bool {
        let full = folder + "/" + path
        guard bytes.count >= minimumSize else {
            if reused { for copy in copies(of: full) { unlink(copy) } }
            return false
        }
        if reused {
            if gzipTrailer(of: full + ".gz") == trailer(of: bytes) { return false }
            unlink(full + ".gz")
        }
        let br = brotli(bytes), gz = gzip(bytes)
        for (copy, compressed) in [(full + ".br", br), (full + ".gz", gz)] {
            if let compressed, compressed.count < bytes.count {
                try StagingFolder.write(.whole(compressed), to: copy)
            } else if reused {
                unlink(copy)
            }
        }
        return true
    }

    /// `bytes` in gzip format (RFC 1952): no file name, modification time 0.
    static func gzip(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var stream = z_stream()
        guard blotter_deflate_init_gzip(&stream, gzipLevel) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count)))
        var out = [UInt8](repeating: 0, count: bound)
        let status = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
            stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress)
            stream.avail_in = uInt(bytes.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(buffer.count)
            return deflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { return nil }
        out.removeLast(bound - Int(stream.total_out))
        return out
    }

    /// `bytes` in Brotli format (RFC 7932), in text mode, with a window no bigger than the
    /// file (at most the default, 4 MiB). The encoder clears tables sized for its window for
    /// every file: with the default window each page took 10 ms more, and a 10,000-incident
    /// build's 14,600 text files 4 minutes more (and compressed no better).
    static func brotli(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var size = BrotliEncoderMaxCompressedSize(bytes.count)
        guard size > 0, let input = bytes.baseAddress else { return nil }
        var window = BROTLI_MIN_WINDOW_BITS
        while window < BROTLI_DEFAULT_WINDOW, 1 << window < bytes.count { window += 1 }
        var out = [UInt8](repeating: 0, count: size)
        let ok = out.withUnsafeMutableBufferPointer {
            BrotliEncoderCompress(brotliQuality, window, BROTLI_MODE_TEXT, bytes.count, input, &size, $0.baseAddress)
        }
        guard ok == BROTLI_TRUE else { return nil }
        out.removeLast(out.count - size)
        return out
    }
}

extension Precompression {
    /// The bytes of a Brotli stream known to decode to `size` bytes, or nil when it does not
    /// (for the tests, which read the `.gz` copies back with `gzip -dc`).
    static func unbrotli(_ bytes: [UInt8], size: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: size + 1)
        var made = out.count
        let result = out.withUnsafeMutableBufferPointer { buffer in
            bytes.withUnsafeBufferPointer { BrotliDecoderDecompress($0.count, $0.baseAddress, &made, buffer.baseAddress) }
        }
        guard result == BROTLI_DECODER_RESULT_SUCCESS, made == size else { return nil }
        return Array(out[..<made])
    }
}

extension Precompression {
    /// What a gzip trailer holds for `bytes`: their CRC-32 and length (modulo 2^32).
    static func trailer(of bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        trailer(crc: UInt32(crc32(0, bytes.baseAddress, uInt(bytes.count))), size: bytes.count)
    }

    static func trailer(crc: UInt32, size: Int) -> [UInt8] {
        let length = UInt32(truncatingIfNeeded: size)
        return (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) }
            + (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
    }

    /// The last 8 bytes of the gzip file at `path`, nil when it is not a plain file.
    static func gzipTrailer(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size >= 18 else { return nil }
        var last = [UInt8](repeating: 0, count: 8)
        let n = last.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 8, info.st_size - 8) }
        return n == 8 ? last : nil
    }
}
