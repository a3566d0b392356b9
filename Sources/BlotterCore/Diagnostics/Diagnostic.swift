/// A problem found in the user's content or templates, located in a file.
///
/// Diagnostics are data: every stage collects them instead of stopping at the
/// first one, and the CLI prints them compiler-style.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How bad a problem is: errors stop a build, warnings do not; a note records a decision
    /// (an editorial override) for the build's summary.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
        /// Not a problem: a decision recorded for the summary (an editorial override).
        case note
    }

    /// Error, warning or note.
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
    /// What sort of problem it is, for grouping many of one sort (a terminal shows the
    /// first few warnings of each kind).
    public var kind: Kind

    /// A sort of problem, named as a reader would: `slug`, `timeline order`.
    public struct Kind: RawRepresentable, Sendable, Hashable {
        /// The name, lowercase words: "and 40 more slug warnings".
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Anything not named below.
        public static let other = Kind(rawValue: "other")
        /// Two incidents with one slug (the later is renamed).
        public static let slug = Kind(rawValue: "slug")
        /// Timeline entries out of time order.
        public static let timelineOrder = Kind(rawValue: "timeline order")
        /// A field or setting the format does not know.
        public static let unknownField = Kind(rawValue: "unknown field")
        /// An unsafe address removed.
        public static let unsafeAddress = Kind(rawValue: "unsafe address")
        /// A control character in a value.
        public static let controlCharacter = Kind(rawValue: "control character")
        /// More values than are kept.
        public static let tooMany = Kind(rawValue: "too many values")
        /// Coordinates given by half.
        public static let location = Kind(rawValue: "location")
        /// Markdown a reader will not see as written (a table row too wide, dense markup).
        public static let markdown = Kind(rawValue: "Markdown")
        /// A published fact changed without a correction, or a published report gone
        /// (`published.lock`, docs/editorial.md).
        public static let publishedRecord = Kind(rawValue: "published record")
        /// Text of `blotter new`'s skeleton still in a report.
        public static let placeholder = Kind(rawValue: "placeholder")
        /// A guardrail rule for sensitive reports (docs/editorial.md).
        public static let guardrail = Kind(rawValue: "guardrail")

        /// An author, or an incident (`follows`, `related`), that is not in the site; a loop of
        /// `follows`.
        public static let reference = Kind(rawValue: "reference")

        /// Whether the preview shows an error of this kind as a warning: a reporter sees the
        /// page while the report is unfinished, and a build still refuses it.
        public var warnsInPreview: Bool {
            self == .publishedRecord || self == .placeholder || self == .guardrail || self == .reference
        }

        /// A photo that cannot be published, or a Markdown image without a description.
        public static let image = Kind(rawValue: "image")

        /// A symbolic link out of the site folder, not followed.
        public static let symbolicLink = Kind(rawValue: "symbolic link")
    }

    /// Creates a diagnostic.
    public init(_ severity: Severity, file: String, line: Int, column: Int, field: String, message: String,
                kind: Kind = .other) {
        self.severity = severity
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
        self.field = field
        self.message = message
        self.kind = kind
    }

    /// The compiler-style line: `PATH:LINE:COL: error: FIELD: message`.
    public var description: String {
        let prefix = "\(file):\(line):\(column): \(severity.rawValue): "
        return field.isEmpty ? prefix + message : prefix + field + ": " + message
    }

    /// Whether this diagnostic stops a build.
    public var isError: Bool { severity == .error }

    /// Whether this diagnostic is a warning.
    public var isWarning: Bool { severity == .warning }
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
