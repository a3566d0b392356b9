/// Text for XML documents (feeds, sitemaps).
public enum XMLText {
    /// `text` with `& < > " '` escaped and the characters XML 1.0 forbids removed.
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` escaped: `& < > " '` as entities; control characters other than tab
    /// and line ends, and the noncharacters U+FFFE and U+FFFF, dropped.
    static func append(_ text: String, to out: inout [UInt8]) {
        let start = out.count
        writer.append(text, to: &out)
        if text.containsByte(0xEF) { dropNoncharacters(from: start, in: &out) }
    }

    /// An element with escaped text: `<name>text</name>`.
    static func element(_ name: String, _ text: String) -> String {
        var out: [UInt8] = []
        element(name, text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same, appended.
    static func element(_ name: String, _ text: String, to out: inout [UInt8]) {
        out.append(60)
        out.write(name)
        out.append(62)
        append(text, to: &out)
        out.write("</")
        out.write(name)
        out.append(62)
    }

    private static let writer = EscapingWriter.markup(apostrophe: "&apos;", dropControls: true)

    /// Removes U+FFFE and U+FFFF (EF BF BE, EF BF BF) from `out[start...]`.
    private static func dropNoncharacters(from start: Int, in out: inout [UInt8]) {
        var kept = start
        var i = start
        while i < out.count {
            if out[i] == 0xEF, i + 2 < out.count, out[i + 1] == 0xBF, out[i + 2] & 0xFE == 0xBE {
                i += 3
                continue
            }
            out[kept] = out[i]
            kept += 1
            i += 1
        }
        out.removeLast(out.count - kept)
    }
}
