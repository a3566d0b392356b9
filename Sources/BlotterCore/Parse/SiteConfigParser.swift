internal import Foundation

/// Stage 2, parse: `site.yml` -> `SiteConfig`, every setting checked.
public enum SiteConfigParser {
    /// Settings `site.yml` understands.
    static let knownFields: Set<String> = [
        "title", "base_url", "language", "timezone", "description", "per_page", "support", "author", "publisher",
        "feed_limit", "search", "briefings", "precompress", "corrections_policy", "publishing_principles",
        "ethics_policy", "masthead", "guardrails", "permalinks", "data", "data_license", "images", "map",
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
        reader.diagnostics = file.notes
        guard var f = reader.rootMapping(file.text) else { return (config, reader.diagnostics) }
        if let title = reader.requiredString(&f, "title") { config.title = title }
        if let node = f.take("base_url"), let url = reader.string(node, "base_url") {
            config.baseURL = reader.baseURL(url, node: node) ?? config.baseURL
        }
        if let node = f.take("language"), let language = reader.string(node, "language") {
            if Self.isLanguageTag(language) { config.language = language } else {
                reader.error("language", at: node,
                             "expected a language tag like en-GB or fr (24 characters at most), found \(quoted(language))")
            }
        }
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
        config.precompress = reader.bool(f.take("precompress"), "precompress") ?? true
        config.author = f.take("author").flatMap { reader.string($0, "author") }
        config.publisher = f.take("publisher").flatMap { reader.string($0, "publisher") }
        for (key, path) in SiteConfig.trustSettings {
            guard let node = f.take(key), let value = reader.string(node, key) else { continue }
            if URLSafety.isSafeLink(value) { config[keyPath: path] = value } else {
                reader.error(key, at: node, "unsafe address \(quoted(value)); use a site path (/corrections-policy/) "
                             + "or an http(s) address")
            }
        }
        if let node = f.take("support") { reader.support(node, into: &config) }
        if let node = f.take("briefings") { config.briefings = reader.briefings(node, zone: config.timeZone) }
        if let node = f.take("guardrails") { config.guardrails = reader.guardrails(node) }
        if let node = f.take("permalinks") { config.permalink = reader.permalinks(node) ?? config.permalink }
        if let node = f.take("data") { reader.openData(node, into: &config.data) }
        config.data.license = f.take("data_license").flatMap { reader.dataLicense($0) }
        if let node = f.take("images") { reader.photoSettings(node, into: &config.images) }
        if let node = f.take("map") { config.map = reader.map(node) }
        for entry in f.unknown {
            reader.warning(entry.name, at: entry.key, "unknown setting (templates can still use it as site.extra.\(entry.name))",
                           kind: .unknownField)
            config.extra[entry.name] = reader.extra(entry.value, field: entry.name, key: entry.key)
        }
        return (config, reader.diagnostics)
    }

    /// Whether `text` is shaped like a BCP 47 language tag (`en`, `en-GB`, `zh-Hant-TW`):
    /// a language of 2 to 8 letters, then subtags of 1 to 8 letters or digits after `-`,
    /// 24 characters at most. It goes into `lang` attributes, feeds and the search index:
    /// Pagefind 1.x panicked on a quote in it and on tags of more than 30 characters.
    static func isLanguageTag(_ text: String) -> Bool {
        guard text.utf8.count <= 24 else { return false }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let letters = { (c: Character) in c.isASCII && c.isLetter }
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy(letters) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}

private extension FieldReader {
    mutating func baseURL(_ text: String, node: YAMLNode) -> String? {
        switch BaseURL.normalised(text) {
        case .success(let value): return value
        case .failure(let refusal):
            error("base_url", at: node, refusal.message)
            return nil
        }
    }

    mutating func briefings(_ node: YAMLNode, zone: TimeZone) -> [NamedBriefing] {
        var seen: Set<String> = []
        return sequence(node, "briefings").enumerated().compactMap { index, item in
            let field = "briefings[\(index + 1)]"
            guard var f = mapping(item, field: field) else { return nil }
            let nameNode = required(&f, "name", parent: field)
            let name = nameNode.flatMap { string($0, field + ".name") }
            if let name, let nameNode, !Slug.isValid(name) || !seen.insert(name).inserted {
                error(field + ".name", at: nameNode, seen.contains(name) && Slug.isValid(name)
                      ? "another briefing is already called \(quoted(name))"
                      : "expected up to 200 lowercase letters, digits and '-', found \(quoted(name))")
                return nil
            }
            var filter = BriefingFilter()
            for key in ["since", "until"] {
                guard let dateNode = f.take(key), let text = string(dateNode, field + "." + key) else { continue }
                if DateParsing.moment(text, in: zone) == nil {
                    error(field + "." + key, at: dateNode, "expected an ISO 8601 date or date-time, found \(quoted(text))")
                } else if key == "since" { filter.since = text } else { filter.until = text }
            }
            if let daysNode = f.take("days") {
                filter.days = count(daysNode, field + ".days")
                if filter.days == 0 { error(field + ".days", at: daysNode, "expected 1 or more days") }
            }
            filter.areas = stringList(f.take("area"), field + ".area")
            filter.agencies = stringList(f.take("agency"), field + ".agency")
            filter.tags = stringList(f.take("tag"), field + ".tag")
            let statusNode = f.take("status")
            filter.statuses = stringList(statusNode, field + ".status")
            if let bad = filter.statuses.first(where: { Status(rawValue: $0) == nil }) {
                let allowed = Status.allCases.map(\.rawValue).joined(separator: ", ")
                error(field + ".status", at: statusNode, "expected one of \(allowed), found \(quoted(bad))")
                filter.statuses.removeAll { Status(rawValue: $0) == nil }  // named once, here
            }
            let incidentsNode = f.take("incidents")
            filter.incidents = stringList(incidentsNode, field + ".incidents")
            let threadNode = f.take("thread")
            filter.threads = stringList(threadNode, field + ".thread")
            var paper = Briefing.Paper.a4
            if let paperNode = f.take("paper"), let text = string(paperNode, field + ".paper") {
                if let value = Briefing.Paper(rawValue: text.lowercased()) { paper = value } else {
                    error(field + ".paper", at: paperNode, "expected a4 or letter, found \(quoted(text))")
                }
            }
            let title = f.take("title").flatMap { string($0, field + ".title") }
            warnUnknown(f, parent: field)
            guard let name else { return nil }
            let mark = (incidentsNode ?? threadNode ?? item).mark
            return NamedBriefing(name: name, briefing: Briefing(title: title, paper: paper, filter: filter),
                                 line: mark.line + lineOffset, column: mark.column)
        }
    }

    mutating func support(_ node: YAMLNode, into config: inout SiteConfig) {
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
