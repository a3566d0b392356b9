internal import Foundation

/// The list fields of an incident: timeline, statements, updates, sources, image.
extension FieldReader {
    /// Records where `node`, the value of `field`, starts.
    func mark(_ marks: inout FieldMarks, _ field: String, _ node: YAMLNode) {
        marks.record(field, line: node.mark.line + lineOffset, column: node.mark.column)
    }

    mutating func timeline(_ node: YAMLNode?, day: Date, zone: TimeZone, marks: inout FieldMarks) -> [TimelineEntry] {
        var entries: [TimelineEntry] = []
        var previous: (Moment, String)?
        for (index, item) in sequence(node, "timeline").enumerated() {
            let field = "timeline[\(index + 1)]"
            guard var f = mapping(item, field: field) else { continue }
            mark(&marks, field, item)
            let timeNode = required(&f, "time", parent: field)
            let textNode = f.take("text")
            let text = requiredString(&f, "text", parent: field)
            if let textNode { mark(&marks, field + ".text", textNode) }
            let source = f.take("source").flatMap { string($0, field + ".source") }
            let confidence = f.take("confidence").flatMap { choice($0, field + ".confidence", Confidence.self) }
            warnUnknown(f, parent: field)
            guard let timeNode, let raw = string(timeNode, field + ".time") else { continue }
            guard let time = DateParsing.timelineMoment(raw, onDayOf: day, in: zone) else {
                error(field + ".time", at: timeNode, "expected HH:MM, YYYY-MM-DD, YYYY-MM-DD HH:MM or an ISO 8601 "
                      + "date-time, found \(quoted(raw))")
                continue
            }
            if let (before, beforeText) = previous, time < before {
                warning(field + ".time", at: timeNode,
                        "out of order: \(quoted(raw)) comes before the previous entry (\(quoted(beforeText)))",
                        kind: .timelineOrder)
            }
            previous = (time, raw)
            if let text {
                entries.append(TimelineEntry(time: time, text: text, source: source,
                                             confidence: confidence ?? .confirmed))
            }
        }
        return entries
    }

    mutating func statements(_ node: YAMLNode?, zone: TimeZone, marks: inout FieldMarks) -> [Statement] {
        sequence(node, "statements").enumerated().compactMap { index, item in
            let field = "statements[\(index + 1)]"
            guard var f = mapping(item, field: field) else { return nil }
            mark(&marks, field, item)
            let responseNode = f.take("response")
            let given = responseNode.flatMap { choice($0, field + ".response", StatementResponse.self) }
            // A wrong `response` is one mistake, named once: no quote is asked for then.
            let response = given ?? (responseNode == nil ? .statement : .declined)
            let speaker = requiredString(&f, "speaker", parent: field)
            // A quote is what a statement is; a declined or unanswered request may have none.
            let quoteNode = f.take("quote")
            let quote = response == .statement ? requiredString(&f, "quote", parent: field)
                : quoteNode.flatMap { string($0, field + ".quote") }
            if let quoteNode { mark(&marks, field + ".quote", quoteNode) }
            let role = f.take("role").flatMap { string($0, field + ".role") }
            let organisation = f.take("organisation").flatMap { string($0, field + ".organisation") }
            let date = f.take("date").flatMap { moment($0, field + ".date", zone: zone) }
            let requested = f.take("requested").flatMap { moment($0, field + ".requested", zone: zone) }
            let source = f.take("source").flatMap { string($0, field + ".source") }
            warnUnknown(f, parent: field)
            guard let speaker, responseNode == nil || given != nil, response != .statement || quote != nil else {
                return nil
            }
            return Statement(speaker: speaker, role: role, organisation: organisation, date: date, quote: quote,
                             source: source.flatMap { safeURLOrText($0, field + ".source", node: item) },
                             response: response, requested: requested)
        }
    }

    mutating func updates(_ node: YAMLNode?, zone: TimeZone, marks: inout FieldMarks) -> [Update] {
        sequence(node, "updates").enumerated().compactMap { index, item in
            let field = "updates[\(index + 1)]"
            guard var f = mapping(item, field: field) else { return nil }
            mark(&marks, field, item)
            if let textNode = f.take("text") { mark(&marks, field + ".text", textNode) }
            let date = required(&f, "date", parent: field).flatMap { moment($0, field + ".date", zone: zone) }
            let text = requiredString(&f, "text", parent: field)
            let kind = f.take("kind").flatMap { choice($0, field + ".kind", UpdateKind.self) }
            warnUnknown(f, parent: field)
            guard let date, let text else { return nil }
            return Update(date: date, text: text, kind: kind ?? .update)
        }
    }

