/// A value of a PDF file's object syntax (ISO 32000-1, 7.3): what Blotter needs to read
/// and rewrite the PDFs Chromium prints (see `PDFMerger`).
enum PDFValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    /// A real number, kept as written (it is copied, never computed with).
    case real(String)
    /// A string's bytes, escapes decoded.
    case string([UInt8])
    /// A name without its slash, `#xx` escapes decoded.
    case name(String)
    case array([PDFValue])
    case dictionary(PDFDictionary)
    /// An indirect reference, by object number (the generation is always 0 in what Blotter writes).
    case reference(Int)

    var dictionary: PDFDictionary? { if case .dictionary(let value) = self { value } else { nil } }
    var array: [PDFValue]? { if case .array(let value) = self { value } else { nil } }
    var reference: Int? { if case .reference(let value) = self { value } else { nil } }
    var integer: Int? { if case .integer(let value) = self { value } else { nil } }
    var name: String? { if case .name(let value) = self { value } else { nil } }

    /// This value with every reference `n` replaced by `change(n)`.
    func renumbered(_ change: (Int) -> Int) -> PDFValue {
        switch self {
        case .reference(let number): .reference(change(number))
        case .array(let items): .array(items.map { $0.renumbered(change) })
        case .dictionary(let dictionary): .dictionary(dictionary.mapValues { $0.renumbered(change) })
        default: self
        }
    }

    /// The references in this value, depth first.
    func forEachReference(_ body: (Int) -> Void) {
        switch self {
        case .reference(let number): body(number)
        case .array(let items): items.forEach { $0.forEachReference(body) }
        case .dictionary(let dictionary): dictionary.entries.forEach { $0.value.forEachReference(body) }
        default: break
        }
    }
}

/// A PDF dictionary, its entries in file order (so that what is written is stable).
struct PDFDictionary: Equatable, Sendable {
    var entries: [(key: String, value: PDFValue)] = []

    static func == (left: PDFDictionary, right: PDFDictionary) -> Bool {
        left.entries.elementsEqual(right.entries) { $0.key == $1.key && $0.value == $1.value }
    }

    subscript(key: String) -> PDFValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    func mapValues(_ transform: (PDFValue) -> PDFValue) -> PDFDictionary {
        PDFDictionary(entries: entries.map { ($0.key, transform($0.value)) })
    }
}

/// An indirect object: its value and, for a stream, the stream's bytes as stored (still encoded).
struct PDFObject: Sendable {
    var value: PDFValue
    var stream: ArraySlice<UInt8>?
}

/// Why a PDF could not be read or merged.
struct PDFError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A PDF file with a classic cross-reference table and no incremental updates, which is
/// what Chromium (Skia) writes; anything else is refused with a `PDFError`.
struct PDFFile: Sendable {
    /// The objects by number.
    var objects: [Int: PDFObject]
    /// The trailer dictionary.
    var trailer: PDFDictionary

    init(bytes: [UInt8]) throws(PDFError) {
        var reader = PDFReader(bytes: bytes)
        let (offsets, trailer) = try reader.crossReference()
        var objects: [Int: PDFObject] = [:]
        objects.reserveCapacity(offsets.count)
        for (number, offset) in offsets {
            objects[number] = try reader.object(number, at: offset, offsets: offsets)
        }
        self.objects = objects
        self.trailer = trailer
    }

    /// One more than the highest object number.
    var size: Int { (objects.keys.max() ?? 0) + 1 }

    /// The value of `value`, following a reference.
    func resolve(_ value: PDFValue?) -> PDFValue? {
        if case .reference(let number)? = value { return objects[number]?.value }
        return value
    }

    /// The document catalog.
    func catalog() throws(PDFError) -> PDFDictionary {
        guard let catalog = resolve(trailer["Root"])?.dictionary else { throw PDFError("the PDF has no catalog") }
        return catalog
    }

