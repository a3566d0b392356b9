internal import Foundation

/// Stage 2, parse: one incident file -> a typed `Incident` and its diagnostics.
public enum IncidentParser {
    /// Every top-level field of the format.
    static let knownFields: Set<String> = [
        "title", "date", "location", "status", "summary", "slug", "published", "updated", "draft", "category",
        "agencies", "tags", "casualties", "content_warning", "support", "timeline", "statements", "updates",
        "sources", "image", "people", "withdrawn", "expires", "editorial_override", "aliases", "authors", "follows",
        "related",
    ]

    /// The most agencies or tags an incident keeps. Each value has a listing page and a feed
    /// whose entries name all of their incident's values: 5,000 tags on one incident wrote
    /// 820 MB of feeds.
    static let termLimit = 100

    /// Parses `file`. The incident is nil when a required field is missing or wrong;
    /// the diagnostics then say why, one per defect.
    public static func parse(_ file: SourceFile, config: SiteConfig) -> (Incident?, [Diagnostic]) {
        var (reader, fields, body, bodyLine): (FieldReader, Fields, String, Int)
        switch FieldReader.open(file) {
        case .read(let r, let f, let b, let l): (reader, fields, body, bodyLine) = (r, f, b, l)
        case .failed(let diagnostics): return (nil, diagnostics)
        }
        let incident = reader.incident(&fields, body: body, bodyLine: bodyLine, path: file.path, config: config)
        for entry in fields.unknown {
            reader.warning(entry.name, at: entry.key,
                           "unknown field (templates can still use it as incident.extra.\(entry.name))",
                           kind: .unknownField)
        }
        guard let incident, !reader.diagnostics.containsErrors else { return (nil, reader.diagnostics) }
        // Kept even when a guardrail reports an error: the preview shows the page, the build refuses it.
        return (incident, reader.diagnostics + Guardrails.review(incident, file: file, config: config))
    }
}

extension FieldReader {
    /// A required field: reported when absent or empty.
    mutating func required(_ fields: inout Fields, _ name: String, parent: String = "") -> YAMLNode? {
        guard let node = fields.take(name) else {
            report(.error, Self.join(parent, name), at: fields.mark, "required field is missing")
            return nil
        }
        if case .scalar(let s) = node, isNull(s) || s.string.trimmedWhitespace.isEmpty {
            error(Self.join(parent, name), at: node, "required field is empty")
            return nil
        }
        return node
    }

    mutating func requiredString(_ fields: inout Fields, _ name: String, parent: String = "") -> String? {
        required(&fields, name, parent: parent).flatMap { string($0, Self.join(parent, name)) }
    }

    mutating func moment(_ node: YAMLNode?, _ field: String, zone: TimeZone) -> Moment? {
        guard let node, let text = string(node, field) else { return nil }
        guard let moment = DateParsing.moment(text, in: zone) else {
            error(field, at: node, "expected an ISO 8601 date (2023-11-23) or date-time (2023-11-23T21:05:00Z), "
                  + "found \(quoted(text))")
            return nil
        }
        return moment
    }

    mutating func warnUnknown(_ fields: Fields, parent: String) {
        for entry in fields.unknown {
            warning(parent + "." + entry.name, at: entry.key, "unknown field; it is ignored", kind: .unknownField)
        }
    }
}

private extension FieldReader {
    mutating func incident(_ f: inout Fields, body: String, bodyLine: Int, path: String,
                           config: SiteConfig) -> Incident? {
        let zone = config.timeZone
        var marks = FieldMarks()
        marks.bodyLine = bodyLine
        for entry in f.entries { mark(&marks, entry.name, entry.value) }
        // A tombstone needs only its title (its URL) and why it was withdrawn.
        let withdrawnNode = f.take("withdrawn")
        let withdrawn = withdrawnNode.flatMap { withdrawal($0, zone: zone) }
        let tombstone = withdrawnNode != nil
        let titleNode = f.take("title")
        let title = requiredString(&f, "title")
        let date = (tombstone ? f.take("date") : required(&f, "date")).flatMap { moment($0, "date", zone: zone) }
        let location = (tombstone ? f.take("location") : required(&f, "location")).flatMap { self.location($0) }
        let status = (tombstone ? f.take("status") : required(&f, "status")).flatMap { self.status($0) }
        let summary = tombstone ? f.take("summary").flatMap { string($0, "summary") } : requiredString(&f, "summary")
        let slugNode = f.take("slug")
        let slug = slugNode.flatMap { self.slug($0) }
        let slugMark = (slugNode ?? titleNode)?.mark
        let published = f.take("published").flatMap { moment($0, "published", zone: zone) }
        let updated = f.take("updated").flatMap { moment($0, "updated", zone: zone) }
        let expires = f.take("expires").flatMap { moment($0, "expires", zone: zone) }
        let draft = bool(f.take("draft"), "draft") ?? false
        let category = f.take("category").flatMap { string($0, "category") }
        let agencies = stringList(f.take("agencies"), "agencies", limit: IncidentParser.termLimit)
        let tags = stringList(f.take("tags"), "tags", limit: IncidentParser.termLimit)
        let casualties = f.take("casualties").flatMap { self.casualties($0) }
        let warning = f.take("content_warning").flatMap { string($0, "content_warning") }
        let support = supportKeys(f.take("support"), config: config)
        let timelineNode = f.take("timeline")
        let day = date ?? withdrawn?.date
        let entries = day.map { timeline(timelineNode, day: $0.instant, zone: zone, marks: &marks) } ?? []
        let quotes = statements(f.take("statements"), zone: zone, marks: &marks)
        let changes = updates(f.take("updates"), zone: zone, marks: &marks)
        let cited = sources(f.take("sources"))
        let image = f.take("image").flatMap { self.image($0) }
        let people = self.people(f.take("people"), marks: &marks)
        let overrides = editorialOverrides(f.take("editorial_override"))
        let authors = references(f.take("authors"), "authors", marks: &marks)
        let follows = f.take("follows").flatMap { string($0, "follows") }
        let related = references(f.take("related"), "related", marks: &marks)
        let aliases = self.aliases(f.take("aliases"))
        var extra: [String: ExtraValue] = [:]
        for entry in f.unknown { extra[entry.name] = self.extra(entry.value, field: entry.name, key: entry.key) }
        guard let title, let date = date ?? withdrawn?.date else { return nil }
        guard withdrawn != nil || (!tombstone && location != nil && status != nil && summary != nil) else { return nil }
        var incident = Incident(
            path: path, title: title, date: date, location: location ?? Location(name: ""), status: status ?? .closed,
            summary: summary ?? "", explicitSlug: slug, published: published?.instant, updated: updated?.instant,
            draft: draft, category: category, agencies: agencies, tags: tags, casualties: casualties,
            contentWarning: warning, support: support, timeline: entries, statements: quotes, updates: changes,
            sources: cited, image: image, people: people, withdrawn: withdrawn, expires: expires?.instant,
            authors: authors, follows: follows, related: related, overrides: overrides, marks: marks, extra: extra, body: body,
            slugLocation: SourceLocation(line: (slugMark?.line ?? 0) + lineOffset, column: slugMark?.column ?? 1))
        incident.aliases = aliases
        return incident
    }

