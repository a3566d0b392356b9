internal import CBrotli
internal import CZlib
internal import Foundation
internal import Synchronization

/// The copies of a file on the disk (the open data, written piece by piece: a 10,000-incident
/// site's incidents.json is 94 MB), made a block at a time, never held whole: compressed in
/// memory, it and its two copies' buffers took 290 MB more at the build's peak.
extension Precompression {
    /// How much of the file is read at a time.
    static let blockSize = 1 << 20

    /// Writes the copies of the file at `path` (relative to `folder`), as `write(copiesOf:bytes:...)`
    /// does for bytes in memory. Both copies are made in one reading; the `.gz` is written
    /// beside its place and renamed there once the `.br` is whole.
    @discardableResult
    static func write(copiesOf path: String, in folder: String, reused: Bool) throws(BlotterError) -> Bool {
        let full = folder + "/" + path
        var info = stat()
        guard stat(full, &info) == 0 else { throw BlotterError(path: full, reason: .cannotRead(String(cString: strerror(errno)))) }
        guard Int(info.st_size) >= minimumSize else {
            if reused { for copy in copies(of: full) { unlink(copy) } }
            return false
        }
        if reused {
            var crc = crc32(0, nil, 0)
            var size = 0
            try read(full) { block in
                crc = crc32(crc, block.baseAddress, uInt(block.count))
                size += block.count
            }
            if gzipTrailer(of: full + ".gz") == trailer(crc: UInt32(crc), size: size) { return false }
            unlink(full + ".gz")
        }
        let partial = full + ".gz.partial"
        let (brSize, gzSize) = try compress(full, brotliTo: full + ".br", gzipTo: partial)
        if brSize >= Int(info.st_size) { unlink(full + ".br") }
        if gzSize < Int(info.st_size) {
            guard rename(partial, full + ".gz") == 0 else {
                throw BlotterError(path: full + ".gz", reason: .cannotWrite(String(cString: strerror(errno))))
            }
        } else {
            unlink(partial)
        }
        return true
    }
}

private extension Precompression {
    /// Compresses `input` with both encoders at once, each reading the file (from the page
    /// cache): these are a site's biggest files (incidents.json: 94 MB at 10,000 incidents),
    /// and a build that changes a few pages otherwise waits on one core for both encoders.
    /// Returns the sizes of the two files written.
    static func compress(_ input: String, brotliTo br: String, gzipTo gz: String) throws(BlotterError) -> (Int, Int) {
        // Brotli on a thread of its own: a nested `concurrentPerform` (the publisher's loop
        // runs this) would run both on this one, and a block queued on the shared pool could
        // wait for a thread while both of the pool's wait here.
        let brotliSize = Mutex<Result<Int, BlotterError>>(.success(0))
        let done = DispatchSemaphore(value: 0)
        Thread {
            let result = Result { () throws(BlotterError) -> Int in try brotli(input, to: br) }
            brotliSize.withLock { $0 = result }
            done.signal()
        }.start()
        let gzipSize = Result { () throws(BlotterError) -> Int in try gzip(input, to: gz) }
        done.wait()
        return (try brotliSize.withLock { $0 }.get(), try gzipSize.get())
    }

    /// Writes the Brotli encoding of the file `input` to `br`; returns its size.
    static func brotli(_ input: String, to br: String) throws(BlotterError) -> Int {
        guard let encoder = BrotliEncoderCreateInstance(nil, nil, nil) else { throw failure(br, "Brotli could not start") }
        defer { BrotliEncoderDestroyInstance(encoder) }
        BrotliEncoderSetParameter(encoder, BROTLI_PARAM_QUALITY, UInt32(brotliQuality))
        BrotliEncoderSetParameter(encoder, BROTLI_PARAM_LGWIN, UInt32(BROTLI_DEFAULT_WINDOW))
        BrotliEncoderSetParameter(encoder, BROTLI_PARAM_MODE, BROTLI_MODE_TEXT.rawValue)
        let output = try Output(br)
        defer { output.close() }
        try read(input) { block throws(BlotterError) in try brotliStep(encoder, block, finish: false, into: output) }
        try brotliStep(encoder, UnsafeBufferPointer(start: nil, count: 0), finish: true, into: output)
        return output.written
    }

