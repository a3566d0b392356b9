/// A value a template can show: text, a flag, a number, a list or a set of
/// named values. Immutable and `Sendable`, so one page context can be shared by
/// every rendering thread.
public enum TemplateValue: Sendable, Hashable {
    case text(String)
    case bool(Bool)
    case int(Int)
    case list([TemplateValue])
    case map([String: TemplateValue])
    /// A date's fields (see `DateText.context`), formatted when read.
    case date(DateValue)
    /// A map whose fields are made when a template reads them (see `FieldSource`).
    case fields(FieldSource)

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
    subscript(key: String) -> TemplateValue? {
        switch self {
        case .map(let fields): return fields[key]
        case .date(let date): return date[key]
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
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

/// The fields of a map value being built.
typealias TemplateFields = [String: TemplateValue]

extension Optional where Wrapped == String {
    /// `.text` when present, else nil (so the key is left out of a map).
    var templateText: TemplateValue? { map(TemplateValue.text) }
}

/// Fields made on reading, for values that pages repeat thousands of times and
/// templates read few fields of (an incident's card in listings). Equal and
/// hashed by the given fields, `identity` and `revision`, which name what the others are made from
/// (an incident's address and reading).
public struct FieldSource: Sendable, Hashable {
    let given: [String: TemplateValue]
    let identity: String
    let revision: Int
    let make: @Sendable (String) -> TemplateValue?

    subscript(key: String) -> TemplateValue? { given[key] ?? make(key) }

    public static func == (lhs: FieldSource, rhs: FieldSource) -> Bool {
        lhs.identity == rhs.identity && lhs.revision == rhs.revision && lhs.given == rhs.given
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identity)
        hasher.combine(revision)
        hasher.combine(given)
    }
}
