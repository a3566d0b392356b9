/// A failure of the environment rather than of the content: a folder that
/// cannot be read or written, a missing site, a file that already exists.
///
/// The CLI turns it into one message line and exit code 2.
public struct BlotterError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// The path does not exist.
        case notFound
        /// The path exists but could not be read.
        case cannotRead(String)
        /// The path could not be written.
        case cannotWrite(String)
        /// The path already exists and will not be overwritten.
        case alreadyExists
        /// The path is not a folder where a folder is needed.
        case notADirectory
        /// An option has an unusable value.
        case invalidOption(String)
        /// An external tool failed.
        case toolFailed(String)
    }

    /// The file or folder concerned (or the option name for `invalidOption`).
    public var path: String
    /// Why it failed.
    public var reason: Reason

    /// Creates an error for `path`.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// One line for the terminal.
    public var description: String {
        switch reason {
        case .notFound: return "\(path): no such file or folder"
        case .cannotRead(let why): return "\(path): cannot read: \(why)"
        case .cannotWrite(let why): return "\(path): cannot write: \(why)"
        case .alreadyExists: return "\(path): already exists; not overwriting it"
        case .notADirectory: return "\(path): not a folder"
        case .invalidOption(let why): return "\(path): \(why)"
        case .toolFailed(let why): return "\(path): \(why)"
        }
    }
}
