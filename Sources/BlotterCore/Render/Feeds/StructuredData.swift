internal import Foundation

/// schema.org JSON-LD for an incident page, from the JSON encoder (never a template):
/// `NewsArticle`, or `LiveBlogPosting` with the timeline while the story is developing.
struct StructuredData: Sendable {
    let site: Site
    let dates: DateText

    /// The JSON text, safe to place inside `<script type="application/ld+json">`.
    func incident(_ published: PublishedIncident) -> String {
        let incident = published.incident
        let config = site.config
        let url = config.absoluteURL(published.path)
        let live = incident.status == .developing
        var fields: [(String, JSONValue)] = [
            ("@context", .string("https://schema.org")), ("@type", .string(live ? "LiveBlogPosting" : "NewsArticle")),
            ("headline", .string(incident.title)), ("description", .string(incident.summary)), ("url", .string(url)),
            ("mainEntityOfPage", .string(url)), ("datePublished", .string(dates.iso(incident.publishedMoment))),
            ("dateModified", .string(dates.iso(incident.lastModified))),
            ("author", organisation(config.author ?? config.title)),
            ("publisher", organisation(config.publisher ?? config.title)),
            ("contentLocation", place(incident.location)),
        ]
        if let image = incident.image { fields.append(("image", .array([.string(absolute(image.src))]))) }
        if let category = incident.category { fields.append(("articleSection", .string(category))) }
        if !incident.tags.isEmpty { fields.append(("keywords", .string(incident.tags.joined(separator: ", ")))) }
        if live {
            fields.append(("coverageStartTime", .string(dates.iso(incident.date.instant))))
            fields.append(("liveBlogUpdate", .array(incident.timeline.map { entry in
                let text = Markdown.plainText(entry.text)
                return .object([("@type", .string("BlogPosting")), ("headline", .string(text)),
                                ("datePublished", .string(dates.iso(entry.time.instant))),
                                ("articleBody", .string(text))])
            })))
        }
        let corrections = incident.updates.filter(Self.isCorrection)
        if !corrections.isEmpty {
            fields.append(("correction", .array(corrections.map { update in
                .object([("@type", .string("CorrectionComment")), ("text", .string(Markdown.plainText(update.text))),
                         ("datePublished", .string(dates.iso(update.date.instant)))])
            })))
        }
        return JSONValue.object(fields).text
    }

    /// An update is a correction when its text starts with "Correction" (the newsroom convention).
    static func isCorrection(_ update: Update) -> Bool {
        let plain = update.text.drop { "*_ ".contains($0) }
        return plain.lowercased().hasPrefix("correction")
    }
}

private extension StructuredData {
    func organisation(_ name: String) -> JSONValue {
        .object([("@type", .string("Organization")), ("name", .string(name)),
                 ("url", .string(site.config.absoluteURL("")))])
    }

    func place(_ location: Location) -> JSONValue {
        var fields: [(String, JSONValue)] = [("@type", .string("Place")), ("name", .string(location.name))]
        if let area = location.area { fields.append(("address", .string(area))) }
        if let lat = location.lat, let lon = location.lon {
            fields.append(("geo", .object([("@type", .string("GeoCoordinates")), ("latitude", .double(lat)),
                                           ("longitude", .double(lon))])))
        }
        return .object(fields)
    }

    func absolute(_ src: String) -> String {
        src.hasPrefix("/") && !src.hasPrefix("//") ? site.config.absoluteURL(String(src.dropFirst())) : src
    }
}
