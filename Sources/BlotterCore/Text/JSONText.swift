/// JSON string quoting on UTF-8 bytes, for output whose key order must stay fixed.
package enum JSONText {
    /// `value` as a JSON string literal, with `<`, `>` and `&` escaped so that
    /// the result is also safe inside an HTML `<script>` element.
    package static func quote(_ value: String) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Backslash escapes, and `\u` escapes for control characters and `< > &`.
    private static let writer = EscapingWriter { byte in
        switch byte {
        case 34: return "\\\""
        case 92: return "\\\\"
        case 10: return "\\n"
        case 13: return "\\r"
        case 9: return "\\t"
        case 60: return "\\u003c"
        case 62: return "\\u003e"
        case 38: return "\\u0026"
        case 0..<32:
            let hex = String(byte, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: return nil
        }
    }

    /// Appends `value` as a JSON string literal to `out`.
    static func append(_ value: String, to out: inout [UInt8]) {
        out.append(34)
        let start = out.count
        writer.append(value, to: &out)
        // U+2028 and U+2029 (E2 80 A8, E2 80 A9) end lines in JavaScript.
        if value.containsByte(0xE2), value.containsBytes("\u{2028}") || value.containsBytes("\u{2029}") {
            var literal = Array(out[start...])
            var i = 0
            while let at = ByteSearch.first([0xE2, 0x80], in: literal, from: i) {
                if at + 2 < literal.count, literal[at + 2] == 0xA8 || literal[at + 2] == 0xA9 {
                    literal.replaceSubrange(at..<at + 3, with: Array((literal[at + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8))
                }
                i = at + 1
            }
            out.replaceSubrange(start..., with: literal)
        }
        out.append(34)
    }
}
