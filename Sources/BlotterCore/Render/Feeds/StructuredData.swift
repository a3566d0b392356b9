internal import Foundation

/// schema.org JSON-LD for an incident page, from the JSON encoder (never a template):
/// `NewsArticle`, or `LiveBlogPosting` with the timeline while the story is developing.
struct StructuredData: Sendable {
    let site: Site
    let dates: DateText

    /// The JSON text, safe to place inside `<script type="application/ld+json">`.
    func incident(_ i: Int) -> String { incident(i, site.incidents[i], site.incidents[i].shared.incident) }

    private func incident(_ i: Int, _ published: PublishedIncident, _ incident: borrowing Incident) -> String {
        let config = site.config
        let url = config.absoluteURL(published.path)
        let live = incident.status == .developing
        return JSONWriter.text { json in
            json.object { json in
                json.field("@context", "https://schema.org")
                json.field("@type", live ? "LiveBlogPosting" : "NewsArticle")
                json.field("headline", incident.title)
                json.field("description", incident.summary)
                json.field("url", url)
                json.field("mainEntityOfPage", url)
                json.field("datePublished", dates.iso(incident.publishedMoment))
                json.field("dateModified", dates.iso(incident.lastModified))
                if let authors = site.links.authors[i] {
                    people("author", authors.map { site.authors[$0] }, &json)
                } else {
                    organisation("author", config.author ?? config.title, &json)
                }
                publisher(&json)
                thread(of: i, &json)
                place(incident.location, &json)
                if let image = incident.image { json.field("image", strings: [absolute(image.src)]) }
                if let category = incident.category { json.field("articleSection", category) }
                if !incident.tags.isEmpty { json.field("keywords", incident.tags.joined(separator: ", ")) }
                if live {
                    json.field("coverageStartTime", dates.iso(incident.date.instant))
                    json.array("liveBlogUpdate") { [timeline = incident.timeline] json in
                        for entry in timeline {
                            let text = Markdown.plainText(entry.text)
                            json.object { json in
                                json.field("@type", "BlogPosting")
                                json.field("headline", text)
                                json.field("datePublished", dates.iso(entry.time.instant))
                                json.field("articleBody", text)
                            }
                        }
                    }
                }
                let corrections = incident.updates.filter { $0.kind == .correction }
                if !corrections.isEmpty {
                    json.array("correction") { json in
                        for update in corrections {
                            json.object { json in
                                json.field("@type", "CorrectionComment")
                                json.field("text", Markdown.plainText(update.text))
                                json.field("datePublished", dates.iso(update.date.instant))
                            }
                        }
                    }
                }
            }
        }
    }
}

extension StructuredData {
    /// An author's page: a `ProfilePage` whose `mainEntity` is the `Person` (what Google
    /// reads for profile pages).
    func author(_ published: PublishedAuthor) -> String {
        let author = published.author
        return JSONWriter.text { json in
            json.object { json in
                json.field("@context", "https://schema.org")
                json.field("@type", "ProfilePage")
                json.field("url", site.config.absoluteURL(published.path))
                json.object("mainEntity") { json in
                    json.field("@type", "Person")
                    json.field("name", author.name)
                    json.field("url", site.config.absoluteURL(published.path))
                    if let role = author.role { json.field("jobTitle", role) }
                    if let bio = author.bio { json.field("description", Markdown.plainText(bio)) }
                    if let image = author.image { json.field("image", absolute(image.src)) }
                    let links = author.links.map(\.url)
                    if !links.isEmpty { json.field("sameAs", strings: links) }
                    organisation("worksFor", site.config.publisher ?? site.config.title, &json)
                }
            }
        }
    }

    /// A thread's page: a `CreativeWorkSeries` whose parts (`hasPart`) are its reports, in order.
    func thread(_ thread: StoryThread) -> String {
        JSONWriter.text { json in
            json.object { json in
                json.field("@context", "https://schema.org")
                json.field("@type", "CreativeWorkSeries")
                json.field("name", site.incidents[thread.incidents[0]].incident.title)
                json.field("url", site.config.absoluteURL(thread.path))
                json.array("hasPart") { json in
                    for i in thread.incidents {
                        let published = site.incidents[i]
                        json.object { json in
                            json.field("@type", "NewsArticle")
                            json.field("headline", published.incident.title)
                            json.field("url", site.config.absoluteURL(published.path))
                            json.field("datePublished", dates.iso(published.incident.publishedMoment))
                        }
                    }
                }
            }
        }
    }
}

private extension StructuredData {
    /// Bylined authors, each a `Person` with their page's `url` (Google's article guidelines
    /// ask for one that identifies the person).
    func people(_ key: String, _ authors: [PublishedAuthor], _ json: inout JSONWriter) {
        json.array(key) { json in
            for published in authors {
                json.object { json in
                    json.field("@type", "Person")
                    json.field("name", published.author.name)
                    json.field("url", site.config.absoluteURL(published.path))
                    if let role = published.author.role { json.field("jobTitle", role) }
                }
            }
        }
    }

    /// A story thread: the series the report is part of (`isPartOf`, the thread's page), and
    /// the earlier report it follows (`citation`). docs/templates.md says why these two.
    func thread(of i: Int, _ json: inout JSONWriter) {
        guard let t = site.links.thread[i] else { return }
        let thread = site.threads[t]
        json.object("isPartOf") { json in
            json.field("@type", "CreativeWorkSeries")
            json.field("name", site.incidents[thread.incidents[0]].incident.title)
            json.field("url", site.config.absoluteURL(thread.path))
        }
        guard let earlier = site.links.follows[i] else { return }
        json.array("citation") { json in
            json.object { json in
                json.field("@type", "NewsArticle")
                json.field("headline", site.incidents[earlier].incident.title)
                json.field("url", site.config.absoluteURL(site.incidents[earlier].path))
            }
        }
    }

    func organisation(_ key: String, _ name: String, _ json: inout JSONWriter) {
        json.object(key) { json in
            json.field("@type", "Organization")
            json.field("name", name)
            json.field("url", site.config.absoluteURL(""))
        }
    }

    /// The newsroom, with the Trust Project's indicators site.yml names (schema.org's
    /// `correctionsPolicy`, `publishingPrinciples`, `ethicsPolicy` and `masthead`).
    func publisher(_ json: inout JSONWriter) {
        let config = site.config
        json.object("publisher") { json in
            json.field("@type", "NewsMediaOrganization")
            json.field("name", config.publisher ?? config.title)
            json.field("url", config.absoluteURL(""))
            for (key, link) in [("correctionsPolicy", config.correctionsPolicy),
                                ("publishingPrinciples", config.publishingPrinciples),
                                ("ethicsPolicy", config.ethicsPolicy), ("masthead", config.masthead)] {
                if let link { json.field(key, absolute(link)) }
            }
        }
    }

    func place(_ location: Location, _ json: inout JSONWriter) {
        json.object("contentLocation") { json in
            json.field("@type", "Place")
            json.field("name", location.name)
            if let area = location.area { json.field("address", area) }
            if let lat = location.lat, let lon = location.lon {
                json.object("geo") { json in
                    json.field("@type", "GeoCoordinates")
                    json.field("latitude", double: lat)
                    json.field("longitude", double: lon)
                }
            }
        }
    }

    func absolute(_ src: String) -> String {
        src.hasPrefix("/") && !src.hasPrefix("//") ? site.config.absoluteURL(String(src.dropFirst())) : src
    }
}
