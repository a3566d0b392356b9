/// Finds words and phrases in a text as whole words, ignoring case: `killer` is found in
/// "The killer's car" and "KILLER", not in "painkillers". A phrase's words may be apart by
/// any spaces, line breaks or punctuation ("hit by a train", "hit by a\ntrain").
///
/// Works on UTF-8 bytes without copying the text: every incident's texts are looked at in
/// every build, and most hold none of the words.
struct WordMatcher: Sendable {
    /// A phrase as written, and its words in lowercase.
    struct Phrase: Sendable {
        var text: String
        var words: [[UInt8]]
    }

    /// What the matcher looks for.
    let phrases: [Phrase]

    init(_ phrases: [String]) {
        self.phrases = phrases.compactMap { text in
            let words = Self.words(in: text.lowercased()).map { Array($0.bytes) }
            return words.isEmpty ? nil : Phrase(text: text, words: words)
        }
    }

    /// One place a phrase was found: its UTF-8 range in the text and which phrase.
    struct Match: Sendable {
        var range: Range<Int>
        var phrase: Int
        /// The words' index in the text's words (of the first and the last), for exceptions.
        var firstWord: Int, lastWord: Int
    }

    /// Every place any phrase is found, in text order (at one place, the longest phrase).
    func matches(in text: String) -> [Match] {
        guard !phrases.isEmpty else { return [] }
        let tokens = Self.words(in: text)
        guard !tokens.isEmpty else { return [] }
        var found: [Match] = []
        var next = 0
        for start in tokens.indices where start >= next {
            var best: Match?
            for (p, phrase) in phrases.enumerated() where start + phrase.words.count <= tokens.count {
                guard zip(phrase.words, tokens[start...]).allSatisfy({ $1.equalsFolded($0) }) else { continue }
                let last = start + phrase.words.count - 1
                if best.map({ last > $0.lastWord }) ?? true {
                    best = Match(range: tokens[start].range.lowerBound..<tokens[last].range.upperBound, phrase: p,
                                 firstWord: start, lastWord: last)
                }
            }
            if let best {
                found.append(best)
                next = best.lastWord + 1
            }
        }
        return found
    }

    /// A word of a text: its bytes and where they are.
    struct Word {
        var bytes: ArraySlice<UInt8>
        var range: Range<Int>

        /// Whether the word is `lowercase` (given in lowercase), ignoring case.
        func equalsFolded(_ lowercase: [UInt8]) -> Bool {
            guard bytes.count == lowercase.count else {
                return bytes.contains { $0 >= 0x80 } && String(decoding: bytes, as: UTF8.self).lowercased()
                    .utf8.elementsEqual(lowercase)
            }
            var ascii = true
            for (a, b) in zip(bytes, lowercase) {
                if a >= 0x80 { ascii = false; break }
                let folded = a >= 65 && a <= 90 ? a + 32 : a
                if folded != b { return false }
            }
            return ascii || String(decoding: bytes, as: UTF8.self).lowercased().utf8.elementsEqual(lowercase)
        }
    }

    /// The words of `text`: runs of letters and digits (apostrophes and hyphens end a word).
    static func words(in text: String) -> [Word] {
        let bytes = Array(text.utf8)
        var words: [Word] = []
        var start: Int?
        var i = 0
        while i < bytes.count {
            let (isWordCharacter, length) = character(in: bytes, at: i)
            if isWordCharacter {
                if start == nil { start = i }
            } else if let s = start {
                words.append(Word(bytes: bytes[s..<i], range: s..<i))
                start = nil
            }
            i += length
        }
        if let s = start { words.append(Word(bytes: bytes[s..<bytes.count], range: s..<bytes.count)) }
        return words
    }

    /// Whether the character at byte `i` is a letter or digit, and its length in bytes.
    private static func character(in bytes: [UInt8], at i: Int) -> (Bool, Int) {
        let lead = bytes[i]
        if lead < 0x80 {
            return ((lead >= 48 && lead <= 57) || (lead | 32 >= 97 && lead | 32 <= 122), 1)
        }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, i + length <= bytes.count else { return (false, 1) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return (false, length) }
        return (scalar.properties.isAlphabetic || scalar.properties.numericType != nil, length)
    }
}
