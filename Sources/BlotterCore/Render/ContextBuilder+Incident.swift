internal import Foundation

/// The `incident` value of an incident page.
extension ContextBuilder {
    /// `bodyHTML` is the body already made into HTML (for the feeds), if it was. The ids of
    /// footnotes get `idPrefix` (a briefing's incidents share one document), and those of
    /// the timeline's, statements' and updates' footnotes their own prefix too
    /// (`timeline-2-fn-1`), apart from the body's.
    func incident(_ i: Int, bodyHTML: String? = nil, idPrefix: String = "") -> TemplateValue {
        let published = site.incidents[i]
        return incident(i, published, published.shared.incident, bodyHTML: bodyHTML, idPrefix: idPrefix)
    }

    private func incident(_ i: Int, _ published: PublishedIncident, _ incident: borrowing Incident, bodyHTML: String?,
                          idPrefix: String) -> TemplateValue {
        func fragment(_ html: String, _ kind: String, _ number: Int) -> TemplateValue {
            .text(Markdown.footnotes(html, prefixedWith: "\(idPrefix)\(kind)-\(number + 1)-"))
        }
        var value = card(i).merging(links(of: i))
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
                "confidence": .text(entry.confidence.rawValue), "confidence_label": entry.confidence.label.templateText,
            ]
            return .map(item.merging(attribution(entry.source)))
        })
        value["people"] = .list(incident.people.map(person))
        value["statements"] = .list(incident.statements.enumerated().map { number, item in
            statement(item, quote: item.quote.map { fragment(Markdown.html($0), "statement", number) } ?? .absent)
        })
        value["updates"] = .list(incident.updates.enumerated()
            .sorted { $0.element.date != $1.element.date ? $0.element.date > $1.element.date : $0.offset > $1.offset }
            .enumerated().map { number, update in
                .map(self.update(update.element, html: fragment(Markdown.inlineHTML(update.element.text), "update", number),
                                 anchor: CorrectionRef.anchor(update: update.offset)))
            })
        value["sources"] = .list(incident.sources.map { source in
            ["title": .text(source.title), "url": .text(source.url), "publisher": source.publisher.templateText]
        })
        value["image"] = incident.image.map { self.image($0, src: siteLink($0.src)) }.orAbsent
        let body = withPhotos(bodyHTML ?? Markdown.html(incident.body), print: !idPrefix.isEmpty)
        value["body_html"] = .text(idPrefix.isEmpty ? body : Markdown.footnotes(body, prefixedWith: idPrefix))
        value["extra"] = .map(TemplateFields(incident.extra.mapValues(\.templateValue)))
        for key in ["agencies", "tags", "support", "timeline", "statements", "updates", "sources", "people"] {
            value["has_" + key] = .bool(value[key]?.isTruthy ?? false)
        }
        return .map(value)
    }

    /// A root-relative path written in a file (`/corrections-policy/`) gets the base path;
    /// other addresses are kept.
    func siteLink(_ link: String) -> String {
        link.hasPrefix("/") && !link.hasPrefix("//") ? basePath + link.dropFirst() : link
    }

    /// An update's value: `kind` (`update`, `correction`, `clarification`), its label, and
    /// whether it is a correction or clarification (`is_notice`: shown as one, listed on
    /// /corrections/).
    func update(_ update: Update, html: TemplateValue, anchor: String) -> TemplateFields {
        ["date": dates.context(update.date), "html": html, "anchor": .text(anchor), "kind": .text(update.kind.rawValue),
         "kind_label": .text(update.kind.label), "is_correction": .bool(update.kind == .correction),
         "is_clarification": .bool(update.kind == .clarification), "is_notice": .bool(update.kind != .update)]
    }

    /// A person as a page may show them: the name only where it may be published.
    func person(_ person: Person) -> TemplateValue {
        let withheld: String? = person.name == nil || person.mayBeNamed ? nil
            : person.anonymity.reason ?? "not named until their family has been told"
        return ["name": person.mayBeNamed ? person.name.templateText : .absent, "role": .text(person.role.rawValue),
                "role_label": .text(person.role.label), "age": person.age.map { .text(String($0)) } ?? .absent,
                "withheld": withheld.templateText, "anonymous": .bool(person.anonymity != .none)]
    }
}

extension ContextBuilder {
    func supportBox(_ key: String) -> TemplateValue? {
        guard let box = site.config.support[key] else { return nil }
        return ["key": .text(key), "name": .text(box.name), "text": .text(box.text), "url": box.url.templateText]
    }

    func statement(_ statement: Statement, quote: TemplateValue) -> TemplateValue {
        let item: TemplateFields = [
            "speaker": .text(statement.speaker), "quote_html": quote, "role": statement.role.templateText,
            "organisation": statement.organisation.templateText, "date": statement.date.map(dates.context).orAbsent,
            "response": .text(statement.response.rawValue), "is_statement": .bool(statement.response == .statement),
            "response_text": statement.response == .statement ? .absent : .text(responseText(statement)),
            "requested": statement.requested.map(dates.context).orAbsent,
        ]
        return .map(item.merging(attribution(statement.source)))
    }

    /// What came of a request for comment, in words: "The Metropolitan Police declined to
    /// comment (requested 24 November 2024, 10:00)".
    func responseText(_ statement: Statement) -> String {
        var who = statement.speaker
        if let organisation = statement.organisation, organisation != who { who += " (\(organisation))" }
        let requested = statement.requested.map { " (requested \(dates.dateAndTime($0)))" } ?? ""
        switch statement.response {
        case .statement: return ""
        case .declined: return "\(who) declined to comment\(requested)."
        case .noResponse: return "\(who) had not responded by the time of publication\(requested)."
        }
    }

    /// `source` (words) and `source_url` (an address) of a statement or timeline entry: one of
    /// them is `source`, the other absent.
    func attribution(_ source: String?) -> TemplateFields {
        guard let source else { return ["source": .absent, "source_url": .absent] }
        return URLSafety.isAddress(source) ? ["source": .absent, "source_url": .text(source)]
            : ["source": .text(source), "source_url": .absent]
    }
}
