/// A fast reader for the block-style YAML that front matter is written in:
/// mappings with plain keys, lists (`- `), plain, quoted and block (`|`, `>`)
/// scalars, and one-line `[a, b]` / `{k: v}` collections. Its tree is the one Yams
/// composes (same text, same positions); for anything else, including every
/// syntax error, it says `.notHandled` and Yams reads the text instead.
///
/// Yams builds, hashes and copies general nodes and was half of parsing a big
/// site; this reads the common shape in one pass over the bytes.
struct QuickYAML {
    enum Outcome {
        case document(YAMLNode?)
        case notHandled
    }

    /// Raised for anything outside the subset: the caller falls back to Yams.
    fileprivate struct NotHandled: Error {}

    private let bytes: [UInt8]
    /// The offset where each line starts.
    private let lineStarts: [Int]
    /// The line being read.
    private var line = 0
    /// How many collections enclose the one being read.
    private var depth = 0
    /// Deeper nesting is left to Yams (which stops at 1,000 levels); no front matter needs it.
    private static let maxDepth = 64

    static func compose(_ yaml: String) -> Outcome {
        guard var parser = QuickYAML(yaml) else { return .notHandled }
        do {
            return .document(try parser.document())
        } catch {
            return .notHandled
        }
    }

    /// Nil when the text has bytes the subset leaves to Yams: tabs, control and
    /// non-printable characters, YAML's other line breaks (NEL, LS, PS), a BOM.
    private init?(_ yaml: String) {
        let bytes = Array(yaml.utf8)
        guard let starts = Self.lineStarts(bytes) else { return nil }
        let count = bytes.count
        for start in starts where start < count {
            // Document markers and directives.
            let b = bytes[start]
            if b == 37 { return nil }
            if start + 2 < count, b == 45 || b == 46, bytes[start + 1] == b, bytes[start + 2] == b { return nil }
        }
        self.bytes = bytes
        self.lineStarts = starts
    }

    /// Where each line of `bytes` starts, or nil when a byte is outside the subset. Sixteen
    /// bytes at a time are skipped when none is a control character, DEL, or the first byte
    /// of NEL (C2), LS and PS (E2) or a BOM or noncharacter (EF).
    private static func lineStarts(_ bytes: [UInt8]) -> [Int]? {
        bytes.withUnsafeBufferPointer { bytes -> [Int]? in
            var starts = [0]
            starts.reserveCapacity(bytes.count / 32 + 1)
            let count = bytes.count
            /// Looks at byte `i`: false when it is outside the subset.
            func accept(_ i: Int) -> Bool {
                let b = bytes[i]
                if b == 10 {
                    if i + 1 < count { starts.append(i + 1) }
                } else if b < 32 || b == 127 {
                    return false
                } else if b == 0xC2, i + 1 < count, (0x80...0x9F).contains(bytes[i + 1]) {
                    return false
                } else if b == 0xE2, i + 2 < count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                    return false
                } else if b == 0xEF, i + 2 < count,
                          (bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF) || (bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE) {
                    return false
                }
                return true
            }
            var i = 0
            if let base = bytes.baseAddress {
                let space = SIMD16<UInt8>(repeating: 32), delete = SIMD16<UInt8>(repeating: 127)
                let c2 = SIMD16<UInt8>(repeating: 0xC2), e2 = SIMD16<UInt8>(repeating: 0xE2)
                let ef = SIMD16<UInt8>(repeating: 0xEF)
                while i + 16 <= count {
                    let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
                    if any((v .< space) .| (v .== delete) .| (v .== c2) .| (v .== e2) .| (v .== ef)) {
                        for j in i..<i + 16 where !accept(j) { return nil }
                    }
                    i += 16
                }
            }
            while i < count {
                guard accept(i) else { return nil }
                i += 1
            }
            return starts
        }
    }
}

// MARK: - Lines

private extension QuickYAML {
    var lineCount: Int { bytes.isEmpty ? 0 : lineStarts.count }

    func start(_ l: Int) -> Int { lineStarts[l] }

    /// The offset of line `l`'s newline (or the end of the text).
    func end(_ l: Int) -> Int { l + 1 < lineStarts.count ? lineStarts[l + 1] - 1 : (bytes.last == 10 ? bytes.count - 1 : bytes.count) }

