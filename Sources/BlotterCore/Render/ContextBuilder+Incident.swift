internal import Foundation

/// The `incident` value of an incident page.
extension ContextBuilder {
    func incident(_ published: PublishedIncident) -> [String: any Sendable] {
        let incident = published.incident
        var value = card(published)
        value["permalink"] = permalink(published.path)
        value["agencies"] = incident.agencies.map { term(.agency, $0) }
        value["tags"] = incident.tags.map { term(.tag, $0) }
        value["published"] = dates.context(incident.publishedMoment)
        if incident.lastModified > incident.publishedMoment {
            value["updated"] = dates.context(incident.lastModified)
        }
        if let casualties = incident.casualties {
            var c: [String: any Sendable] = [:]
            if let killed = casualties.killed { c["killed"] = String(killed) }
            if let injured = casualties.injured { c["injured"] = String(injured) }
            if !c.isEmpty { value["casualties"] = c }
        }
        if let warning = incident.contentWarning { value["content_warning"] = warning }
        value["support"] = incident.support.compactMap { key -> [String: any Sendable]? in
            guard let box = site.config.support[key] else { return nil }
            var item: [String: any Sendable] = ["key": key, "name": box.name, "text": box.text]
            if let url = box.url { item["url"] = url }
            return item
        }
        value["timeline"] = incident.timeline.map { entry -> [String: any Sendable] in
            var item: [String: any Sendable] = [
                "time": dates.context(entry.time), "html": Markdown.inlineHTML(entry.text),
                "label": dates.timelineLabel(entry.time, incidentDay: incident.date.instant),
            ]
            if let source = entry.source { item["source"] = source }
            return item
        }
        value["statements"] = incident.statements.map(statement)
        value["updates"] = incident.updates.enumerated()
            .sorted { $0.element.date != $1.element.date ? $0.element.date > $1.element.date : $0.offset > $1.offset }
            .map { ["date": dates.context($0.element.date), "html": Markdown.inlineHTML($0.element.text)]
                as [String: any Sendable] }
        value["sources"] = incident.sources.map { source -> [String: any Sendable] in
            var item: [String: any Sendable] = ["title": source.title]
            if !source.url.isEmpty { item["url"] = source.url }
            if let publisher = source.publisher { item["publisher"] = publisher }
            return item
        }
        if let image = incident.image {
            var item: [String: any Sendable] = ["src": imageURL(image.src), "alt": image.alt]
            if let caption = image.caption { item["caption"] = caption }
            if let credit = image.credit { item["credit"] = credit }
            value["image"] = item
        }
        value["body_html"] = Markdown.html(incident.body)
        value["extra"] = incident.extra.mapValues(\.templateValue)
        for key in ["agencies", "tags", "support", "timeline", "statements", "updates", "sources"] {
            value["has_" + key] = !((value[key] as? [any Sendable])?.isEmpty ?? true)
        }
        value["has_facts"] = true
        return value
    }

    /// A root-relative image path gets the base path; other addresses are kept.
    func imageURL(_ src: String) -> String {
        src.hasPrefix("/") && !src.hasPrefix("//") ? basePath + src.dropFirst() : src
    }
}

private extension ContextBuilder {
    func statement(_ statement: Statement) -> [String: any Sendable] {
        var item: [String: any Sendable] = ["speaker": statement.speaker, "quote_html": Markdown.html(statement.quote)]
        if let role = statement.role { item["role"] = role }
        if let organisation = statement.organisation { item["organisation"] = organisation }
        if let date = statement.date { item["date"] = dates.context(date) }
        if let source = statement.source {
            if URLSafety.scheme(of: source) != nil { item["source_url"] = source } else { item["source"] = source }
        }
        return item
    }
}
