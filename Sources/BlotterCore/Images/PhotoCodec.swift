internal import CVips

/// Blotter's use of libvips (the `CVips` target): a photo's size read and checked, and the
/// photo encoded at a width. Every JPEG and PNG the site publishes goes through here:
/// turned upright (its EXIF orientation applied) and every piece of metadata removed but
/// the ICC colour profile, because a witness's phone writes into its photos the GPS position
/// where they were taken, the camera's serial number and often the owner's name.
enum PhotoCodec {
    /// The raster formats processed, by file extension. Other images (SVG, GIF, WebP) are
    /// published as they are.
    enum Format: String, Sendable, Hashable {
        case jpeg = "JPEG", png = "PNG", webp = "WebP"

        /// The libvips loader that must have read a file of this format.
        var loader: String {
            switch self {
            case .jpeg: "jpegload_buffer"
            case .png: "pngload_buffer"
            case .webp: "webpload_buffer"
            }
        }

        /// The extension of the files Blotter writes in it.
        var fileExtension: String {
            switch self {
            case .jpeg: "jpg"
            case .png: "png"
            case .webp: "webp"
            }
        }
    }

    /// The format of a source file by its name, nil for what is published as it is.
    static func format(of path: String) -> Format? {
        let lower = path.lowercased()
        if lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") { return .jpeg }
        if lower.hasSuffix(".png") { return .png }
        return nil
    }

    /// The most pixels a photo may have (a 30,000 × 30,000 "decompression bomb" of a few
    /// kilobytes would need 2.7 GB decoded): 100 megapixels, twice a 50-megapixel camera's.
    static let maxPixels = 100_000_000

    /// Why a file cannot be published, in words for the person who added it.
    struct Refusal: Error, Sendable, Equatable {
        var message: String
    }

    /// A photo's size upright (after its EXIF orientation), checked by decoding it whole
    /// (at an eighth of its size where the format allows, which still reads every byte).
    static func probe(_ bytes: [UInt8], as format: Format) -> Result<(width: Int, height: Int), Refusal> {
        guard !bytes.isEmpty else { return .failure(Refusal(message: "the file is empty (0 bytes)")) }
        guard started else { return .failure(Refusal(message: "libvips could not start: \(lastError())")) }
        guard let image = bytes.withUnsafeBytes({ blotter_vips_open($0.baseAddress, $0.count) }) else {
            return .failure(Refusal(message: "not a readable \(format.rawValue) image (\(lastError()))"))
        }
        defer { blotter_vips_unref(image) }
        let loader = String(cString: blotter_vips_loader(image))
        guard loader == format.loader else {
            let found = loader.replacingOccurrences(of: "load_buffer", with: "").uppercased()
            return .failure(Refusal(message: "the file is a\(found.hasPrefix("S") ? "n" : "") \(found) image, not a "
                                        + "\(format.rawValue) one as its name says; give it the right extension"))
        }
        let (width, height) = (Int(blotter_vips_width(image)), Int(blotter_vips_height(image)))
        guard width * height <= maxPixels else {
            return .failure(Refusal(message: "\(width) × \(height) pixels is more than the 100 megapixels a photo may have; "
                                        + "make it smaller before adding it"))
        }
        // Decoded once, small: a damaged or cut-short file fails here, not in the middle of publishing.
        switch encode(bytes, width: 64, as: .png) {
        case .failure(let refusal): return .failure(refusal)
        case .success: break
        }
        return .success(blotter_vips_turned(image) != 0 ? (height, width) : (width, height))
    }

    /// `bytes` at most `width` pixels wide (never wider than they are), upright and without
    /// metadata but the ICC profile, encoded in `format` (`quality` for JPEG and WebP).
    static func encode(_ bytes: [UInt8], width: Int, as format: Format, quality: Int = 82) -> Result<[UInt8], Refusal> {
        guard started else { return .failure(Refusal(message: "libvips could not start: \(lastError())")) }
        guard let image = bytes.withUnsafeBytes({ blotter_vips_resized($0.baseAddress, $0.count, Int32(width)) }) else {
            return .failure(Refusal(message: "the image is damaged or cut short (\(lastError()))"))
        }
        defer { blotter_vips_unref(image) }
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        let status = switch format {
        case .jpeg: blotter_vips_save_jpeg(image, Int32(quality), &buffer, &length)
        case .webp: blotter_vips_save_webp(image, Int32(quality), &buffer, &length)
        case .png: blotter_vips_save_png(image, &buffer, &length)
        }
        guard status == 0, let buffer else {
            return .failure(Refusal(message: "the image is damaged or cut short (\(lastError()))"))
        }
        defer { blotter_vips_free(buffer) }
        return .success(Array(UnsafeRawBufferPointer(start: buffer, count: length)))
    }

    /// Whether libvips started.
    private static let started: Bool = blotter_vips_start() == 0

    /// libvips' last error, on one line, and cleared.
    private static func lastError() -> String {
        let text = String(cString: blotter_vips_error())
        blotter_vips_clear_error()
        let line = text.split(separator: "\n").first.map { String($0).trimmingPrefix("VipsForeignLoad: ") } ?? ""
        return line.isEmpty ? "unknown error" : String(line)
    }
}
