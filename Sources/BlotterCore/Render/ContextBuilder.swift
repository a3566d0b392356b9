internal import Foundation

/// Turns the site model into the plain values templates see. Built once per
/// build; the per-incident card values are shared by every listing.
final class ContextBuilder: Sendable {
    let site: Site
    let dates: DateText
    /// `https://host/base/` from `base_url` (or `--base-url`), or `/base/` when only a path is known.
    let absoluteBase: String
    /// `/base/`: the prefix of every root-relative link.
    let basePath: String

    init(site: Site) {
        self.site = site
        self.dates = DateText(zone: site.config.timeZone)
        self.basePath = site.config.basePath
        self.absoluteBase = site.config.baseURL
    }

    /// A root-relative link to `path` (a site path like `incidents/x/`).
    func url(_ path: String) -> String { basePath + path }

    /// An absolute link when `base_url` is absolute, else root-relative.
    func permalink(_ path: String) -> String {
        absoluteBase.hasPrefix("/") ? url(path) : absoluteBase + path
    }

    /// `url` made absolute against `base_url` when it is root-relative.
    func absoluteURL(_ link: String) -> String {
        guard link.hasPrefix(basePath), !absoluteBase.hasPrefix("/") else { return link }
        return absoluteBase + link.dropFirst(basePath.count)
    }

    /// The `site` value.
    func siteContext() -> TemplateValue {
        let config = site.config
        var context: TemplateFields = [
            "title": .text(config.title), "description": .text(config.description), "language": .text(config.language),
            "base_url": .text(absoluteBase), "base_path": .text(basePath),
            "base_path_json": .text(JSONText.quote(basePath)), "url": .text(url("")),
            "assets_url": .text(url("assets/")), "timezone": .text(config.timeZone.identifier),
            "assets": .map(TemplateFields(site.assets.entries.map { entry in
                (entry.key, ["url": .text(url(entry.linked)), "integrity": .text(entry.integrity)] as TemplateValue)
            })),
            "extra": .map(TemplateFields(config.extra.mapValues(\.templateValue))),
            "taxonomies": .list(site.taxonomies.map {
                ["name": .text($0.kind.segment), "title": .text($0.kind.title), "url": .text(url($0.path))]
            }),
            "pages": .list(site.pages.map { ["title": .text($0.page.title), "url": .text(url($0.path))] }),
            "briefings": .list(config.briefings.map { named in
                ["name": .text(named.name), "title": .text(named.briefing.title ?? named.name),
                 "url": .text(url("briefings/\(named.name)/"))]
            }),
            "has_briefings": .bool(!config.briefings.isEmpty),
            "incident_count": .int(site.incidents.count),
            "feed_url": .text(url("feed.xml")), "json_feed_url": .text(url("feed.json")),
            "has_search": .bool(config.search), "search_url": .text(url("search/")),
            "locale": .text(config.language.replacingBytes("-", with: "_")),
        ]
        context["data_url"] = .text(url(DataFiles.pagePath))
        context["corrections_url"] = .text(url("corrections/"))
        context["corrections_feed_url"] = .text(url("corrections/feed.xml"))
        context["corrections_policy_url"] = config.correctionsPolicy.map(siteLink).templateText
        context["publishing_principles_url"] = config.publishingPrinciples.map(siteLink).templateText
        context["ethics_policy_url"] = config.ethicsPolicy.map(siteLink).templateText
        context["masthead_url"] = config.masthead.map(siteLink).templateText
        context["author"] = config.author.templateText
        context["publisher"] = config.publisher.templateText
        context["build_time"] = site.buildTime.map(dates.context).orAbsent
        let hasMap = config.map != nil && site.incidents.contains { $0.incident.location.hasCoordinates }
        context["has_map"] = .bool(hasMap)
        context["map_url"] = hasMap ? .text(url(MapIndex.pagePath)) : .absent
        return .map(context)
    }

    /// The short form of an incident used in listings.
    func card(_ i: Int) -> TemplateFields {
        var card: TemplateFields = [:]
        for key in Self.cardKeys { card[key] = cardField(key, at: i) }
        return card
    }

    /// The fields of a card.
    static let cardKeys = ["title", "summary", "url", "slug", "date", "status", "location", "category", "byline",
                           "authors"]

    /// One field of the card of incident `i` (nil: the card has no such field).
    func cardField(_ key: String, at i: Int) -> TemplateValue? {
        let published = site.incidents[i]
        let incident = published.incident
        switch key {
        case "title": return .text(incident.title)
        case "summary": return .text(incident.summary)
        case "url": return .text(url(published.path))
        case "slug": return .text(published.slug)
        case "date": return dates.context(incident.date)
        case "status": return status(incident.status)
        case "location": return location(incident.location, areaSlug: published.shared.values(.area).first?.slug)
        case "category": return terms(.category, of: published).first.orAbsent
        case "byline": return byline(of: i).templateText
        case "authors": return .list((site.links.authors[i] ?? []).map { .map(author(site.authors[$0])) })
        default: return nil
        }
    }

    func status(_ status: Status) -> TemplateValue {
        ["key": .text(status.rawValue), "label": .text(status.label), "url": .text(url("statuses/\(status.rawValue)/"))]
    }

    /// `areaSlug`: the slug of the location's area (made when the incident was read).
    func location(_ location: Location, areaSlug: String?) -> TemplateValue {
        var value: TemplateFields = ["name": .text(location.name), "area": .absent, "area_url": .absent,
                                     "lat": .absent, "lon": .absent, "has_coordinates": false]
        if let area = location.area, let areaSlug {
            value["area"] = .text(area)
            value["area_url"] = .text(url("areas/\(areaSlug)/"))
        }
        if let lat = location.lat, let lon = location.lon {
            value["lat"] = .text(String(lat))
            value["lon"] = .text(String(lon))
            value["has_coordinates"] = true
        }
        return .map(value)
    }

    /// The incident's values of a taxonomy, each with the link to its listing.
    func terms(_ kind: TaxonomyKind, of published: PublishedIncident) -> [TemplateValue] {
        published.shared.values(kind).map { ["name": .text($0.name), "url": .text(url("\(kind.segment)/\($0.slug)/"))] }
    }

    /// The `page` value every page has.
    func page(kind: String, title: String, description: String, path: String) -> TemplateFields {
        var fields: TemplateFields = [
            "kind": .text(kind), "title": .text(title), "description": .text(description), "url": .text(url(path)),
            "permalink": .text(permalink(path)),
        ]
        fields["is_" + kind] = true
        return fields
    }
}

extension ExtraValue {
    /// The value as templates see it.
    var templateValue: TemplateValue {
        switch self {
        case .string(let s): return .text(s)
        case .list(let items): return .list(items.map(\.templateValue))
        case .map(let pairs): return .map(TemplateFields(pairs.mapValues(\.templateValue)))
        }
    }
}
