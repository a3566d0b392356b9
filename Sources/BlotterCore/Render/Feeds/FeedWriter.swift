internal import Foundation
internal import Synchronization

/// Atom and JSON Feed documents, built in code so that no title can break them.
struct FeedWriter: Sendable {
    let site: Site
    let dates: DateText
    /// Body HTML of every incident that appears in some feed, by index.
    let content: [Int: String]
    /// Atom entries made so far: an incident is in the site feed and several term
    /// feeds, with the same entry in each.
    private let entries = EntryCache()

    init(site: Site, dates: DateText, content: [Int: String]) {
        self.site = site
        self.dates = dates
        self.content = content
    }

    private final class EntryCache: Sendable {
        let atom = Mutex<[Int: [UInt8]]>([:])
    }

    /// Entry indexes of `candidates`, newest publication first, at most `feed_limit`.
    static func newest(_ candidates: [Int], in site: Site) -> [Int] {
        let sorted = candidates.sorted { a, b in
            let (l, r) = (site.incidents[a].incident, site.incidents[b].incident)
            return l.publishedMoment != r.publishedMoment ? l.publishedMoment > r.publishedMoment : l.path < r.path
        }
        return Array(sorted.prefix(site.config.feedLimit))
    }

    /// An Atom 1.0 feed at `path` for the listing at `alternate`, as UTF-8.
    func atom(title: String, path: String, alternate: String, entries: [Int]) -> [UInt8] {
        atom(title: title, path: path, alternate: alternate, updated: updated(entries), entryTexts: entries.map(cachedEntry))
    }

    /// The Atom feed of corrections and clarifications (`/corrections/feed.xml`): an entry for
    /// each, newest first, linked to its place on the incident's page.
    func correctionsAtom(path: String, entries: [CorrectionRef]) -> [UInt8] {
        let texts = entries.map { ref -> [UInt8] in
            let published = site.incidents[ref.incident]
            let update = published.incident.updates[ref.update]
            let link = site.config.absoluteURL(published.path) + "#" + ref.anchor
            var out: [UInt8] = []
            out.write("  <entry>\n    ")
            XMLText.element("title", "\(update.kind.label): \(published.incident.title)", to: &out)
            out.write("\n    <link rel=\"alternate\" type=\"text/html\" href=\"")
            XMLText.append(link, to: &out)
            out.write("\"/>\n    ")
            XMLText.element("id", id(published.path) + "#" + ref.anchor, to: &out)
            out.write("\n    ")
            XMLText.element("published", dates.iso(update.date.instant), to: &out)
            out.write("\n    ")
            XMLText.element("updated", dates.iso(update.date.instant), to: &out)
            out.write("\n    <category term=\"")
            XMLText.append(update.kind.rawValue, to: &out)
            out.write("\"/>\n    <content type=\"html\">")
            XMLText.append(Markdown.inlineHTML(update.text), to: &out)
            out.write("</content>\n  </entry>\n")
            return out
        }
        let newest = entries.first.map { site.incidents[$0.incident].incident.updates[$0.update].date.instant }
        return atom(title: "\(site.config.title): corrections and clarifications", path: path, alternate: "corrections/",
                    updated: newest ?? updated([]), entryTexts: texts)
    }

