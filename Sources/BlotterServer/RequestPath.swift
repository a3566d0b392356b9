/// The path of a request, decoded and checked before it comes near the disk.
///
/// Every segment is percent-decoded on its own, so `%2f` can never make a
/// separator; `.` and `..` segments, backslashes, NUL and other control
/// bytes, and byte sequences that are not valid UTF-8 (overlong forms like
/// `%c0%ae` included) are refused. Hidden names (starting with `.`) are never
/// served. What is left can only name something below the served folder;
/// symbolic links are checked against the folder when the file is opened.
struct RequestPath: Equatable {
    /// The decoded segments, none empty.
    var segments: [String]
    /// Whether the path ended with `/` (or was `/`).
    var isDirectory: Bool
    /// The path as requested (still encoded), without the query.
    var raw: String
    /// The query, with its `?`, or empty.
    var query: String

    /// Why a path was refused.
    enum Problem: Error, Equatable {
        /// Malformed: bad escapes, control bytes, invalid UTF-8, backslashes, dot segments.
        case invalid
        /// Well-formed but names nothing that can be served (a hidden file).
        case hidden
    }

    /// Decodes a request target such as `/incidents/x/?a=b`.
    init(target: String) throws(Problem) {
        var path = Substring(target)
        var query = Substring("")
        if let mark = path.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            query = path[mark...].prefix { $0 != "#" }
            path = path[..<mark]
        }
        guard path.hasPrefix("/") else { throw .invalid }
        self.raw = String(path)
        self.query = String(query)
        self.isDirectory = path.hasSuffix("/")
        var segments: [String] = []
        for piece in path.split(separator: "/", omittingEmptySubsequences: true) {
            let segment = try Self.decode(piece)
            if segment == "." || segment == ".." { throw .invalid }
            if segment.hasPrefix(".") { throw .hidden }
            segments.append(segment)
        }
        self.segments = segments
    }

    /// Percent-decodes one segment; the result must be valid UTF-8 without `/`, `\` or control bytes.
    private static func decode(_ piece: Substring) throws(Problem) -> String {
        var bytes: [UInt8] = []
        var iterator = piece.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .invalid
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }),
              let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalid
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