    /// The page objects' numbers, in order.
    func pages() throws(PDFError) -> [Int] {
        guard let root = try catalog()["Pages"]?.reference else { throw PDFError("the PDF has no page tree") }
        var pages: [Int] = []
        var pending = [root]
        var seen: Set<Int> = []
        while let number = pending.popLast() {
            guard seen.insert(number).inserted, let node = objects[number]?.value.dictionary else {
                throw PDFError("the page tree is broken at object \(number)")
            }
            if let kids = node["Kids"]?.array {
                pending += kids.compactMap(\.reference).reversed()
            } else {
                pages.append(number)
            }
        }
        return pages
    }

    /// The entries of a name tree or number tree (7.9.6, 7.9.7) rooted at `root`, in order;
    /// `leafKey` is `Names` or `Nums`.
    func treeEntries(_ root: PDFValue?, leafKey: String) throws(PDFError) -> [(key: PDFValue, value: PDFValue)] {
        var entries: [(key: PDFValue, value: PDFValue)] = []
        var pending: [PDFValue] = root.map { [$0] } ?? []
        var seen: Set<Int> = []
        while let next = pending.popLast() {
            if let number = next.reference, !seen.insert(number).inserted { throw PDFError("a \(leafKey) tree loops") }
            guard let node = resolve(next)?.dictionary else { throw PDFError("a \(leafKey) tree is broken") }
            if let items = node[leafKey]?.array {
                guard items.count % 2 == 0 else { throw PDFError("a \(leafKey) array has an odd length") }
                for index in stride(from: 0, to: items.count, by: 2) { entries.append((items[index], items[index + 1])) }
            }
            pending += (node["Kids"]?.array ?? []).reversed()
        }
        return entries
    }
}

