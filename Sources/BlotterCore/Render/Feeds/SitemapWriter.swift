internal import Foundation

/// `/sitemap.xml` (an index of parts past 50,000 addresses), `/news-sitemap.xml` and `/robots.txt`.
struct SitemapWriter: Sendable {
    /// A page and its last change.
    struct Entry: Sendable {
        var path: String
        var lastModified: Date?
    }

    /// The sitemap protocol's limit per file.
    static let maxURLs = 50_000
    /// Google News takes the last 48 hours, at most 1,000 articles.
    static let newsWindow: TimeInterval = 48 * 3_600
    static let newsLimit = 1_000

    let config: SiteConfig
    let dates: DateText

    /// A `<urlset>` of `entries`.
    func urlset(_ entries: ArraySlice<Entry>) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for entry in entries {
            out += "  <url><loc>\(XMLText.escape(config.absoluteURL(entry.path)))</loc>"
            if let date = entry.lastModified { out += "<lastmod>\(dates.iso(date))</lastmod>" }
            out += "</url>\n"
        }
        return out + "</urlset>\n"
    }

    /// A `<sitemapindex>` of `parts` files at `sitemaps/sitemap-N.xml`.
    func index(parts: [ArraySlice<Entry>]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for (n, part) in parts.enumerated() {
            out += "  <sitemap><loc>\(XMLText.escape(config.absoluteURL(Self.partPath(n + 1))))</loc>"
            if let date = part.compactMap(\.lastModified).max() { out += "<lastmod>\(dates.iso(date))</lastmod>" }
            out += "</sitemap>\n"
        }
        return out + "</sitemapindex>\n"
    }

    static func partPath(_ n: Int) -> String { "sitemaps/sitemap-\(n).xml" }

    /// Incidents published in the 48 hours up to `now`, newest first, for Google News.
    func news(_ site: Site, now: Date) -> String {
        let recent = site.incidents.filter { published in
            let date = published.incident.publishedMoment
            return date <= now && date > now.addingTimeInterval(-Self.newsWindow)
        }.sorted { $0.incident.publishedMoment > $1.incident.publishedMoment }.prefix(Self.newsLimit)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
            + "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
        for published in recent {
            out += "  <url>\n    <loc>\(XMLText.escape(config.absoluteURL(published.path)))</loc>\n    <news:news>\n"
            out += "      <news:publication>" + XMLText.element("news:name", config.publisher ?? config.title)
                + XMLText.element("news:language", newsLanguage) + "</news:publication>\n"
            out += "      " + XMLText.element("news:publication_date", dates.iso(published.incident.publishedMoment)) + "\n"
            out += "      " + XMLText.element("news:title", published.incident.title) + "\n"
            out += "    </news:news>\n  </url>\n"
        }
        return out + "</urlset>\n"
    }

    /// `robots.txt`: everything may be crawled; where the sitemaps are.
    func robots() -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(config.absoluteURL("sitemap.xml"))\n"
            + "Sitemap: \(config.absoluteURL("news-sitemap.xml"))\n"
    }

    /// ISO 639 as Google News wants it: `en` for `en-GB`, but `zh-cn` and `zh-tw` kept.
    var newsLanguage: String {
        let lower = config.language.lowercased()
        if lower.hasPrefix("zh-cn") || lower.hasPrefix("zh-tw") { return String(lower.prefix(5)) }
        return String(lower.split(separator: "-").first ?? "en")
    }
}
