/// A value a template can show: text, a flag, a number, a list or a set of
/// named values. Immutable and `Sendable`, so one page context can be shared by
/// every rendering thread.
public enum TemplateValue: Sendable, Hashable {
    case text(String)
    case bool(Bool)
    case int(Int)
    case list([TemplateValue])
    case map(TemplateFields)
    /// A date's fields (see `DateText.context`), formatted when read.
    indirect case date(DateValue)
    /// A map whose fields are made when a template reads them (see `FieldSource`).
    indirect case fields(FieldSource)

    /// Whether a section `{{#name}}` shows: false, empty text and empty lists do not.
    var isTruthy: Bool {
        switch self {
        case .text(let s): return !s.isEmpty
        case .bool(let b): return b
        case .int: return true
        case .list(let items): return !items.isEmpty
        case .map, .date, .fields: return true
        }
    }

    /// The named child of a map.
    subscript(key: String) -> TemplateValue? { self[TemplateKey(key)] }

    /// The named child of a map, by a key whose hash is already known (templates keep them).
    subscript(key: TemplateKey) -> TemplateValue? {
        switch self {
        case .map(let fields): return fields[key]
        case .date(let date): return date[key.name]
        case .fields(let source): return source[key]
        default: return nil
        }
    }

    /// The text a variable tag writes.
    var renderedText: String {
        switch self {
        case .text(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let n): return String(n)
        case .list, .map, .date, .fields: return ""
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .map(TemplateFields(elements))
    }
}

/// A field name with its hash, made once (a template makes its names' keys when parsed).
public struct TemplateKey: Sendable, Hashable {
    let name: String
    let hash: UInt32

    init(_ name: String) {
        self.name = name
        hash = name.fnv1a
    }
}

/// The fields of a map value: a few dozen at most, kept in order with their keys' hashes
/// and found by comparing hashes. Cheaper than a Dictionary, which hashes the name again
/// (with a seeded hasher) at every level of the context stack a template looks through.
public struct TemplateFields: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    private struct Entry: Sendable {
        var hash: UInt32
        var name: String
        var value: TemplateValue
    }

    /// One array (one reference to retain when a map is read).
    private var entries: [Entry] = []

    /// Fields from pairs; a later pair replaces an earlier one of the same name.
    init(_ pairs: [(String, TemplateValue)]) {
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// Fields from a dictionary (`extra` values), in name order.
    init(_ dictionary: [String: TemplateValue]) {
        self.init(dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    public init(dictionaryLiteral elements: (String, TemplateValue)...) { self.init(elements) }

    subscript(key: TemplateKey) -> TemplateValue? {
        guard let i = index(key) else { return nil }
        return entries[i].value
    }

    subscript(name: String) -> TemplateValue? {
        get { self[TemplateKey(name)] }
        set {
            let key = TemplateKey(name)
            if let i = index(key) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                // Maps are filled a field at a time: room for eight at once, not one, two, four...
                if entries.count == entries.capacity { entries.reserveCapacity(max(8, entries.count * 2)) }
                entries.append(Entry(hash: key.hash, name: name, value: newValue))
            }
        }
    }

    private func index(_ key: TemplateKey) -> Int? {
        var i = 0
        while i < entries.count {
            if entries[i].hash == key.hash, entries[i].name == key.name { return i }
            i += 1
        }
        return nil
    }

    /// These fields with those of `other` added (replacing any of the same name).
    func merging(_ other: TemplateFields) -> TemplateFields {
        var merged = self
        for entry in other.entries { merged[entry.name] = entry.value }
        return merged
    }

    /// Equal when they hold the same names with equal values, in any order.
    public static func == (lhs: TemplateFields, rhs: TemplateFields) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.entries.allSatisfy { rhs[$0.name] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            hasher.combine(entry.name)
            hasher.combine(entry.value)
        }
    }

    /// The same, hashed alike in every run (see `StableHasher`).
    func stableHash(into hasher: inout StableHasher) {
        hasher.combine(entries.count)
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            hasher.combine(entry.name)
            entry.value.stableHash(into: &hasher)
        }
    }
}

extension TemplateValue {
    /// An optional field that a file leaves out: empty text, so `{{name}}` writes nothing and
    /// `{{#name}}` does not show. A field a value can have is always set, to this when it is
    /// missing: Mustache looks a missing name up in the outer contexts, and a statement
    /// without a date would show the incident's date, a source without a link the page's.
    static let absent: TemplateValue = .text("")
}

extension Optional where Wrapped == String {
    /// `.text` when present, else `.absent`.
    var templateText: TemplateValue { map(TemplateValue.text) ?? .absent }
}

extension Optional where Wrapped == TemplateValue {
    /// The value when present, else `.absent`.
    var orAbsent: TemplateValue { self ?? .absent }
}

/// Fields made on reading, for values that pages repeat thousands of times and
/// templates read few fields of (an incident's card in listings). Equal and
/// hashed by the given fields, `identity` and `revision`, which name what the others are made from
/// (an incident's slug and reading). The other fields are `make(index, name)`: one maker
/// serves every value of a kind.
public struct FieldSource: Sendable, Hashable {
    let given: TemplateFields
    let identity: String
    let revision: Int
    let index: Int
    let make: @Sendable (Int, String) -> TemplateValue?

    subscript(key: TemplateKey) -> TemplateValue? { given[key] ?? make(index, key.name) }

    public static func == (lhs: FieldSource, rhs: FieldSource) -> Bool {
        lhs.identity == rhs.identity && lhs.revision == rhs.revision && lhs.given == rhs.given
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identity)
        hasher.combine(revision)
        hasher.combine(given)
    }
}
