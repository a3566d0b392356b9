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
        value["updated"] = incident.lastModified > incident.publishedMoment ? dates.context(incident.lastModified) : .absent
        value["casualties"] = .absent
        if let casualties = incident.casualties, casualties.killed != nil || casualties.injured != nil {
            value["casualties"] = ["killed": casualties.killed.map { String($0) }.templateText,
                                   "injured": casualties.injured.map { String($0) }.templateText]
        }
        value["content_warning"] = incident.contentWarning.templateText
        value["support"] = .list(incident.support.compactMap(supportBox))
        value["timeline"] = .list(incident.timeline.enumerated().map { [day = incident.date.instant] number, entry in
            let item: TemplateFields = [
                "time": dates.context(entry.time), "html": fragment(Markdown.inlineHTML(entry.text), "timeline", number),
                "label": .text(dates.timelineLabel(entry.time, incidentDay: day)),
            ]
            return .map(item.merging(attribution(entry.source)))
        })
        value["statements"] = .list(incident.statements.enumerated().map { number, item in
            statement(item, quote: item.quote.map { fragment(Markdown.html($0), "statement", number) } ?? .absent)
        })
        value["updates"] = .list(incident.updates.enumerated()
            .sorted { $0.element.date != $1.element.date ? $0.element.date > $1.element.date : $0.offset > $1.offset }
            .enumerated().map { number, update in
                ["date": dates.context(update.element.date), "html": fragment(Markdown.inlineHTML(update.element.text), "update", number)]
            })
        value["sources"] = .list(incident.sources.map { source in
            ["title": .text(source.title), "url": .text(source.url), "publisher": source.publisher.templateText]
        })
        value["image"] = incident.image.map { self.image($0, src: imageURL($0.src)) }.orAbsent
        let body = bodyHTML ?? Markdown.html(incident.body)
        value["body_html"] = .text(idPrefix.isEmpty ? body : Markdown.footnotes(body, prefixedWith: idPrefix))
        value["extra"] = .map(TemplateFields(incident.extra.mapValues(\.templateValue)))
        for key in ["agencies", "tags", "support", "timeline", "statements", "updates", "sources"] {
            value["has_" + key] = .bool(value[key]?.isTruthy ?? false)
        }
        return .map(value)
    }

    /// An image's value, its address `src` as the page links it.
    func image(_ image: Image, src: String) -> TemplateValue {
        ["src": .text(src), "alt": .text(image.alt), "caption": image.caption.templateText,
         "credit": image.credit.templateText]
    }

    /// A root-relative image path gets the base path; other addresses are kept.
    func imageURL(_ src: String) -> String {
        src.hasPrefix("/") && !src.hasPrefix("//") ? basePath + src.dropFirst() : src
    }
}

private extension ContextBuilder {
    func supportBox(_ key: String) -> TemplateValue? {
        guard let box = site.config.support[key] else { return nil }
        return ["key": .text(key), "name": .text(box.name), "text": .text(box.text), "url": box.url.templateText]
    }

    func statement(_ statement: Statement, quote: TemplateValue) -> TemplateValue {
        let item: TemplateFields = [
            "speaker": .text(statement.speaker), "quote_html": quote, "role": statement.role.templateText,
            "organisation": statement.organisation.templateText, "date": statement.date.map(dates.context).orAbsent,
        ]
        return .map(item.merging(attribution(statement.source)))
    }

    /// `source` (words) and `source_url` (an address) of a statement or timeline entry: one of
    /// them is `source`, the other absent.
    func attribution(_ source: String?) -> TemplateFields {
        guard let source else { return ["source": .absent, "source_url": .absent] }
        return URLSafety.isAddress(source) ? ["source": .absent, "source_url": .text(source)]
            : ["source": .text(source), "source_url": .absent]
    }
}
