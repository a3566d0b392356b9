/// A text of an incident split into words, once for every rule that reads it.
struct ScannedText: Sendable {
    /// The field, as diagnostics name it (`timeline[2].text`, `body`).
    let field: String
    /// The value, as parsed.
    let text: String
    /// Its UTF-8.
    let bytes: [UInt8]
    /// Each word's range in `bytes`: runs of letters and digits (apostrophes and hyphens end a word).
    let words: [Range<Int>]
    /// The lowercase UTF-8 of each word that is not plain ASCII (nil for the others); empty
    /// when every word is ASCII.
    private let folded: [[UInt8]?]

    init(field: String, text: String) {
        self.field = field
        self.text = text
        let bytes = Array(text.utf8)
        var words: [Range<Int>] = [], others: [Int] = []
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                var (isWordCharacter, length) = Self.character(b, i)
                guard isWordCharacter else { i += length; continue }
                let start = i
                var ascii = true
                while isWordCharacter {
                    if length > 1 { ascii = false }
                    i += length
                    guard i < b.count else { break }
                    (isWordCharacter, length) = Self.character(b, i)
                }
                if !ascii { others.append(words.count) }
                words.append(start..<i)
            }
        }
        var folded: [[UInt8]?] = []
        if !others.isEmpty {
            folded = Array(repeating: nil, count: words.count)
            for w in others { folded[w] = Array(String(decoding: bytes[words[w]], as: UTF8.self).lowercased().utf8) }
        }
        self.bytes = bytes
        self.words = words
        self.folded = folded
    }

    /// The length of word `i` in lowercase UTF-8.
    func length(_ i: Int) -> Int { folded.isEmpty ? words[i].count : folded[i]?.count ?? words[i].count }

    /// Whether word `i` is `lowercase` (given in lowercase), ignoring case.
    func word(_ i: Int, is lowercase: [UInt8]) -> Bool {
        if !folded.isEmpty, let folded = folded[i] { return folded == lowercase }
        let range = words[i]
        guard range.count == lowercase.count else { return false }
        for (k, b) in zip(range, lowercase) {
            let a = bytes[k]
            if (a >= 65 && a <= 90 ? a + 32 : a) != b { return false }
        }
        return true
    }

    /// The text of a UTF-8 range, as written.
    func excerpt(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// The words of `text`, in lowercase UTF-8.
    static func words(of text: String) -> [[UInt8]] {
        let scanned = ScannedText(field: "", text: text.lowercased())
        return scanned.words.map { Array(scanned.bytes[$0]) }
    }

    /// Whether the character at byte `i` is a letter or digit, and its length in bytes.
    @inline(__always)
    private static func character(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Bool, Int) {
        let lead = bytes[i]
        if lead < 0x80 { return (lead &- 48 < 10 || (lead | 0x20) &- 97 < 26, 1) }
        return nonASCII(bytes, i)
    }

    /// `character` for a byte of 0x80 or more: the scalar decoded and looked up.
    private static func nonASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Bool, Int) {
        let lead = bytes[i]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, i + length <= bytes.count else { return (false, 1) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return (false, length) }
        return (scalar.properties.isAlphabetic || scalar.properties.numericType != nil, length)
    }
}

extension Incident {
    /// The texts the rules read, split into words: title, summary, each timeline entry, each
    /// statement's quote, each update and the body, in that order.
    func scannedTexts() -> [ScannedText] {
        var texts = [ScannedText(field: "title", text: title), ScannedText(field: "summary", text: summary)]
        for (i, entry) in timeline.enumerated() {
            texts.append(ScannedText(field: "timeline[\(i + 1)].text", text: entry.text))
        }
        for (i, statement) in statements.enumerated() {
            if let quote = statement.quote { texts.append(ScannedText(field: "statements[\(i + 1)].quote", text: quote)) }
        }
        for (i, update) in updates.enumerated() {
            texts.append(ScannedText(field: "updates[\(i + 1)].text", text: update.text))
        }
        texts.append(ScannedText(field: "body", text: body))
        return texts
    }
}

extension ScannedText {
    /// Whether this is a statement's quote: the speaker's words, not the newsroom's.
    var isQuote: Bool { field.hasPrefix("statements[") }
}