    private func atom(title: String, path: String, alternate: String, updated: Date, entryTexts: [[UInt8]]) -> [UInt8] {
        let config = site.config
        // Room for the entries at once: a feed of full-text entries is often megabytes.
        var out: [UInt8] = []
        out.reserveCapacity(entryTexts.reduce(4096) { $0 + $1.count })
        out.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"")
        XMLText.append(config.language, to: &out)
        out.write("\">\n  ")
        XMLText.element("title", title, to: &out)
        if !config.description.isEmpty {
            out.write("\n  ")
            XMLText.element("subtitle", config.description, to: &out)
        }
        out.write("\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"")
        XMLText.append(config.absoluteURL(path), to: &out)
        out.write("\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"")
        XMLText.append(config.absoluteURL(alternate), to: &out)
        out.write("\"/>\n  ")
        XMLText.element("id", id(path), to: &out)
        out.write("\n  ")
        XMLText.element("updated", dates.iso(updated), to: &out)
        out.write("\n  <author>")
        XMLText.element("name", config.author ?? config.title, to: &out)
        out.write("</author>\n  <generator>Blotter</generator>\n")
        for text in entryTexts { out += text }
        out.write("</feed>\n")
        return out
    }

    /// A JSON Feed 1.1 document at `path`.
    func json(path: String, entries: [Int]) -> String {
        let config = site.config
        return JSONWriter.text { json in
            json.object { json in
                json.field("version", "https://jsonfeed.org/version/1.1")
                json.field("title", config.title)
                json.field("home_page_url", config.absoluteURL(""))
                json.field("feed_url", config.absoluteURL(path))
                json.field("language", config.language)
                json.array("authors") { json in json.object { $0.field("name", config.author ?? config.title) } }
                if !config.description.isEmpty { json.field("description", config.description) }
                json.array("items") { json in
                    for index in entries { item(index, &json) }
                }
            }
        } + "\n"
    }

    /// One item of the JSON Feed.
    private func item(_ index: Int, _ json: inout JSONWriter) {
        let published = site.incidents[index]
        let incident = published.incident
        json.object { json in
            json.field("id", id(published.path))
            json.field("url", site.config.absoluteURL(published.path))
            json.field("title", incident.title)
            json.field("summary", incident.summary)
            json.field("content_html", content[index] ?? "")
            json.field("date_published", dates.iso(incident.publishedMoment))
            json.field("date_modified", dates.iso(incident.lastModified))
            if let image = incident.image { json.field("image", absolute(image.src)) }
            let authors = authors(of: index)
            if !authors.isEmpty {
                json.array("authors") { json in
                    for author in authors {
                        json.object { json in
                            json.field("name", author.author.name)
                            json.field("url", site.config.absoluteURL(author.path))
                        }
                    }
                }
            }
            let tags = incident.tags + incident.agencies + [incident.category, incident.location.area].compactMap { $0 }
            if !tags.isEmpty { json.field("tags", strings: tags) }
        }
    }
}

private extension FeedWriter {
    /// The Atom entry of incident `index`, made once.
    func cachedEntry(_ index: Int) -> [UInt8] {
        if let known = entries.atom.withLock({ $0[index] }) { return known }
        let made = entry(index)
        entries.atom.withLock { $0[index] = made }
        return made
    }

    func entry(_ index: Int) -> [UInt8] {
        let published = site.incidents[index]
        let incident = published.incident
        var out: [UInt8] = []
        out.reserveCapacity(1024 + (content[index]?.utf8.count ?? 0) * 5 / 4)
        out.write("  <entry>\n    ")
        XMLText.element("title", incident.title, to: &out)
        out.write("\n    <link rel=\"alternate\" type=\"text/html\" href=\"")
        XMLText.append(site.config.absoluteURL(published.path), to: &out)
        out.write("\"/>\n    ")
        XMLText.element("id", id(published.path), to: &out)
        out.write("\n    ")
        XMLText.element("published", dates.iso(incident.publishedMoment), to: &out)
        out.write("\n    ")
        XMLText.element("updated", dates.iso(incident.lastModified), to: &out)
        out.write("\n")
        for author in authors(of: index) {
            out.write("    <author>")
            XMLText.element("name", author.author.name, to: &out)
            XMLText.element("uri", site.config.absoluteURL(author.path), to: &out)
            out.write("</author>\n")
        }
        var seen: Set<String> = []
        for category in incident.tags + [incident.category].compactMap({ $0 }) where seen.insert(category).inserted {
            out.write("    <category term=\"")
            XMLText.append(category, to: &out)
            out.write("\"/>\n")
        }
        out.write("    <summary type=\"text\">")
        XMLText.append(incident.summary, to: &out)
        out.write("</summary>\n    <content type=\"html\">")
        XMLText.append(content[index] ?? "", to: &out)
        out.write("</content>\n  </entry>\n")
        return out
    }

    /// The bylined authors of incident `index` (none: the feed's author stands).
    func authors(of index: Int) -> [PublishedAuthor] {
        (site.links.authors[index] ?? []).map { site.authors[$0] }
    }

    /// A stable id: the absolute URL, or a tag URI when `base_url` is only a path.
    func id(_ path: String) -> String {
        let url = site.config.absoluteURL(path)
        return url.hasPrefix("/") ? "tag:blotter.invalid,2024:" + url : url
    }

    func absolute(_ src: String) -> String {
        src.hasPrefix("/") && !src.hasPrefix("//") ? site.config.absoluteURL(String(src.dropFirst())) : src
    }

    /// The newest change among the entries (fixed when there are none, so builds stay identical).
    func updated(_ entries: [Int]) -> Date {
        entries.map { site.incidents[$0].incident.lastModified }.max()
            ?? site.incidents.map(\.incident.lastModified).max() ?? Date(timeIntervalSince1970: 0)
    }
}