    /// Whether line `l` ends with a newline.
    func hasNewline(_ l: Int) -> Bool { l + 1 < lineStarts.count || bytes.last == 10 }

    func indent(_ l: Int) -> Int {
        var i = start(l)
        let e = end(l)
        while i < e, bytes[i] == 32 { i += 1 }
        return i - start(l)
    }

    func isBlank(_ l: Int) -> Bool { start(l) + indent(l) == end(l) }

    func isBlankOrComment(_ l: Int) -> Bool {
        let i = start(l) + indent(l)
        return i == end(l) || bytes[i] == 35
    }

    mutating func skipIgnorable() {
        while line < lineCount, isBlankOrComment(line) { line += 1 }
    }

    /// The position of offset `o` on line `l`, columns counted in characters.
    func mark(_ l: Int, _ o: Int) -> YAMLMark {
        YAMLMark(line: l + 1, column: 1 + characters(from: start(l), to: o))
    }

    /// The number of characters between two offsets.
    func characters(from: Int, to: Int) -> Int {
        var count = 0
        var i = from
        while i < to {
            if bytes[i] & 0xC0 != 0x80 { count += 1 }
            i += 1
        }
        return count
    }

    func text(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    /// `- ` (or `-` at the end of the line) at offset `o` of the current line.
    func isEntry(_ o: Int) -> Bool {
        bytes[o] == 45 && (o + 1 == end(line) || bytes[o + 1] == 32)
    }

    static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70)
    }

    static func isKeyByte(_ b: UInt8) -> Bool {
        b.isASCIIAlphanumeric || b == 95 || b == 45
    }

    /// The end of a plain key at `o` (the offset of its `:`), when `o` starts `key:` followed by a space or the line's end.
    func keyEnd(_ o: Int) -> Int? {
        let e = end(line)
        guard o < e, bytes[o] != 45 else { return nil }
        var k = o
        while k < e, Self.isKeyByte(bytes[k]) { k += 1 }
        guard k > o, k < e, bytes[k] == 58, k + 1 == e || bytes[k + 1] == 32 else { return nil }
        return k
    }

    /// After a value on the current line: only spaces, then the end or a comment.
    func expectLineEnd(_ from: Int) throws(NotHandled) {
        var i = from
        let e = end(line)
        while i < e, bytes[i] == 32 { i += 1 }
        guard i == e || (bytes[i] == 35 && i > from) else { throw NotHandled() }
    }
}

// MARK: - Block structure

private extension QuickYAML {
    mutating func document() throws(NotHandled) -> YAMLNode? {
        skipIgnorable()
        guard line < lineCount else { return nil }
        let node = try blockNode(start(line) + indent(line), parentIndent: -1)
        skipIgnorable()
        guard line == lineCount else { throw NotHandled() }
        return node
    }

    /// A list or mapping starting at offset `o` of the current line.
    mutating func blockNode(_ o: Int, parentIndent: Int) throws(NotHandled) -> YAMLNode {
        if isEntry(o) { return try sequence(o) }
        if keyEnd(o) != nil { return try mapping(o) }
        throw NotHandled()
    }

    /// Enters one more level of nesting (deeper is left to Yams); pair with `depth -= 1`.
    mutating func enterNesting() throws(NotHandled) {
        guard depth < Self.maxDepth else { throw NotHandled() }
        depth += 1
    }

    /// After an entry of a collection at `indent`: the offset where the next entry's line
    /// starts its content, or nil when the collection ends there.
    mutating func nextEntry(at indent: Int) throws(NotHandled) -> Int? {
        skipIgnorable()
        guard line < lineCount else { return nil }
        let next = self.indent(line)
        if next < indent { return nil }
        guard next == indent else { throw NotHandled() }
        return start(line) + next
    }

