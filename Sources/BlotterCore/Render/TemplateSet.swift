internal import Foundation

/// The Mustache templates of a site, checked: every page kind has its
/// template, every partial exists, and syntax errors point at the file.
public struct TemplateSet: Sendable {
    /// One template per kind of page.
    public enum Kind: String, Sendable, CaseIterable {
        case incident, index, listing, taxonomy, page, withdrawn, corrections, author, thread
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
            case .withdrawn: return "the page of each withdrawn report"
            case .corrections: return "/corrections/, every correction and clarification"
            case .author: return "the page of each author of Content/authors/"
            case .thread: return "the page of each story thread (incidents linked by `follows`)"
            }
        }
    }

    /// The partial rendered once per incident into `card_html` for listings.
    static let cardPartial = "partials/card"

    let library: TemplateLibrary
    /// By template name, a hash of its text and of every partial and parent it uses:
    /// a page's fingerprint includes it, so the preview re-renders only the pages
    /// whose templates changed.
    let closureHashes: [String: UInt64]
    /// By template name, the file it was read from (`Templates/incident.mustache` or
    /// `(theme)/incident.mustache`), for messages.
    let files: [String: String]

    /// Parses and checks `templates` (paths like `Templates/incident.mustache`).
    /// `search: true` also needs `search.mustache`.
    /// Named briefings in site.yml also need `briefing.mustache`.
    public static func load(_ templates: [SourceFile], search: Bool = false,
                            briefings: Bool = false) -> (TemplateSet?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var parsed: [String: Template] = [:]
        let files = templates.filter { !$0.path.hasPrefix("Templates/assets/") && !$0.path.hasPrefix(Theme.label + "assets/") }
        for file in files {
            diagnostics += file.notes
            do {
                parsed[templateName(file.path)] = try Template(parsing: file.text)
            } catch {
                diagnostics.append(Diagnostic(.error, file: file.path, line: error.line, column: error.column,
                                              field: "template", message: error.message))
            }
        }
        let names = Set(files.map { templateName($0.path) })
        for file in files {
            for reference in parsed[templateName(file.path)]?.references ?? [] where !names.contains(reference.name) {
                diagnostics.append(Diagnostic(
                    .error, file: file.path, line: reference.line, column: reference.column, field: "template",
                    message: "partial \"\(reference.name)\" not found (expected Templates/\(reference.name).mustache)"))
            }
        }
        for kind in Kind.allCases where !names.contains(kind.rawValue) {
            diagnostics.append(Diagnostic(.error, file: "Templates/\(kind.rawValue).mustache", line: 1, column: 1,
                                          field: "template", message: "missing; it renders \(kind.purpose)"))
        }
        if search, !names.contains("search") {
            diagnostics.append(Diagnostic(.error, file: "Templates/search.mustache", line: 1, column: 1, field: "template",
                                          message: "missing; it renders /search/, which `search: true` in site.yml asks for"))
        }
        if briefings, !names.contains(Briefing.template) {
            diagnostics.append(missingBriefing(because: "the `briefings` of site.yml need it"))
        }
        guard !diagnostics.containsErrors else { return (nil, diagnostics) }
        let hashes = Dictionary(files.map { (templateName($0.path), StableHasher.hash($0.text)) }) { first, _ in first }
        let closures = Dictionary(uniqueKeysWithValues: hashes.keys.map { name in
            (name, closureHash(name, templates: parsed, sourceHashes: hashes))
        })
        let paths = Dictionary(files.map { (templateName($0.path), $0.path) }) { first, _ in first }
        return (TemplateSet(library: TemplateLibrary(templates: parsed), closureHashes: closures, files: paths), diagnostics)
    }

    /// The hash of the texts of `name` and of every partial and parent it uses, however deep.
    func closureHash(_ name: String) -> UInt64 { closureHashes[name] ?? 0 }

    private static func closureHash(_ name: String, templates: [String: Template], sourceHashes: [String: UInt64]) -> UInt64 {
        var hasher = StableHasher()
        var seen: Set<String> = []
        var pending = [name]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            hasher.combine(next)
            hasher.combine(sourceHashes[next] ?? 0)
            pending += (templates[next]?.references ?? []).map(\.name).sorted()
        }
        return hasher.finalize()
    }

    /// Whether a template of that name exists.
    func has(_ name: String) -> Bool { library.has(name) }

    /// An error for the first template a rendering of which was stopped at the limits (200
    /// million operations or 1 GiB for one page), if one was: its page is cut short and must
    /// not be published.
    var overrun: BlotterError? {
        library.overrun.map { name in
            BlotterError(path: files[name] ?? "Templates/\(name).mustache", reason: .invalidOption(
                "rendering a page took more than 20 million steps or 1 GiB, and was stopped; "
                    + "does a partial include itself more than once?"))
        }
    }

    /// The diagnostic for a missing `briefing.mustache`.
    static func missingBriefing(because reason: String) -> Diagnostic {
        Diagnostic(.error, file: "Templates/\(Briefing.template).mustache", line: 1, column: 1, field: "template",
                   message: "missing; it renders briefings, and \(reason)")
    }

    /// Renders the template of `kind` over `context`, as UTF-8.
    func render(_ kind: Kind, _ context: TemplateValue) -> [UInt8] {
        library.render(kind.rawValue, context) ?? []
    }

    /// Renders any template by name, as UTF-8; nil when it does not exist.
    func renderBytes(named name: String, _ context: TemplateValue, capacity: Int = TemplateLibrary.pageCapacity) -> [UInt8]? {
        library.render(name, context, capacity: capacity)
    }

    /// Renders any template by name (for briefings and cards); nil when it does not exist.
    package func render(named name: String, _ context: TemplateValue, capacity: Int = TemplateLibrary.pageCapacity) -> String? {
        renderBytes(named: name, context, capacity: capacity).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `Templates/partials/card.mustache` (or the theme's `(theme)/partials/card.mustache`) -> `partials/card`.
    static func templateName(_ path: String) -> String {
        var name = path
        for prefix in ["Templates/", Theme.label] where name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
        if name.hasSuffix(".mustache") { name.removeLast(".mustache".count) }
        return name
    }
}