    mutating func withdrawal(_ node: YAMLNode, zone: TimeZone) -> Withdrawal? {
        guard var f = mapping(node, field: "withdrawn") else { return nil }
        let date = required(&f, "date", parent: "withdrawn").flatMap { moment($0, "withdrawn.date", zone: zone) }
        let reason = requiredString(&f, "reason", parent: "withdrawn")
        warnUnknown(f, parent: "withdrawn")
        guard let date, let reason else { return nil }
        return Withdrawal(date: date, reason: reason)
    }

    mutating func location(_ node: YAMLNode) -> Location? {
        if case .scalar = node { return string(node, "location").map { Location(name: $0) } }
        guard var f = mapping(node, field: "location") else { return nil }
        let name = requiredString(&f, "name", parent: "location")
        let area = f.take("area").flatMap { string($0, "location.area") }
        let lat = number(f.take("lat"), "location.lat", in: -90...90)
        let lon = number(f.take("lon"), "location.lon", in: -180...180)
        if (lat == nil) != (lon == nil), let given = f.entries.first(where: { ["lat", "lon"].contains($0.name) }) {
            warning("location." + given.name, at: given.key, "give both lat and lon, or neither", kind: .location)
        }
        warnUnknown(f, parent: "location")
        return name.map { Location(name: $0, area: area, lat: lat, lon: lon) }
    }

    mutating func status(_ node: YAMLNode) -> Status? { choice(node, "status", Status.self) }

    /// A list of keys or slugs (`authors`, `related`), or one written alone; each item's place
    /// is recorded (`authors[2]`): what they name is checked when the site is assembled.
    mutating func references(_ node: YAMLNode?, _ field: String, marks: inout FieldMarks) -> [String] {
        guard let node else { return [] }
        let items: [YAMLNode] = if case .sequence(let seq, _) = node { seq } else { [node] }
        if items.count > IncidentParser.termLimit {
            warning(field, at: items[IncidentParser.termLimit],
                    "\(items.count) values; the first \(IncidentParser.termLimit) are kept", kind: .tooMany)
        }
        return items.prefix(IncidentParser.termLimit).enumerated().compactMap { index, item in
            let name = "\(field)[\(index + 1)]"
            mark(&marks, name, item)
            return string(item, name)
        }
    }

    mutating func slug(_ node: YAMLNode) -> String? {
        guard let text = string(node, "slug") else { return nil }
        guard Slug.isValid(text) else {
            error("slug", at: node, "expected up to 200 lowercase letters, digits and '-', found \(quoted(text))")
            return nil
        }
        return text
    }

    mutating func casualties(_ node: YAMLNode) -> Casualties? {
        guard var f = mapping(node, field: "casualties") else { return nil }
        let result = Casualties(killed: count(f.take("killed"), "casualties.killed"),
                                injured: count(f.take("injured"), "casualties.injured"))
        warnUnknown(f, parent: "casualties")
        return result
    }

    mutating func supportKeys(_ node: YAMLNode?, config: SiteConfig) -> [String] {
        guard let node else { return [] }
        let items: [YAMLNode] = if case .sequence(let seq, _) = node { seq } else { [node] }
        return items.enumerated().compactMap { index, item in
            let field = "support[\(index + 1)]"
            guard let key = string(item, field) else { return nil }
            guard config.support[key] != nil else {
                let known = config.supportOrder.isEmpty ? "site.yml has no `support` entries"
                    : "known: " + config.supportOrder.joined(separator: ", ")
                error(field, at: item, "no support entry \(quoted(key)) in site.yml (\(known))")
                return nil
            }
            return key
        }
    }
}
