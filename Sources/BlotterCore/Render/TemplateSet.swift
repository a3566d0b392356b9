internal import Foundation
internal import Mustache

/// The Mustache templates of a site, checked: every page kind has its
/// template, every partial exists, and syntax errors point at the file.
public struct TemplateSet: Sendable {
    /// One template per kind of page.
    public enum Kind: String, Sendable, CaseIterable {
        case incident, index, listing, taxonomy, page
        case notFound = "404"

        /// What pages the template renders, for messages.
        var purpose: String {
            switch self {
            case .incident: return "every incident page"
            case .index: return "the home page and its numbered pages"
            case .listing: return "the listing of each area, agency, tag, category and status"
            case .taxonomy: return "the overview of each taxonomy (/areas/, /tags/, ...)"
            case .page: return "the pages from Content/pages/"
            case .notFound: return "/404.html"
            }
        }
    }

    let library: MustacheLibrary

    /// Parses and checks `templates` (paths like `Templates/incident.mustache`).
    public static func load(_ templates: [SourceFile]) -> (TemplateSet?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var library = MustacheLibrary()
        var names: Set<String> = []
        for file in templates where !file.path.hasPrefix("Templates/assets/") {
            let name = templateName(file.path)
            names.insert(name)
            do {
                library.register(try MustacheTemplate(string: file.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(Diagnostic(.error, file: file.path, line: error.context.lineNumber,
                                              column: error.context.columnNumber, field: "template",
                                              message: describe(error.error)))
            } catch {
                diagnostics.append(Diagnostic(.error, file: file.path, line: 1, column: 1, field: "template",
                                              message: "\(error)"))
            }
        }
        for file in templates where !file.path.hasPrefix("Templates/assets/") {
            for reference in PartialScanner.references(in: file.text) where !names.contains(reference.name) {
                diagnostics.append(Diagnostic(
                    .error, file: file.path, line: reference.line, column: reference.column, field: "template",
                    message: "partial \"\(reference.name)\" not found (expected Templates/\(reference.name).mustache)"))
            }
        }
        for kind in Kind.allCases where !names.contains(kind.rawValue) {
            diagnostics.append(Diagnostic(.error, file: "Templates/\(kind.rawValue).mustache", line: 1, column: 1,
                                          field: "template", message: "missing; it renders \(kind.purpose)"))
        }
        return (diagnostics.containsErrors ? nil : TemplateSet(library: library), diagnostics)
    }

    /// Renders the template of `kind` over `context`.
    func render(_ kind: Kind, _ context: [String: any Sendable]) -> String {
        library.render(context, withTemplate: kind.rawValue) ?? ""
    }

    /// Renders any template by name (for briefings and feeds).
    func render(named name: String, _ context: [String: any Sendable]) -> String? {
        library.render(context, withTemplate: name)
    }

    /// `Templates/partials/card.mustache` -> `partials/card`.
    static func templateName(_ path: String) -> String {
        var name = path.hasPrefix("Templates/") ? String(path.dropFirst("Templates/".count)) : path
        if name.hasSuffix(".mustache") { name.removeLast(".mustache".count) }
        return name
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a closing tag does not match the section it closes"
        case .unfinishedName: return "a tag is not finished (missing `}}`)"
        case .expectedSectionEnd: return "a section is not closed (missing `{{/name}}`)"
        case .invalidSetDelimiter: return "badly formed set-delimiter tag"
        case .transformAppliedToInheritanceSection: return "a transform cannot be applied to an inherited section"
        case .illegalTokenInsideInheritSection: return "only `{{$block}}` overrides may appear inside `{{<parent}}`"
        case .textInsideInheritSection: return "only `{{$block}}` overrides may appear inside `{{<parent}}`"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "badly formed `{{% ... }}` tag"
        @unknown default: return "\(error)"
        }
    }
}

/// Finds `{{> name}}` and `{{< name}}` tags (default delimiters) with their positions.
enum PartialScanner {
    struct Reference {
        var name: String
        var line: Int
        var column: Int
    }

    static func references(in text: String) -> [Reference] {
        var result: [Reference] = []
        var line = 1
        var column = 1
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "{", text[index...].hasPrefix("{{") {
                var cursor = text.index(index, offsetBy: 2)
                while cursor < text.endIndex, text[cursor] == " " { cursor = text.index(after: cursor) }
                if cursor < text.endIndex, text[cursor] == ">" || text[cursor] == "<",
                   let close = text[cursor...].range(of: "}}") {
                    let name = text[text.index(after: cursor)..<close.lowerBound]
                        .trimmingCharacters(in: .whitespaces)
                    if !name.isEmpty, !name.hasPrefix("*") {
                        result.append(Reference(name: name, line: line, column: column))
                    }
                }
            }
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index = text.index(after: index)
        }
        return result
    }
}
