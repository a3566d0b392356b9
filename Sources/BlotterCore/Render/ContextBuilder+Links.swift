internal import Foundation

/// Bylines, story threads and related incidents as templates see them.
extension ContextBuilder {
    /// What links incident `i` to others: `authors`, `byline`, `thread` (with its `earlier`
    /// and `later` incidents), `related`, and a `has_` key for each list.
    func links(of i: Int) -> TemplateFields {
        let links = site.links
        var fields: TemplateFields = [:]
        let indices = links.authors[i] ?? []
        let authors = indices.enumerated().map { k, a in
            // What goes before each name in a byline: "", ", " or " and ".
            let separator = k == 0 ? "" : k == indices.count - 1 ? " and " : ", "
            return TemplateValue.map(author(site.authors[a]).merging(["separator": .text(separator)]))
        }
        fields["authors"] = .list(authors)
        fields["has_authors"] = .bool(!authors.isEmpty)
        fields["byline"] = byline(of: i).templateText
        fields["thread"] = .absent
        fields["earlier"] = .list([])
        fields["later"] = .list([])
        fields["has_earlier"] = false
        fields["has_later"] = false
        if let t = links.thread[i] {
            let thread = site.threads[t]
            let position = thread.incidents.firstIndex(of: i) ?? 0
            fields["thread"] = .map(threadValue(thread, current: i))
            fields["earlier"] = .list(thread.incidents[..<position].map { .map(reference($0)) })
            fields["later"] = .list(thread.incidents[(position + 1)...].map { .map(reference($0)) })
            fields["has_earlier"] = .bool(position > 0)
            fields["has_later"] = .bool(position < thread.incidents.count - 1)
        }
        fields["has_thread"] = .bool(links.thread[i] != nil)
        let related = (links.related[i] ?? []).map { TemplateValue.map(reference($0)) }
        fields["related"] = .list(related)
        fields["has_related"] = .bool(!related.isEmpty)
        return fields
    }

    /// "Jane Doe", "Jane Doe and Sam Patel", "A, B and C"; nil without authors.
    func byline(of i: Int) -> String? {
        let names = (site.links.authors[i] ?? []).map { site.authors[$0].author.name }
        guard let last = names.last else { return nil }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
    }

    /// An author as a byline links them: `name`, `key`, `role`, `url`.
    func author(_ published: PublishedAuthor) -> TemplateFields {
        let author = published.author
        return ["name": .text(author.name), "key": .text(author.key), "role": author.role.templateText,
                "url": .text(url(published.path)), "permalink": .text(permalink(published.path))]
    }

    /// Another incident as a link: `title`, `url`, `date`, `status`, `summary`, `slug`.
    func reference(_ i: Int) -> TemplateFields {
        let published = site.incidents[i]
        let incident = published.incident
        return ["title": .text(incident.title), "url": .text(url(published.path)), "slug": .text(published.slug),
                "date": dates.context(incident.date), "status": status(incident.status),
                "summary": .text(incident.summary)]
    }

    /// A thread: `title` (its first incident's), `url`, `count`, `count_text`, and its
    /// `incidents` in story order, each with `is_current` (the page's own incident; -1: none).
    func threadValue(_ thread: StoryThread, current: Int = -1) -> TemplateFields {
        let first = site.incidents[thread.incidents[0]].incident
        return ["title": .text(first.title), "url": .text(url(thread.path)), "count": .int(thread.incidents.count),
                "count_text": .text(thread.incidents.count == 1 ? "1 report" : "\(thread.incidents.count) reports"),
                "incidents": .list(thread.incidents.map { i in
                    var fields = reference(i)
                    fields["is_current"] = .bool(i == current)
                    fields["byline"] = byline(of: i).templateText
                    fields["location"] = location(site.incidents[i].incident.location,
                                                  areaSlug: site.incidents[i].shared.values(.area).first?.slug)
                    return .map(fields)
                })]
    }
}
