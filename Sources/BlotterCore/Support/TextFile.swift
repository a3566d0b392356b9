public import Foundation

/// A text file written whole.
public enum TextFile {
    /// Writes `text` to `url`, replacing it at once (never half-written); a failure names `url`.
    public static func write(_ text: String, to url: URL) throws(BlotterError) {
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw BlotterError(path: url.path, reason: .cannotWrite(error.localizedDescription))
        }
    }
}