/// Reads PDF syntax from bytes.
struct PDFReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    // MARK: Cross-reference table

    /// The objects' offsets and the trailer.
    mutating func crossReference() throws(PDFError) -> ([Int: Int], PDFDictionary) {
        guard let start = lastOffset(of: Array("startxref".utf8)) else { throw PDFError("the PDF has no startxref") }
        position = start + 9
        guard case .integer(let table)? = try? value(), table >= 0, table < bytes.count else {
            throw PDFError("the PDF's startxref is not an offset")
        }
        position = table
        guard keyword() == "xref" else {
            throw PDFError("the PDF has a cross-reference stream, which Blotter does not read")
        }
        var offsets: [Int: Int] = [:]
        while true {
            skipSpace()
            let save = position
            if keyword() == "trailer" { break }
            position = save
            guard case .integer(let first)? = try? value(), case .integer(let count)? = try? value(), count >= 0 else {
                throw PDFError("the cross-reference table is broken")
            }
            for number in first..<(first + count) {
                guard case .integer(let offset)? = try? value(), case .integer? = try? value() else {
                    throw PDFError("the cross-reference table is broken")
                }
                if keyword() == "n", number > 0 { offsets[number] = offset }
            }
        }
        guard let trailer = try value().dictionary else { throw PDFError("the PDF's trailer is not a dictionary") }
        if trailer["Prev"] != nil { throw PDFError("the PDF was updated incrementally, which Blotter does not read") }
        if trailer["Encrypt"] != nil { throw PDFError("the PDF is encrypted") }
        return (offsets, trailer)
    }

    /// The offset of the last occurrence of `word`.
    private func lastOffset(of word: [UInt8]) -> Int? {
        var index = bytes.count - word.count
        let floor = max(0, bytes.count - 4096)
        while index >= floor {
            if bytes[index..<index + word.count].elementsEqual(word) { return index }
            index -= 1
        }
        return nil
    }

    // MARK: Objects

    /// Object `number`, which starts at `offset` (`N G obj`).
    mutating func object(_ number: Int, at offset: Int, offsets: [Int: Int]) throws(PDFError) -> PDFObject {
        guard offset >= 0, offset < bytes.count else { throw PDFError("object \(number) is outside the file") }
        position = offset
        guard case .integer(number)? = try? value(), case .integer? = try? value(), keyword() == "obj" else {
            throw PDFError("object \(number) is not where the cross-reference table says")
        }
        let value = try value()
        skipSpace()
        let save = position
        guard keyword() == "stream" else {
            position = save
            return PDFObject(value: value, stream: nil)
        }
        if position < bytes.count, bytes[position] == 13 { position += 1 }
        if position < bytes.count, bytes[position] == 10 { position += 1 }
        var length = value.dictionary?["Length"]
        if let target = length?.reference, let lengthOffset = offsets[target] {
            var inner = PDFReader(bytes: bytes)
            length = try inner.object(target, at: lengthOffset, offsets: [:]).value
        }
        guard let count = length?.integer, count >= 0, position + count <= bytes.count else {
            throw PDFError("stream object \(number) has no usable /Length")
        }
        return PDFObject(value: value, stream: bytes[position..<position + count])
    }

    // MARK: Values

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 10 || byte == 13 || byte == 9 || byte == 12 || byte == 0
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"): true
        default: false
        }
    }

    private static func isRegular(_ byte: UInt8) -> Bool { !isSpace(byte) && !isDelimiter(byte) }

    /// Skips white space and comments.
    mutating func skipSpace() {
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isSpace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "%") {
                while position < bytes.count, bytes[position] != 10, bytes[position] != 13 { position += 1 }
            } else {
                return
            }
        }
    }

    /// The run of regular characters at the position (after white space), as text.
    mutating func keyword() -> String {
        skipSpace()
        let start = position
        while position < bytes.count, Self.isRegular(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// The value at the position.
    mutating func value() throws(PDFError) -> PDFValue {
        skipSpace()
        guard position < bytes.count else { throw PDFError("the PDF ends inside a value") }
        switch bytes[position] {
        case UInt8(ascii: "/"):
            position += 1
            return .name(name())
        case UInt8(ascii: "("):
            position += 1
            return .string(try literalString())
        case UInt8(ascii: "<"):
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "<") {
                position += 2
                return .dictionary(try dictionary())
            }
            position += 1
            return .string(try hexString())
        case UInt8(ascii: "["):
            position += 1
            var items: [PDFValue] = []
            while true {
                skipSpace()
                guard position < bytes.count else { throw PDFError("the PDF ends inside an array") }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                items.append(try value())
            }
        default:
            let start = position
            let word = keyword()
            guard !word.isEmpty else { throw PDFError("unexpected character at offset \(start)") }
            switch word {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default: break
            }
            guard let number = Int(word) else {
                guard Double(word) != nil else { throw PDFError("unexpected keyword \(word) at offset \(start)") }
                return .real(word)
            }
            // `N G R` is a reference.
            let save = position
            if Int(keyword()) != nil, keyword() == "R" { return .reference(number) }
            position = save
            return .integer(number)
        }
    }

    private mutating func name() -> String {
        var out: [UInt8] = []
        while position < bytes.count, Self.isRegular(bytes[position]) {
            let byte = bytes[position]
            if byte == UInt8(ascii: "#"), position + 2 < bytes.count,
               let high = Self.hexDigit(bytes[position + 1]), let low = Self.hexDigit(bytes[position + 2]) {
                out.append(high << 4 | low)
                position += 3
            } else {
                out.append(byte)
                position += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func dictionary() throws(PDFError) -> PDFDictionary {
        var dictionary = PDFDictionary()
        while true {
            skipSpace()
            guard position + 1 < bytes.count else { throw PDFError("the PDF ends inside a dictionary") }
            if bytes[position] == UInt8(ascii: ">"), bytes[position + 1] == UInt8(ascii: ">") {
                position += 2
                return dictionary
            }
            guard case .name(let key) = try value() else { throw PDFError("a dictionary key is not a name") }
            dictionary.entries.append((key, try value()))
        }
    }

    private mutating func literalString() throws(PDFError) -> [UInt8] {
        var out: [UInt8] = []
        var depth = 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                out.append(byte)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return out }
                out.append(byte)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case 13:
                    if position < bytes.count, bytes[position] == 10 { position += 1 }
                case 10: break
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var code = Int(escaped - UInt8(ascii: "0"))
                    for _ in 0..<2 {
                        guard position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[position]) else { break }
                        code = code * 8 + Int(bytes[position] - UInt8(ascii: "0"))
                        position += 1
                    }
                    out.append(UInt8(truncatingIfNeeded: code))
                default: out.append(escaped)
                }
            default:
                out.append(byte)
            }
        }
        throw PDFError("the PDF ends inside a string")
    }

    private mutating func hexString() throws(PDFError) -> [UInt8] {
        var digits: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: ">") {
                if digits.count % 2 == 1 { digits.append(0) }
                return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
            }
            if let digit = Self.hexDigit(byte) { digits.append(digit) } else if !Self.isSpace(byte) {
                throw PDFError("a hexadecimal string holds \(Character(Unicode.Scalar(byte)))")
            }
        }
        throw PDFError("the PDF ends inside a string")
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Writes objects as a PDF file with a classic cross-reference table.
struct PDFWriter {
    private(set) var bytes: [UInt8] = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
    private var offsets: [Int] = []

