public import Foundation

/// Stage 2, parse: a plain page from `Content/pages/`.
public enum PageParser {
    /// Parses `file`, whose URL comes from its path below `Content/pages/`
    /// unless it has a `slug`.
    public static func parse(_ file: SourceFile, timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> (Page?, [Diagnostic]) {
        var (reader, f, body): (FieldReader, Fields, String)
        switch FieldReader.open(file) {
        case .read(let r, let fields, let b, _): (reader, f, body) = (r, fields, b)
        case .failed(let diagnostics): return (nil, diagnostics)
        }
        let title = reader.requiredString(&f, "title")
        let summary = f.take("summary").flatMap { reader.string($0, "summary") }
        let draft = reader.bool(f.take("draft"), "draft") ?? false
        let updated = f.take("updated").flatMap { reader.moment($0, "updated", zone: timeZone) }
        var slug = defaultSlug(file.path)
        if let node = f.take("slug"), let text = reader.string(node, "slug") {
            if Slug.isValid(text) { slug = text } else {
                reader.error("slug", at: node, "expected up to 200 lowercase letters, digits and '-', found \(quoted(text))")
            }
        }
        let aliases = reader.aliases(f.take("aliases"))
        let image = f.take("image").flatMap { reader.image($0) }
        var extra: [String: ExtraValue] = [:]
        for entry in f.unknown {
            reader.warning(entry.name, at: entry.key, "unknown field (templates can still use it as content.extra.\(entry.name))",
                           kind: .unknownField)
            extra[entry.name] = reader.extra(entry.value, field: entry.name, key: entry.key)
        }
        guard let title, !reader.diagnostics.containsErrors else { return (nil, reader.diagnostics) }
        var page = Page(path: file.path, title: title, summary: summary, slug: slug, draft: draft,
                        updated: updated?.instant, extra: extra, image: image, body: body)
        page.aliases = aliases
        return (page, reader.diagnostics)
    }

    /// `Content/pages/policies/Corrections.md` -> `policies/corrections`.
    static func defaultSlug(_ path: String) -> String {
        let relative = path.hasPrefix("Content/pages/") ? String(path.dropFirst("Content/pages/".count)) : path
        let withoutExtension = relative.hasSuffix(".md") ? String(relative.dropLast(3)) : relative
        let parts = withoutExtension.split(separator: "/").map { Slug.make(String($0)) }.filter { !$0.isEmpty }
        if parts.last == "index" { return parts.dropLast().joined(separator: "/") }
        return parts.joined(separator: "/")
    }
}
