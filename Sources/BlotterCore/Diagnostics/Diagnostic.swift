/// A problem found in the user's content or templates, located in a file.
///
/// Diagnostics are data: every stage collects them instead of stopping at the
/// first one, and the CLI prints them compiler-style.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How bad a problem is: errors stop a build, warnings do not.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// The file, relative to the site folder (for example `Content/incidents/a.md`).
    public var file: String
    /// 1-based line in the file.
    public var line: Int
    /// 1-based column in the line.
    public var column: Int
    /// The field or part at fault (`date`, `timeline[2].text`, `template`), or empty.
    public var field: String
    /// What is wrong and what was expected.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, file: String, line: Int, column: Int, field: String, message: String) {
        self.severity = severity
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
        self.field = field
        self.message = message
    }

    /// The compiler-style line: `PATH:LINE:COL: error: FIELD: message`.
    public var description: String {
        let prefix = "\(file):\(line):\(column): \(severity.rawValue): "
        return field.isEmpty ? prefix + message : prefix + field + ": " + message
    }

    /// Whether this diagnostic stops a build.
    public var isError: Bool { severity == .error }
}

extension Array where Element == Diagnostic {
    /// Whether any of the diagnostics is an error.
    public var containsErrors: Bool { contains(where: \.isError) }

    /// Sorted by file, line and column, so output is the same on every run.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            let (l, r) = (lhs.element, rhs.element)
            if l.file != r.file { return l.file < r.file }
            if l.line != r.line { return l.line < r.line }
            if l.column != r.column { return l.column < r.column }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The diagnostics as a JSON array of `{severity, file, line, column, field, message}`.
    public func jsonArray() -> String {
        guard !isEmpty else { return "[]" }
        let items = map { d in
            "  {\"severity\": \(JSONText.quote(d.severity.rawValue)), \"file\": \(JSONText.quote(d.file)), "
                + "\"line\": \(d.line), \"column\": \(d.column), \"field\": \(JSONText.quote(d.field)), "
                + "\"message\": \(JSONText.quote(d.message))}"
        }
        return "[\n" + items.joined(separator: ",\n") + "\n]"
    }
}