    /// A block list whose first `-` is at offset `o` of the current line.
    mutating func sequence(_ first: Int) throws(NotHandled) -> YAMLNode {
        try enterNesting()
        defer { depth -= 1 }
        let indent = first - start(line)
        let sequenceMark = mark(line, first)
        var items: [YAMLNode] = []
        var o = first
        while true {
            var p = o + 1
            let e = end(line)
            while p < e, bytes[p] == 32 { p += 1 }
            if p == e || bytes[p] == 35 {
                line += 1
                skipIgnorable()
                guard line < lineCount, self.indent(line) > indent else { throw NotHandled() }
                items.append(try blockNode(start(line) + self.indent(line), parentIndent: indent))
            } else if isEntry(p) {
                throw NotHandled()
            } else if keyEnd(p) != nil {
                items.append(try mapping(p))
            } else {
                items.append(try inlineValue(p, parentIndent: indent))
            }
            guard let q = try nextEntry(at: indent), isEntry(q) else { break }
            o = q
        }
        return .sequence(items, sequenceMark)
    }

    /// A block mapping whose first key is at offset `first` of the current line.
    mutating func mapping(_ first: Int) throws(NotHandled) -> YAMLNode {
        try enterNesting()
        defer { depth -= 1 }
        let indent = first - start(line)
        let mappingMark = mark(line, first)
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity(8)
        // Duplicate keys (left to Yams) are looked for among the names so far while there
        // are few, as in front matter; a set takes over for long mappings.
        var names: [String] = []
        names.reserveCapacity(8)
        var keys: Set<String>?
        var o = first
        while true {
            guard let colon = keyEnd(o) else { throw NotHandled() }
            let name = text(o, colon)
            if keys == nil, names.count >= 32 { keys = Set(names) }
            if keys == nil {
                guard !names.contains(name) else { throw NotHandled() }
                names.append(name)
            } else {
                guard keys!.insert(name).inserted else { throw NotHandled() }
            }
            let key = YAMLNode.scalar(YAMLScalar(string: name, plain: true, mark: mark(line, o)))
            var p = colon + 1
            let e = end(line)
            while p < e, bytes[p] == 32 { p += 1 }
            let value: YAMLNode
            if p == e || bytes[p] == 35 {
                let empty = YAMLNode.scalar(YAMLScalar(string: "", plain: true, mark: mark(line, colon + 1)))
                line += 1
                skipIgnorable()
                if line < lineCount, self.indent(line) > indent {
                    value = try blockNode(start(line) + self.indent(line), parentIndent: indent)
                } else if line < lineCount, self.indent(line) == indent, isEntry(start(line) + indent) {
                    value = try sequence(start(line) + indent)
                } else {
                    value = empty
                }
            } else {
                value = try inlineValue(p, parentIndent: indent)
            }
            pairs.append(YAMLPair(key: key, value: value))
            guard let q = try nextEntry(at: indent) else { break }
            o = q
        }
        return .mapping(pairs, mappingMark)
    }
}

// MARK: - Scalars and one-line collections

private extension QuickYAML {
    /// The value starting at offset `p` of the current line; leaves `line` after it.
    mutating func inlineValue(_ p: Int, parentIndent: Int) throws(NotHandled) -> YAMLNode {
        switch bytes[p] {
        case 34, 39:
            let (string, after) = try quoted(p)
            try expectLineEnd(after)
            let node = YAMLNode.scalar(YAMLScalar(string: string, plain: false, mark: mark(line, p)))
            line += 1
            return node
        case 124, 62: return try blockScalar(p, parentIndent: parentIndent)
        case 45 where p + 1 < end(line) && bytes[p + 1] != 32:
            return try plainScalar(p, parentIndent: parentIndent)
        case 91, 123: return try flowCollection(p)
        case 38, 42, 33, 37, 64, 96, 35, 44, 93, 125, 63, 58, 45:
            // & * ! % @ ` # , ] } ? : - : anchors, aliases, tags, reserved, or a plain
            // scalar that starts like an indicator; left to Yams.
            throw NotHandled()
        default: return try plainScalar(p, parentIndent: parentIndent)
        }
    }