    /// Writes the gzip encoding of the file `input` to `gz`; returns its size.
    static func gzip(_ input: String, to gz: String) throws(BlotterError) -> Int {
        var stream = z_stream()
        guard blotter_deflate_init_gzip(&stream, gzipLevel) == Z_OK else { throw failure(gz, "zlib could not start") }
        defer { deflateEnd(&stream) }
        let output = try Output(gz)
        defer { output.close() }
        try read(input) { block throws(BlotterError) in try deflateStep(&stream, block, finish: false, into: output) }
        try deflateStep(&stream, UnsafeBufferPointer(start: nil, count: 0), finish: true, into: output)
        return output.written
    }

    static func brotliStep(_ encoder: OpaquePointer, _ block: UnsafeBufferPointer<UInt8>, finish: Bool,
                           into output: Output) throws(BlotterError) {
        var availableIn = block.count
        var nextIn = block.baseAddress
        let operation = finish ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_PROCESS
        repeat {
            var availableOut = 0
            var nextOut: UnsafeMutablePointer<UInt8>? = nil
            guard BrotliEncoderCompressStream(encoder, operation, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                    == BROTLI_TRUE else { throw failure(output.path, "Brotli failed") }
            var size = 0
            if let produced = BrotliEncoderTakeOutput(encoder, &size), size > 0 {
                try output.append(UnsafeBufferPointer(start: produced, count: size))
            }
        } while availableIn > 0 || BrotliEncoderHasMoreOutput(encoder) == BROTLI_TRUE
            || (finish && BrotliEncoderIsFinished(encoder) != BROTLI_TRUE)
    }

    static func deflateStep(_ stream: inout z_stream, _ block: UnsafeBufferPointer<UInt8>, finish: Bool,
                            into output: Output) throws(BlotterError) {
        stream.next_in = UnsafeMutablePointer(mutating: block.baseAddress)
        stream.avail_in = uInt(block.count)
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        var status = Z_OK
        repeat {
            let made = buffer.withUnsafeMutableBufferPointer { out -> Int in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                status = deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH)
                return out.count - Int(stream.avail_out)
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw failure(output.path, "zlib failed")
            }
            try buffer.withUnsafeBufferPointer { out throws(BlotterError) in
                try output.append(UnsafeBufferPointer(rebasing: out[..<made]))
            }
        } while finish ? status != Z_STREAM_END : stream.avail_out == 0
    }

    /// Calls `body` with each block of the file at `path`, in order.
    static func read(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) throws(BlotterError) -> Void) throws(BlotterError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw BlotterError(path: path, reason: .cannotRead(String(cString: strerror(errno)))) }
        defer { Foundation.close(fd) }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: blockSize)
        defer { buffer.deallocate() }
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, blockSize)
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw BlotterError(path: path, reason: .cannotRead(String(cString: strerror(errno)))) }
            if n == 0 { return }
            try body(UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    static func failure(_ path: String, _ why: String) -> BlotterError {
        BlotterError(path: path, reason: .cannotWrite(why))
    }

    /// A file being written, and how much has been.
    final class Output {
        let path: String
        let fd: Int32
        private(set) var written = 0

        init(_ path: String) throws(BlotterError) {
            self.path = path
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else { throw BlotterError(path: path, reason: .cannotWrite(String(cString: strerror(errno)))) }
        }

        func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(BlotterError) {
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw BlotterError(path: path, reason: .cannotWrite(String(cString: strerror(errno)))) }
                offset += n
            }
            written += bytes.count
        }

        func close() { Foundation.close(fd) }
    }
}