    mutating func people(_ node: YAMLNode?, marks: inout FieldMarks) -> [Person] {
        sequence(node, "people").enumerated().compactMap { index, item in
            let field = "people[\(index + 1)]"
            guard var f = mapping(item, field: field) else { return nil }
            mark(&marks, field, item)
            let nameNode = f.take("name")
            let name = nameNode.flatMap { string($0, field + ".name") }
            if let nameNode { mark(&marks, field + ".name", nameNode) }
            let role = required(&f, "role", parent: field).flatMap { choice($0, field + ".role", PersonRole.self) }
            let age = count(f.take("age"), field + ".age")
            let anonymity = f.take("anonymity").flatMap { choice($0, field + ".anonymity", Anonymity.self) }
            let told = f.take("next_of_kin_informed").flatMap { bool($0, field + ".next_of_kin_informed") }
            warnUnknown(f, parent: field)
            guard let role else { return nil }
            return Person(name: name, role: role, age: age, anonymity: anonymity ?? .none, nextOfKinInformed: told)
        }
    }

    mutating func editorialOverrides(_ node: YAMLNode?) -> [EditorialOverride] {
        sequence(node, "editorial_override").enumerated().compactMap { index, item in
            let field = "editorial_override[\(index + 1)]"
            guard var f = mapping(item, field: field) else { return nil }
            let rule = requiredString(&f, "rule", parent: field)
            let reason = requiredString(&f, "reason", parent: field)
            let by = requiredString(&f, "by", parent: field)
            warnUnknown(f, parent: field)
            guard let rule, let reason, let by else { return nil }
            return EditorialOverride(rule: rule, reason: reason, by: by, line: item.mark.line + lineOffset,
                                     column: item.mark.column)
        }
    }

    /// One of an enumeration's values, by its name in the format.
    mutating func choice<Value: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ field: String,
                                                                _ type: Value.Type) -> Value?
    where Value.RawValue == String {
        guard let text = string(node, field) else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            error(field, at: node, "expected one of \(allowed), found \(quoted(text))")
            return nil
        }
        return value
    }

    mutating func sources(_ node: YAMLNode?) -> [Source] {
        sequence(node, "sources").enumerated().compactMap { index, item in
            let field = "sources[\(index + 1)]"
            guard var f = mapping(item, field: field) else { return nil }
            let title = requiredString(&f, "title", parent: field)
            let urlNode = required(&f, "url", parent: field)
            let url = urlNode.flatMap { string($0, field + ".url") }
            let publisher = f.take("publisher").flatMap { string($0, field + ".publisher") }
            warnUnknown(f, parent: field)
            guard let title, let url, let urlNode else { return nil }
            guard URLSafety.isSafeLink(url) else {
                warning(field + ".url", at: urlNode, "unsafe address \(quoted(url)) removed; use an http(s) address",
                        kind: .unsafeAddress)
                return Source(title: title, url: "", publisher: publisher)
            }
            return Source(title: title, url: url, publisher: publisher)
        }
    }

    mutating func image(_ node: YAMLNode) -> Image? {
        guard var f = mapping(node, field: "image") else { return nil }
        let srcNode = required(&f, "src", parent: "image")
        let src = srcNode.flatMap { string($0, "image.src") }
        // `decorative: true` says the image only decorates: its `alt` is empty, and screen
        // readers pass over it (WCAG 1.1.1). A photo of an incident is never decorative.
        let decorative = bool(f.take("decorative"), "image.decorative") ?? false
        let alt: String?
        if let altNode = f.take("alt") {
            alt = string(altNode, "image.alt")
            if alt == nil, !decorative {
                error("image.alt", at: altNode, "required field is empty (describe the image for readers who cannot see it; "
                          + "an image that only decorates says `decorative: true`)")
            } else if alt != nil, decorative {
                error("image.alt", at: altNode, "a decorative image has no description: leave `alt` empty (alt: \"\"), "
                          + "or remove `decorative: true` if the image shows something readers need")
            }
        } else if decorative {
            alt = nil
        } else {
            report(.error, "image.alt", at: f.mark,
                   "required field is missing (describe the image for readers who cannot see it)")
            alt = nil
        }
        let caption = f.take("caption").flatMap { string($0, "image.caption") }
        let credit = f.take("credit").flatMap { string($0, "image.credit") }
        warnUnknown(f, parent: "image")
        guard let src, let srcNode, alt != nil || decorative else { return nil }
        guard URLSafety.isSafeImage(src) else {
            error("image.src", at: srcNode, "unsafe image address \(quoted(src)); use a path or an http(s) address")
            return nil
        }
        return Image(src: src, alt: alt ?? "", caption: caption, credit: credit, decorative: decorative,
                     place: SourceLocation(line: srcNode.mark.line + lineOffset, column: srcNode.mark.column))
    }

    /// A `source` that may be words or an address (`URLSafety.isAddress`): unsafe addresses
    /// are dropped with a warning; words are kept as they are.
    mutating func safeURLOrText(_ text: String, _ field: String, node: YAMLNode) -> String? {
        if URLSafety.isAddress(text), !URLSafety.isSafeLink(text) {
            warning(field, at: node, "unsafe address \(quoted(text)) removed", kind: .unsafeAddress)
            return nil
        }
        return text
    }
}
