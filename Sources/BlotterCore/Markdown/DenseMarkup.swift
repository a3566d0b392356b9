/// Paragraphs that would stall cmark-gfm, made harmless before it sees them.
///
/// Debian's cmark-gfm (0.29.0.gfm.6) predates the 2023 fixes for parsing that takes time in
/// the square of the input (CVE-2023-22483, -22484, -22486, -24824, -26485, -37463): a few
/// hundred kilobytes of unclosed `<?`, `<!--`, `*`, `_`, `~~`, `[`, `)`, `|` or list markers in
/// one paragraph took from seconds to many minutes, and one of them made cmark-gfm abort the
/// process. Each of them needs thousands of such marks in one block (a run of lines without
/// a blank one) or thousands of lines in it; a report's paragraph has a few dozen. So a
/// block with more than `maxMarks` marks and lines is given to cmark-gfm with every ASCII
/// punctuation character backslash-escaped: the same text, shown as written, parsed in
/// linear time. Other blocks of the text keep their Markdown, unless there are so many
/// nearly dense ones that their squares add up past `maxSquares` (hundreds of blocks of
/// 2,000 marks); then the densest are escaped too, until the rest fit.
enum DenseMarkup {
    /// The most marks and lines one block may have before it is escaped.
    static let maxMarks = 2_000
    /// The most that the squares of the marks of a text's blocks may add up to: ten blocks
    /// at the limit (a report's text adds up to tens of thousands).
    static let maxSquares = 10 * maxMarks * maxMarks

    /// The message of the warning at the first such block.
    static let message = "a paragraph of more than \(maxMarks) Markdown marks (< > [ ] ( ) ! * _ ~ ` | - \\) "
        + "or lines: its emphasis, links, lists and quotes are shown as written, since cmark-gfm would take "
        + "minutes over it"

    /// `markdown` with its dense blocks escaped, and the 0-based line of the first one; the
    /// text itself (not copied) and nil when it has none.
    static func tamed(_ markdown: String) -> (text: String, firstLine: Int?) {
        guard markdown.utf8.count > maxMarks else { return (markdown, nil) }
        let blocks = denseBlocks(markdown)
        guard let first = blocks.first else { return (markdown, nil) }
        return markdown.withBytes { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count * 2)
            var at = 0
            for block in blocks {
                out.append(contentsOf: bytes[at..<block.bytes.lowerBound])
                for byte in bytes[block.bytes] {
                    if isPunctuation[Int(byte)] { out.append(92) }
                    out.append(byte)
                }
                at = block.bytes.upperBound
            }
            out.append(contentsOf: bytes[at...])
            return (String(decoding: out, as: UTF8.self), first.line)
        }
    }

    /// The blocks to escape: those with more than `maxMarks` marks and lines, and then the
    /// densest others while the squares of the rest add up past `maxSquares`; their bytes
    /// and first line, in order.
    static func denseBlocks(_ markdown: String) -> [(bytes: Range<Int>, line: Int)] {
        guard markdown.utf8.count > maxMarks else { return [] }
        var blocks = markedBlocks(markdown)
        var squares = 0
        for block in blocks where block.marks <= maxMarks { squares += block.marks * block.marks }
        var escaped = blocks.map { $0.marks > maxMarks }
        if squares > maxSquares {
            for index in blocks.indices.filter({ !escaped[$0] }).sorted(by: { blocks[$0].marks > blocks[$1].marks }) {
                escaped[index] = true
                squares -= blocks[index].marks * blocks[index].marks
                if squares <= maxSquares { break }
            }
        }
        blocks = blocks.indices.filter { escaped[$0] }.map { blocks[$0] }
        return blocks.map { ($0.bytes, $0.line) }
    }

    /// Every block of more than a few marks: its bytes, first line and marks.
    private static func markedBlocks(_ markdown: String) -> [(bytes: Range<Int>, line: Int, marks: Int)] {
        markdown.withBytes { bytes in
            var found: [(bytes: Range<Int>, line: Int, marks: Int)] = []
            var start = 0, startLine = 0, line = 0, marks = 0
            var blank = true  // the current line has only spaces and tabs so far
            var i = 0
            func close(_ end: Int) {
                if marks > 50 { found.append((start..<end, startLine, marks)) }
                marks = 0
            }
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 10 {
                    if blank {
                        close(i)
                        start = i + 1
                        startLine = line + 1
                    } else {
                        marks += 1
                    }
                    line += 1
                    blank = true
                } else {
                    if byte != 32, byte != 9 { blank = false }
                    if isMark[Int(byte)] { marks += 1 }
                }
                i += 1
            }
            close(bytes.count)
            return found
        }
    }

    /// The bytes that open or close something in cmark-gfm's inline and block parsing.
    private static let isMark: [Bool] = (0..<256).map { Array("<>[]()!*_~`|-\\".utf8).contains(UInt8($0)) }

    /// ASCII punctuation: what a backslash may escape in CommonMark.
    private static let isPunctuation: [Bool] = (0..<256).map { Array("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".utf8).contains(UInt8($0)) }
}
