/// A JSON document built in code: the one JSON encoder of the project, with
/// keys in the order given (so output is stable) and `<`, `>`, `&` escaped
/// (so it is safe inside an HTML `<script>` element).
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// `.string`, or `.null` when absent.
    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// The compact JSON text.
    var text: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text to `out`.
    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.write("null")
        case .bool(let b): out.write(b ? "true" : "false")
        case .int(let n): out.write(String(n))
        case .double(let d): out.write(d.isFinite ? String(d) : "null")
        case .string(let s): JSONText.append(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.append(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