    /// A plain scalar, folded over the more indented lines that continue it.
    mutating func plainScalar(_ p: Int, parentIndent: Int) throws(NotHandled) -> YAMLNode {
        let scalarMark = mark(line, p)
        let (first, commented) = try plainLine(p)
        var parts = [first]
        line += 1
        if !commented {
            while line < lineCount, !isBlank(line) {
                let ind = indent(line)
                guard ind > parentIndent else { break }
                let q = start(line) + ind
                if Self.indicators.contains(bytes[q]) { throw NotHandled() }
                let (part, commented) = try plainLine(q)
                parts.append(part)
                line += 1
                if commented { break }
            }
            // A blank line inside a plain scalar folds to a newline: left to Yams.
            var next = line
            while next < lineCount, isBlank(next) { next += 1 }
            if next > line, next < lineCount, indent(next) > parentIndent, !isBlankOrComment(next) { throw NotHandled() }
        }
        return .scalar(YAMLScalar(string: parts.count == 1 ? first : parts.joined(separator: " "), plain: true,
                                  mark: scalarMark))
    }

    static let indicators: Set<UInt8> = Set("-?:,[]{}#&*!|>'\"%@`".utf8)

    /// One line of a plain scalar from `p`: its text without trailing spaces, and whether a comment ends it.
    func plainLine(_ p: Int) throws(NotHandled) -> (String, Bool) {
        let e = end(line)
        var i = p
        var last = p
        var commented = false
        while i < e {
            let b = bytes[i]
            if b == 58, i + 1 == e || bytes[i + 1] == 32 { throw NotHandled() }
            if b == 35, i > p, bytes[i - 1] == 32 {
                commented = true
                break
            }
            if b != 32 { last = i + 1 }
            i += 1
        }
        return (text(p, last), commented)
    }

    /// A quoted scalar on one line starting at `p`: its text and the offset after the closing quote.
    func quoted(_ p: Int) throws(NotHandled) -> (String, Int) {
        let e = end(line)
        let quote = bytes[p]
        var out: [UInt8] = []
        var i = p + 1
        while i < e {
            let b = bytes[i]
            if b == quote {
                if quote == 39, i + 1 < e, bytes[i + 1] == 39 {
                    out.append(39)
                    i += 2
                    continue
                }
                return (String(decoding: out, as: UTF8.self), i + 1)
            }
            if quote == 34, b == 92 {
                guard i + 1 < e else { throw NotHandled() }
                i += 1
                switch bytes[i] {
                case 92: out.append(92)
                case 34: out.append(34)
                case 47: out.append(47)
                case 110: out.append(10)
                case 116: out.append(9)
                case 114: out.append(13)
                case 48: out.append(0)
                case 120, 117, 85:
                    let digits = bytes[i] == 120 ? 2 : bytes[i] == 117 ? 4 : 8
                    guard i + digits < e, bytes[(i + 1)...(i + digits)].allSatisfy(Self.isHexDigit),
                          let value = UInt32(text(i + 1, i + 1 + digits), radix: 16),
                          let scalar = Unicode.Scalar(value) else { throw NotHandled() }
                    out.append(contentsOf: String(Character(scalar)).utf8)
                    i += digits
                default: throw NotHandled()
                }
                i += 1
                continue
            }
            out.append(b)
            i += 1
        }
        throw NotHandled()
    }

    /// A literal (`|`) or folded (`>`) block scalar whose indicator is at `p`.
    mutating func blockScalar(_ p: Int, parentIndent: Int) throws(NotHandled) -> YAMLNode {
        enum Chomping { case clip, strip, keep }
        let folded = bytes[p] == 62
        var chomping = Chomping.clip
        var q = p + 1
        if q < end(line), bytes[q] == 45 { chomping = .strip; q += 1 } else if q < end(line), bytes[q] == 43 { chomping = .keep; q += 1 }
        if q < end(line), bytes[q] != 32 { throw NotHandled() }
        try expectLineEnd(q)
        let scalarMark = mark(line, p)
        let first = line + 1
        guard first < lineCount, !isBlank(first) else { throw NotHandled() }
        let contentIndent = indent(first)
        guard contentIndent > parentIndent else { throw NotHandled() }
        var lines: [String?] = []  // nil: a blank line
        var lastContent = first
        var j = first
        while j < lineCount {
            if isBlank(j) {
                guard end(j) - start(j) <= contentIndent else { throw NotHandled() }
                lines.append(nil)
            } else {
                let ind = indent(j)
                if ind < contentIndent { break }
                if folded, ind > contentIndent { throw NotHandled() }
                lines.append(text(start(j) + contentIndent, end(j)))
                lastContent = j
            }
            j += 1
        }
        guard hasNewline(lastContent) else { throw NotHandled() }
        let contentCount = lastContent - first + 1
        var value = ""
        var blanks = 0
        var started = false
        for entry in lines.prefix(contentCount) {
            guard let text = entry else {
                blanks += 1
                continue
            }
            if started {
                if folded {
                    value += blanks == 0 ? " " : String(repeating: "\n", count: blanks)
                } else {
                    value += String(repeating: "\n", count: blanks + 1)
                }
            }
            value += text
            started = true
            blanks = 0
        }
        switch chomping {
        case .strip: break
        case .clip: value += "\n"
        case .keep:
            let trailing = lines.count - contentCount
            if trailing > 0, !hasNewline(j - 1) { throw NotHandled() }
            value += String(repeating: "\n", count: 1 + trailing)
        }
        line = j
        return .scalar(YAMLScalar(string: value, plain: false, mark: scalarMark))
    }

