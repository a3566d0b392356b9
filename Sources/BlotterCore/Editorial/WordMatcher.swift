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
