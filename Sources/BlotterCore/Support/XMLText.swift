/// Text for XML documents (feeds, sitemaps).
public enum XMLText {
    /// `text` with `& < > " '` escaped and the control characters XML 1.0 forbids removed.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        writer.append(text, to: &out)
        if out.containsByte(0xEF) {
            out = out.replacingBytes("\u{FFFE}", with: "").replacingBytes("\u{FFFF}", with: "")
        }
        return out
    }

    /// `& < > " '` as entities; control characters other than tab and line ends dropped.
    private static let writer = EscapingWriter.markup(apostrophe: "&apos;", dropControls: true)

    /// An element with escaped text: `<name>text</name>`.
    static func element(_ name: String, _ text: String) -> String {
        "<\(name)>\(escape(text))</\(name)>"
    }
}
