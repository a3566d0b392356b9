/// Finds words and phrases in a text as whole words, ignoring case: `killer` is found in
/// "The killer's car" and "KILLER", not in "painkillers". A phrase's words may be apart by
/// any spaces, line breaks or punctuation ("hit by a train", "hit by a\ntrain").
///
/// Every incident's texts are read by every rule in every build, and most hold none of the
/// words: a text is split into words once (`ScannedText`), and a word is compared only with
/// the phrases whose first word has its length.
struct WordMatcher: Sendable {
    /// A phrase's words, in lowercase UTF-8.
    private let phrases: [[[UInt8]]]
    /// The phrases by the length of their first word (an index).
    private let byLength: [[Int]]
    /// The lengths of the phrases' first words, as bits (1 << length; lengths of 64 and more:
    /// the last bit): most words are passed over on this test alone.
    private let lengths: UInt64

    init(_ phrases: [String]) {
        self.phrases = phrases.map { ScannedText.words(of: $0) }.filter { !$0.isEmpty }
        var byLength = Array(repeating: [Int](), count: (self.phrases.map { $0[0].count }.max() ?? 0) + 1)
        for (index, words) in self.phrases.enumerated() { byLength[words[0].count].append(index) }
        self.byLength = byLength
        lengths = self.phrases.reduce(0) { $0 | 1 << min($1[0].count, 63) }
    }

    /// One place a phrase was found: its UTF-8 range in the text.
    struct Match: Sendable {
        var range: Range<Int>
    }

    /// Every place any phrase is found in `text`, in text order (at one place, the longest
    /// phrase; places do not overlap).
    func matches(in text: ScannedText) -> [Match] {
        var found: [Match] = []
        var next = 0
        for start in text.words.indices where start >= next {
            let length = text.length(start)
            guard lengths & 1 << min(length, 63) != 0, length < byLength.count else { continue }
            let candidates = byLength[length]
            var last: Int?
            for p in candidates where start + phrases[p].count <= text.words.count {
                let words = phrases[p]
                guard words.indices.allSatisfy({ text.word(start + $0, is: words[$0]) }) else { continue }
                last = max(last ?? 0, start + words.count - 1)
            }
            if let last {
                found.append(Match(range: text.words[start].lowerBound..<text.words[last].upperBound))
                next = last + 1
            }
        }
        return found
    }
}

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
