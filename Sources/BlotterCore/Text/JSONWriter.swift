/// The one JSON encoder of the project: compact JSON written straight into a byte buffer,
/// keys in the order written (so output is stable), strings with `<`, `>`, `&` escaped (so
/// the text is safe inside an HTML `<script>` element). No tree of values is built: the
/// open-data file alone holds a hundred thousand objects in a big site.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next value or key follows another in the same object or array.
    private var needsComma = false

    /// Writes to the end of `out` (moved in and back, not copied).
    static func write(into out: inout [UInt8], _ body: (inout JSONWriter) -> Void) {
        var writer = JSONWriter()
        swap(&writer.bytes, &out)
        body(&writer)
        swap(&writer.bytes, &out)
    }

    /// The JSON of `body` as text.
    static func text(_ body: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    // MARK: Values

    mutating func string(_ value: String) {
        separate()
        JSONText.append(value, to: &bytes)
    }

    /// A string, or `null` when absent.
    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func bool(_ value: Bool) { literal(value ? "true" : "false") }

    mutating func int(_ value: Int?) {
        if let value { literal(String(value)) } else { null() }
    }

    /// A number, or `null` when absent or not finite.
    mutating func double(_ value: Double?) {
        if let value, value.isFinite { literal(String(value)) } else { null() }
    }

    mutating func null() { literal("null") }

    mutating func object(_ body: (inout JSONWriter) -> Void) { nested("{", "}", body) }

    mutating func array(_ body: (inout JSONWriter) -> Void) { nested("[", "]", body) }

    /// An array of strings.
    mutating func strings(_ values: [String]) {
        array { for value in values { $0.string(value) } }
    }

    // MARK: Keys (inside an object)

    /// A key whose value is written next.
    mutating func key(_ name: String) {
        separate()
        JSONText.append(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    mutating func field(_ name: String, _ value: String?) { key(name); string(value) }
    mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    mutating func field(_ name: String, int value: Int?) { key(name); int(value) }
    mutating func field(_ name: String, double value: Double?) { key(name); double(value) }
    mutating func field(_ name: String, strings values: [String]) { key(name); strings(values) }
    mutating func object(_ name: String, _ body: (inout JSONWriter) -> Void) { key(name); object(body) }
    mutating func array(_ name: String, _ body: (inout JSONWriter) -> Void) { key(name); array(body) }

    /// An object or array: `body` writes its members between `open` and `close`.
    private mutating func nested(_ open: Unicode.Scalar, _ close: Unicode.Scalar, _ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: open))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: close))
        needsComma = true
    }

    private mutating func literal(_ text: String) {
        separate()
        bytes.write(text)
    }

    /// Writes the comma owed to an earlier member, and owes one to the next.
    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }
}
