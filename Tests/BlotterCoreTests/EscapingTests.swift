import BlotterCore
import Testing

/// The escapers skip sixteen bytes at a time where none can need escaping: every special
/// byte, at every offset and beside every other kind of byte, must still be found.
@Suite struct EscapingTests {
    /// Texts with a special byte (or two) at each offset of a 24-byte run, between ASCII,
    /// accented letters, emoji and bytes with the high bit set.
    static func texts(specials: [String]) -> [String] {
        let fillers = ["abcdefgh", "éàçüöñøå", "🚒🚓", " \u{7F}~`{}|]"]
        var texts: [String] = []
        for filler in fillers {
            let run = String(repeating: filler, count: 3)
            for special in specials {
                for offset in 0...run.count {
                    var text = run
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: offset))
                    texts.append(text)
                    texts.append(text + special + run)
                }
            }
        }
        return texts + specials + [""]
    }

    static func reference(_ text: String, _ table: (Unicode.Scalar) -> String?) -> String {
        text.unicodeScalars.map { table($0) ?? String($0) }.joined()
    }

    @Test func htmlEscapingFindsEverySpecialByte() {
        let table: (Unicode.Scalar) -> String? = {
            ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"][$0]
        }
        for text in Self.texts(specials: ["&", "<", ">", "\"", "'", "\u{01}", "\t", "\n", "\u{1F}", " "]) {
            #expect(HTMLEscape.escape(text) == Self.reference(text, table), "\(text.debugDescription)")
        }
    }

    @Test func jsonQuotingFindsEverySpecialByte() {
        let table: (Unicode.Scalar) -> String? = { scalar in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case "<": return "\\u003c"
            case ">": return "\\u003e"
            case "&": return "\\u0026"
            case "\u{2028}": return "\\u2028"
            case "\u{2029}": return "\\u2029"
            default:
                guard scalar.value < 0x20 else { return nil }
                let hex = String(scalar.value, radix: 16)
                return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        let specials = ["\"", "\\", "\n", "\r", "\t", "<", ">", "&", "\u{00}", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}", " "]
        for text in Self.texts(specials: specials) {
            #expect(JSONText.quote(text) == "\"" + Self.reference(text, table) + "\"", "\(text.debugDescription)")
        }
    }

    @Test func xmlEscapingFindsEverySpecialByteAndDropsControls() {
        let table: (Unicode.Scalar) -> String? = { scalar in
            switch scalar {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&apos;"
            case "\t", "\n", "\r": return nil
            case "\u{FFFE}", "\u{FFFF}": return ""
            default: return scalar.value < 0x20 ? "" : nil
            }
        }
        // U+FFFE and U+FFFF are not XML characters; U+FFFD, U+EFBF and U+FEFF are.
        let specials = ["&", "<", ">", "\"", "'", "\u{01}", "\t", "\n", "\r", "\u{1F}", " ",
                        "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{EFBF}", "\u{FEFF}", "\u{FFFE}\u{FFFF}<"]
        for text in Self.texts(specials: specials) {
            #expect(XMLText.escape(text) == Self.reference(text, table), "\(text.debugDescription)")
        }
    }
}