    /// `[a, "b"]` or `{k: v, k2: "w"}` on one line, of scalars only.
    mutating func flowCollection(_ p: Int) throws(NotHandled) -> YAMLNode {
        let isMapping = bytes[p] == 123
        let close: UInt8 = isMapping ? 125 : 93
        let e = end(line)
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var keys: Set<String> = []
        var i = p + 1
        // Positions of the items, counted on from the last (a long line is read once).
        let collectionMark = mark(line, p)
        var cursor = (offset: p, column: collectionMark.column)
        func markAt(_ o: Int) -> YAMLMark {
            cursor = (o, cursor.column + characters(from: cursor.offset, to: o))
            return YAMLMark(line: line + 1, column: cursor.column)
        }
        func skipSpaces() { while i < e, bytes[i] == 32 { i += 1 } }
        skipSpaces()
        if i < e, bytes[i] == close {
            i += 1
        } else {
            while true {
                skipSpaces()
                guard i < e else { throw NotHandled() }
                if isMapping {
                    guard let colon = keyEnd(i) else { throw NotHandled() }
                    let name = text(i, colon)
                    guard keys.insert(name).inserted else { throw NotHandled() }
                    let key = YAMLNode.scalar(YAMLScalar(string: name, plain: true, mark: markAt(i)))
                    i = colon + 1
                    skipSpaces()
                    guard i < e else { throw NotHandled() }
                    let at = markAt(i)
                    pairs.append(YAMLPair(key: key, value: try flowScalar(&i, close: close, mark: at)))
                } else {
                    let at = markAt(i)
                    items.append(try flowScalar(&i, close: close, mark: at))
                }
                skipSpaces()
                guard i < e else { throw NotHandled() }
                if bytes[i] == close {
                    i += 1
                    break
                }
                guard bytes[i] == 44 else { throw NotHandled() }
                i += 1
                skipSpaces()
                if i < e, bytes[i] == close { throw NotHandled() }
            }
        }
        try expectLineEnd(i)
        line += 1
        return isMapping ? .mapping(pairs, collectionMark) : .sequence(items, collectionMark)
    }

    /// A quoted or plain scalar inside `[...]` or `{...}`, from offset `i`, at `mark`.
    func flowScalar(_ i: inout Int, close: UInt8, mark: YAMLMark) throws(NotHandled) -> YAMLNode {
        let e = end(line)
        let startOffset = i
        let b = bytes[i]
        if b == 34 || b == 39 {
            let (string, after) = try quoted(i)
            i = after
            return .scalar(YAMLScalar(string: string, plain: false, mark: mark))
        }
        let negative = b == 45 && i + 1 < e && ![32, 44, close].contains(bytes[i + 1])
        if Self.indicators.contains(b), !negative { throw NotHandled() }
        var last = i
        while i < e {
            let c = bytes[i]
            if c == 44 || c == close { break }
            if c == 58 || c == 35 || c == 91 || c == 93 || c == 123 || c == 125 { throw NotHandled() }
            if c != 32 { last = i + 1 }
            i += 1
        }
        guard last > startOffset else { throw NotHandled() }
        return .scalar(YAMLScalar(string: text(startOffset, last), plain: true, mark: mark))
    }
}
