/// Control characters, as input files, YAML written for reporters and the terminal see them.
extension Unicode.Scalar {
    /// A control character: C0 (below U+0020), DEL or C1 (U+0080 to U+009F).
    public var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }

    /// A control character other than a tab or a line feed: what no text file should hold.
    var isDisallowedControl: Bool { isControlCharacter && self != "\t" && self != "\n" }

    /// The code point in hexadecimal, four digits at least: `0007`, `2028`.
    public var hexCode: String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension String {
    /// The text with each control character but a tab or a line feed made a space, how many
    /// there were, and the first with its line and column (1-based, counted in scalars);
    /// nil when the text has none (looked for sixteen bytes at a time first).
    func replacingControls() -> (text: String, count: Int, first: (scalar: Unicode.Scalar, line: Int, column: Int))? {
        guard mayHoldControls, unicodeScalars.contains(where: \.isDisallowedControl) else { return nil }
        var count = 0
        var first: (scalar: Unicode.Scalar, line: Int, column: Int)?
        var line = 1, column = 1
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.isDisallowedControl {
                count += 1
                if first == nil { first = (scalar, line, column) }
                scalars.append(" ")
            } else {
                scalars.append(scalar)
            }
            if scalar == "\n" { (line, column) = (line + 1, 1) } else { column += 1 }
        }
        return first.map { (String(scalars), count, $0) }
    }
}
