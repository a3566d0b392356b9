internal import Foundation

/// An old address of an incident or page (`aliases:`), as written, with where it is in the
/// file: assembly checks it against the site's base URL and every other address
/// (`Assembler+Aliases.swift`), and the build writes a redirect there.
public struct Alias: Sendable, Equatable {
    /// The address as written: `/old/path/`, `old/path`, or a full URL on the site's base URL.
    public var text: String
    /// Where it is in its file.
    public var line: Int, column: Int
}
