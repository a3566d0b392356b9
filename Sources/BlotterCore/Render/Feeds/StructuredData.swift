internal import Foundation

/// schema.org JSON-LD for an incident page, from the JSON encoder (never a template):
/// `NewsArticle`, or `LiveBlogPosting` with the timeline while the story is developing.
struct StructuredData: Sendable {
    let site: Site
    let dates: DateText

    /// The JSON text, safe to place inside `<script type="application/ld+json">`.
    func incident(_ published: PublishedIncident) -> String { incident(published, published.shared.incident) }

    private func incident(_ published: PublishedIncident, _ incident: borrowing Incident) -> String {
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
                organisation("author", config.author ?? config.title, &json)
                publisher(&json)
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

private extension StructuredData {
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
