/// Values written into the YAML files Blotter makes (`blotter new`, `blotter init`).
enum YAMLQuoting {
    /// A YAML double-quoted string a reporter can read: only `"`, `\` and characters that
    /// cannot stand as they are (line breaks, control characters) are escaped; `&` stays `&`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.isControlCharacter || [0x2028, 0x2029, 0xFEFF].contains(scalar.value):
                out += "\\u" + scalar.hexCode
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
