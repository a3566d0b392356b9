internal import Foundation

/// Turns the site model into the plain values templates see. Built once per
/// build; the per-incident card values are shared by every listing.
struct ContextBuilder: Sendable {
    let site: Site
    let dates: DateText
    /// `https://host/base/` (from `base_url`, or the `--base-url` override).
    let absoluteBase: String
    /// `/base/`: the prefix of every root-relative link.
    let basePath: String

    init(site: Site) {
        self.site = site
        self.dates = DateText(zone: site.config.timeZone)
        self.basePath = site.config.basePath
        let base = site.config.baseURL
        self.absoluteBase = base.hasPrefix("/") ? base : base
    }

    /// A root-relative link to `path` (a site path like `incidents/x/`).
    func url(_ path: String) -> String { basePath + path }

    /// An absolute link when `base_url` is absolute, else root-relative.
    func permalink(_ path: String) -> String {
        absoluteBase.hasPrefix("/") ? url(path) : absoluteBase + path
    }

    /// The `site` value.
    func siteContext() -> [String: any Sendable] {
        let config = site.config
        var context: [String: any Sendable] = [
            "title": config.title, "description": config.description, "language": config.language,
            "base_url": absoluteBase, "base_path": basePath, "url": url(""), "assets_url": url("assets/"),
            "timezone": config.timeZone.identifier, "extra": config.extra.mapValues(\.templateValue),
            "taxonomies": site.taxonomies.map { ["name": $0.kind.segment, "title": $0.kind.title, "url": url($0.path)] },
            "pages": site.pages.map { ["title": $0.page.title, "url": url($0.path)] },
            "incident_count": site.incidents.count,
        ]
        if let author = config.author { context["author"] = author }
        if let publisher = config.publisher { context["publisher"] = publisher }
        if let time = site.buildTime { context["build_time"] = dates.context(time) }
        return context
    }

    /// The short form of an incident used in listings.
    func card(_ published: PublishedIncident) -> [String: any Sendable] {
        let incident = published.incident
        var card: [String: any Sendable] = [
            "title": incident.title, "summary": incident.summary, "url": url(published.path),
            "slug": published.slug, "date": dates.context(incident.date), "status": status(incident.status),
            "location": location(incident.location),
        ]
        if let category = incident.category { card["category"] = term(.category, category) }
        return card
    }

    func status(_ status: Status) -> [String: any Sendable] {
        ["key": status.rawValue, "label": status.label, "url": url("statuses/\(status.rawValue)/")]
    }

    func location(_ location: Location) -> [String: any Sendable] {
        var value: [String: any Sendable] = ["name": location.name]
        if let area = location.area {
            value["area"] = area
            value["area_url"] = url("areas/\(Slug.term(area))/")
        }
        if let lat = location.lat, let lon = location.lon {
            value["lat"] = String(lat)
            value["lon"] = String(lon)
            value["has_coordinates"] = true
        }
        return value
    }

    func term(_ kind: TaxonomyKind, _ name: String) -> [String: any Sendable] {
        ["name": name, "url": url("\(kind.segment)/\(Slug.term(name))/")]
    }

    /// The values every page has: `site`, `page`.
    func base(kind: String, title: String, description: String, path: String) -> [String: any Sendable] {
        let page: [String: any Sendable] = [
            "kind": kind, "title": title, "description": description, "url": url(path), "permalink": permalink(path),
            "is_\(kind)": true,
        ]
        return ["page": page]
    }
}
