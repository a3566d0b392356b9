/// A parsed Mustache template: the tag tree of one file.
///
/// Supports the Mustache spec: variables (`{{x}}` escaped, `{{{x}}}` and
/// `{{& x}}` raw), dotted names and `{{.}}`, sections and inverted sections,
/// comments, partials `{{> name}}` (a standalone one indented like its tag),
/// inheritance (`{{< parent}}` with `{{$block}}` overrides), set delimiters, and
/// standalone tag lines. Where it departs from the official spec is listed in
/// docs/templates.md ("Mustache spec") and checked by `MustacheSpecTests`.
struct Template: Sendable {
    /// One piece of a template.
    indirect enum Node: Sendable {
        /// Literal text, as UTF-8.
        case text([UInt8])
        case variable(name: [TemplateKey], escaped: Bool)
        case section(name: [TemplateKey], inverted: Bool, children: [Node])
        /// A partial; `indent` is the whitespace before a standalone partial tag, put
        /// before each line of the partial (empty: none).
        case partial(String, indent: [UInt8])
        case parent(String, overrides: [String: [Node]])
        case block(String, defaultContent: [Node])
    }

    /// A partial or parent named by this template, with where it is named.
    struct Reference: Sendable {
        var name: String
        var line: Int
        var column: Int
    }

    /// A syntax error with its position.
    struct ParseError: Error, Sendable {
        var message: String
        var line: Int
        var column: Int
    }

    /// The top-level nodes.
    var nodes: [Node]
    /// Every partial and parent the template uses.
    var references: [Reference]

    /// Parses `text`.
    init(parsing text: String) throws(ParseError) {
        var parser = TemplateParser(text)
        nodes = try parser.parseDocument()
        references = parser.references
    }
}
