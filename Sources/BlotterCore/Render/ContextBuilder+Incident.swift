internal import Foundation

/// The `incident` value of an incident page.
extension ContextBuilder {
    /// `bodyHTML` is the body already made into HTML (for the feeds), if it was.
    func incident(_ published: PublishedIncident, bodyHTML: String? = nil) -> TemplateValue {
        incident(published, published.shared.incident, bodyHTML: bodyHTML)
    }

    private func incident(_ published: PublishedIncident, _ incident: borrowing Incident, bodyHTML: String?) -> TemplateValue {
        var value = card(published)
        value["permalink"] = .text(permalink(published.path))
        value["agencies"] = .list(terms(.agency, of: published))
        value["tags"] = .list(terms(.tag, of: published))
        value["agencies_text"] = .text(incident.agencies.joined(separator: ", "))
        value["tags_text"] = .text(incident.tags.joined(separator: ", "))
        value["published"] = dates.context(incident.publishedMoment)
        if incident.lastModified > incident.publishedMoment {
            value["updated"] = dates.context(incident.lastModified)
        }
        if let casualties = incident.casualties, casualties.killed != nil || casualties.injured != nil {
            var c: TemplateFields = [:]
            c["killed"] = casualties.killed.map { .text(String($0)) }
            c["injured"] = casualties.injured.map { .text(String($0)) }
            value["casualties"] = .map(c)
        }
        value["content_warning"] = incident.contentWarning.templateText
        value["support"] = .list(incident.support.compactMap(supportBox))
        value["timeline"] = .list(incident.timeline.map { [day = incident.date.instant] entry in
            var item: TemplateFields = [
                "time": dates.context(entry.time), "html": .text(Markdown.inlineHTML(entry.text)),
                "label": .text(dates.timelineLabel(entry.time, incidentDay: day)),
            ]
            item["source"] = entry.source.templateText
            return .map(item)
        })
        value["statements"] = .list(incident.statements.map(statement))
        value["updates"] = .list(incident.updates.enumerated()
            .sorted { $0.element.date != $1.element.date ? $0.element.date > $1.element.date : $0.offset > $1.offset }
            .map { ["date": dates.context($0.element.date), "html": .text(Markdown.inlineHTML($0.element.text))] })
        value["sources"] = .list(incident.sources.map { source in
            var item: TemplateFields = ["title": .text(source.title)]
            if !source.url.isEmpty { item["url"] = .text(source.url) }
            item["publisher"] = source.publisher.templateText
            return .map(item)
        })
        if let image = incident.image {
            var item: TemplateFields = ["src": .text(imageURL(image.src)), "alt": .text(image.alt)]
            item["caption"] = image.caption.templateText
            item["credit"] = image.credit.templateText
            value["image"] = .map(item)
        }
        value["body_html"] = .text(bodyHTML ?? Markdown.html(incident.body))
        value["extra"] = .map(TemplateFields(incident.extra.mapValues(\.templateValue)))
        for key in ["agencies", "tags", "support", "timeline", "statements", "updates", "sources"] {
            value["has_" + key] = .bool(value[key]?.isTruthy ?? false)
        }
        return .map(value)
    }

    /// A root-relative image path gets the base path; other addresses are kept.
    func imageURL(_ src: String) -> String {
        src.hasPrefix("/") && !src.hasPrefix("//") ? basePath + src.dropFirst() : src
    }
}

private extension ContextBuilder {
    func supportBox(_ key: String) -> TemplateValue? {
        guard let box = site.config.support[key] else { return nil }
        var item: TemplateFields = ["key": .text(key), "name": .text(box.name), "text": .text(box.text)]
        item["url"] = box.url.templateText
        return .map(item)
    }

    func statement(_ statement: Statement) -> TemplateValue {
        var item: TemplateFields = ["speaker": .text(statement.speaker),
                                    "quote_html": .text(Markdown.html(statement.quote))]
        item["role"] = statement.role.templateText
        item["organisation"] = statement.organisation.templateText
        item["date"] = statement.date.map(dates.context)
        if let source = statement.source {
            item[URLSafety.scheme(of: source) != nil ? "source_url" : "source"] = .text(source)
        }
        return .map(item)
    }
}
