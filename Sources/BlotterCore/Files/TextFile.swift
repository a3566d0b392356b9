public import Foundation

/// A file written whole.
public enum TextFile {
    /// Writes `text` to `url`, replacing it at once (never half-written); a failure names `url`.
    public static func write(_ text: String, to url: URL) throws(BlotterError) {
        try write(bytes: Array(text.utf8), to: url)
    }

    /// Writes `bytes` to `url` in the same way.
    package static func write(bytes: [UInt8], to url: URL) throws(BlotterError) {
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw BlotterError(path: url.path, reason: .cannotWrite(error.localizedDescription))
        }
    }
}
