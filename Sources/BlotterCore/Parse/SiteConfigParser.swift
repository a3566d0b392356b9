internal import Foundation
internal import Yams

/// Stage 2, parse: `site.yml` -> `SiteConfig`, every setting checked.
public enum SiteConfigParser {
    /// Settings `site.yml` understands.
    static let knownFields: Set<String> = [
        "title", "base_url", "language", "timezone", "description", "per_page", "support", "author", "publisher",
        "feed_limit", "search",
    ]

    /// Parses `file` (nil: no site.yml, all defaults). Defaults fill what is
    /// missing or wrong, so content can still be checked.
    public static func parse(_ file: SourceFile?) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig.defaults
        guard let file else {
            return (config, [Diagnostic(.error, file: "site.yml", line: 1, column: 1, field: "",
                                        message: "no site.yml in the site folder (create one: see docs/format.md)")])
        }
        var reader = FieldReader(file: file.path, yamlFirstLine: 1)
        guard var f = reader.rootMapping(file.text) else { return (config, reader.diagnostics) }
        if let title = reader.requiredString(&f, "title") { config.title = title }
        if let node = f.take("base_url"), let url = reader.string(node, "base_url") {
            config.baseURL = reader.baseURL(url, node: node) ?? config.baseURL
        }
        if let language = f.take("language").flatMap({ reader.string($0, "language") }) { config.language = language }
        if let node = f.take("timezone"), let name = reader.string(node, "timezone") {
            if let zone = TimeZone(identifier: name) {
                config.timeZone = zone
            } else {
                reader.error("timezone", at: node, "unknown timezone \(quoted(name)); use a name like Europe/London")
            }
        }
        config.description = f.take("description").flatMap { reader.string($0, "description") } ?? ""
        if let node = f.take("per_page"), let text = reader.string(node, "per_page") {
            if let n = Int(text), n >= 1, n <= 1000 { config.perPage = n } else {
                reader.error("per_page", at: node, "expected a whole number from 1 to 1000, found \(quoted(text))")
            }
        }
        if let node = f.take("feed_limit"), let text = reader.string(node, "feed_limit") {
            if let n = Int(text), n >= 1, n <= 10_000 { config.feedLimit = n } else {
                reader.error("feed_limit", at: node, "expected a whole number from 1 to 10000, found \(quoted(text))")
            }
        }
        config.search = reader.bool(f.take("search"), "search") ?? false
        config.author = f.take("author").flatMap { reader.string($0, "author") }
        config.publisher = f.take("publisher").flatMap { reader.string($0, "publisher") }
        if let node = f.take("support") { reader.support(node, into: &config) }
        for entry in f.unknown {
            reader.warning(entry.name, at: entry.key, "unknown setting (templates can still use it as site.extra.\(entry.name))")
            config.extra[entry.name] = reader.extra(entry.value)
        }
        return (config, reader.diagnostics)
    }
}

private extension FieldReader {
    mutating func baseURL(_ text: String, node: Node) -> String? {
        let value = text.hasSuffix("/") ? text : text + "/"
        if value.hasPrefix("/") { return value }
        guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              url.host?.isEmpty == false else {
            error("base_url", at: node, "expected an absolute http(s) address like https://example.org/, "
                  + "found \(quoted(text))")
            return nil
        }
        return value
    }

    mutating func support(_ node: Node, into config: inout SiteConfig) {
        guard let boxes = mapping(node, field: "support") else { return }
        for entry in boxes.entries {
            let field = "support.\(entry.name)"
            guard var f = mapping(entry.value, field: field) else { continue }
            let name = requiredString(&f, "name", parent: field)
            let text = requiredString(&f, "text", parent: field)
            var url: String?
            if let urlNode = f.take("url"), let value = string(urlNode, field + ".url") {
                if URLSafety.isSafeLink(value) { url = value } else {
                    error(field + ".url", at: urlNode, "unsafe address \(quoted(value)); use an http(s) address")
                }
            }
            warnUnknown(f, parent: field)
            guard let name, let text else { continue }
            config.support[entry.name] = SupportBox(name: name, text: text, url: url)
            config.supportOrder.append(entry.name)
        }
    }
}
