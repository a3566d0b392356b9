internal import Foundation

/// The `incident` value of an incident page.
extension ContextBuilder {
    /// `bodyHTML` is the body already made into HTML (for the feeds), if it was. The ids of
    /// footnotes get `idPrefix` (a briefing's incidents share one document), and those of
    /// the timeline's, statements' and updates' footnotes their own prefix too
    /// (`timeline-2-fn-1`), apart from the body's.
    func incident(_ published: PublishedIncident, bodyHTML: String? = nil, idPrefix: String = "") -> TemplateValue {
        incident(published, published.shared.incident, bodyHTML: bodyHTML, idPrefix: idPrefix)
    }

    private func incident(_ published: PublishedIncident, _ incident: borrowing Incident, bodyHTML: String?,
                          idPrefix: String) -> TemplateValue {
        func fragment(_ html: String, _ kind: String, _ number: Int) -> TemplateValue {
            .text(Markdown.footnotes(html, prefixedWith: "\(idPrefix)\(kind)-\(number + 1)-"))
        }
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
        value["timeline"] = .list(incident.timeline.enumerated().map { [day = incident.date.instant] number, entry in
            var item: TemplateFields = [
                "time": dates.context(entry.time), "html": fragment(Markdown.inlineHTML(entry.text), "timeline", number),
                "label": .text(dates.timelineLabel(entry.time, incidentDay: day)),
            ]
            item["source"] = entry.source.templateText
            return .map(item)
        })
        value["statements"] = .list(incident.statements.enumerated().map { number, item in
            statement(item, quote: fragment(Markdown.html(item.quote), "statement", number))
        })
        value["updates"] = .list(incident.updates.enumerated()
            .sorted { $0.element.date != $1.element.date ? $0.element.date > $1.element.date : $0.offset > $1.offset }
            .enumerated().map { number, update in
                ["date": dates.context(update.element.date), "html": fragment(Markdown.inlineHTML(update.element.text), "update", number)]
            })
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
        let body = bodyHTML ?? Markdown.html(incident.body)
        value["body_html"] = .text(idPrefix.isEmpty ? body : Markdown.footnotes(body, prefixedWith: idPrefix))
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

    func statement(_ statement: Statement, quote: TemplateValue) -> TemplateValue {
        var item: TemplateFields = ["speaker": .text(statement.speaker), "quote_html": quote]
        item["role"] = statement.role.templateText
        item["organisation"] = statement.organisation.templateText
        item["date"] = statement.date.map(dates.context)
        if let source = statement.source {
            item[URLSafety.scheme(of: source) != nil ? "source_url" : "source"] = .text(source)
        }
        return .map(item)
    }
}
