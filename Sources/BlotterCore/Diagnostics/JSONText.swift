/// JSON string quoting on UTF-8 bytes, for output whose key order must stay fixed.
enum JSONText {
    /// `value` as a JSON string literal, with `<`, `>` and `&` escaped so that
    /// the result is also safe inside an HTML `<script>` element.
    static func quote(_ value: String) -> String {
        var out = ""
        append(value, to: &out)
        return out
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
    static func append(_ value: String, to out: inout String) {
        let start = out.utf8.count
        out += "\""
        writer.append(value, to: &out)
        // U+2028 and U+2029 end lines in JavaScript.
        if value.containsByte(0xE2), value.containsBytes("\u{2028}") || value.containsBytes("\u{2029}") {
            let literal = String(out.utf8.dropFirst(start))!
            out = String(out.utf8.prefix(start))!
                + literal.replacingBytes("\u{2028}", with: "\\u2028").replacingBytes("\u{2029}", with: "\\u2029")
        }
        out += "\""
    }
}