    /// Appends object `offsets.count + 1`; objects must be added numbered 1, 2, 3, ...
    /// Each reference `n` in it is written as `references(n)`.
    mutating func add(_ object: PDFObject, references: (Int) -> Int = { $0 }) {
        offsets.append(bytes.count)
        append("\(offsets.count) 0 obj\n")
        var value = object.value
        if let stream = object.stream, case .dictionary(var dictionary) = value {
            dictionary["Length"] = .integer(stream.count)
            value = .dictionary(dictionary)
        }
        write(value, references)
        if let stream = object.stream {
            append(" stream\n")
            bytes += stream
            append("\nendstream")
        }
        append("\nendobj\n")
    }

    /// The finished file, with `trailer` (its `/Size` is set here).
    mutating func finish(trailer: PDFDictionary) -> [UInt8] {
        let table = bytes.count
        append("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n")
        for offset in offsets {
            let digits = String(offset)
            append(String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n")
        }
        var trailer = trailer
        trailer["Size"] = .integer(offsets.count + 1)
        append("trailer\n")
        write(.dictionary(trailer), { $0 })
        append("\nstartxref\n\(table)\n%%EOF\n")
        return bytes
    }

    private mutating func append(_ text: String) { bytes += text.utf8 }

    private mutating func write(_ value: PDFValue, _ references: (Int) -> Int) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .integer(let number): append(String(number))
        case .real(let text): append(text)
        case .reference(let number): append("\(references(number)) 0 R")
        case .name(let name): writeName(name)
        case .string(let content):
            bytes.append(UInt8(ascii: "("))
            for byte in content {
                switch byte {
                case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                    bytes += [UInt8(ascii: "\\"), byte]
                case 0x20...0x7E:
                    bytes.append(byte)
                default:
                    let octal = String(byte, radix: 8)
                    append("\\" + String(repeating: "0", count: 3 - octal.count) + octal)
                }
            }
            bytes.append(UInt8(ascii: ")"))
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(32) }
                write(item, references)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            append("<<")
            for (key, item) in dictionary.entries {
                writeName(key)
                bytes.append(32)
                write(item, references)
                bytes.append(10)
            }
            append(">>")
        }
    }

    /// Bytes written as they are in a name; the others are written `#xx`.
    private static let plainInName: [Bool] = (0...255).map { byte in
        byte > 0x20 && byte < 0x7F && !"#()<>[]{}/%".utf8.contains(UInt8(byte))
    }

    private mutating func writeName(_ name: String) {
        bytes.append(UInt8(ascii: "/"))
        for byte in name.utf8 {
            if Self.plainInName[Int(byte)] {
                bytes.append(byte)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                append("#" + (hex.count == 1 ? "0" : "") + hex)
            }
        }
    }
}
