public import Foundation

/// What to publish and when "now" is.
public struct PublishPolicy: Sendable {
    /// Include `draft: true`.
    public var drafts: Bool
    /// Include `published` in the future.
    public var future: Bool
    /// The moment that decides what is in the future.
    public var now: Date

    /// Creates a policy.
    public init(drafts: Bool = false, future: Bool = false, now: Date) {
        self.drafts = drafts
        self.future = future
        self.now = now
    }
}

/// Stage 3, assemble: slugs, URLs, order, collisions and taxonomies. Pure.
public enum Assembler {
    /// First URL segments that belong to generated pages; a page may not use them.
    static let reservedSegments: Set<String> = Set(TaxonomyKind.allCases.map(\.segment))
        .union(["incidents", "page", "assets", "404.html", "feed.xml", "feed.json", "sitemap.xml", "sitemaps",
                "news-sitemap.xml", "robots.txt", "incidents.json", "incidents.csv", "incidents.jsonl", "incidents.geojson",
                "briefings", "search", "pagefind", "corrections", "data", "authors", "threads", "map"])

    /// Builds the site from parsed incidents and pages (both in path order). Incidents come
    /// shared, made where they are parsed (in parallel); the preview keeps them between rebuilds.
    public static func assemble(config: SiteConfig, shared incidents: [SharedIncident], pages: [Page],
                                authors: [Author] = [], policy: PublishPolicy,
                                buildTime: Date? = nil) -> (Site, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let visible = incidents.filter {
            isVisible(draft: $0.incident.draft, published: $0.incident.publishedMoment, policy)
        }
        // Tombstones keep their URLs: slugs are given to them with the others.
        let slugged = assignSlugs(visible, config: config, diagnostics: &diagnostics)
        let withdrawn = slugged.filter { $0.incident.isWithdrawn(at: policy.now) }
        let ordered = slugged.filter { !$0.incident.isWithdrawn(at: policy.now) }.sorted { lhs, rhs in
            lhs.incident.date.instant != rhs.incident.date.instant
                ? lhs.incident.date.instant > rhs.incident.date.instant : lhs.incident.path < rhs.incident.path
        }
        let visiblePages = pages.filter { policy.drafts || !$0.draft }
        let published = checkPages(visiblePages, incidentFolder: config.permalink.firstSegment, diagnostics: &diagnostics)
        let kinds = TaxonomyKind.allCases
        let taxonomies = Parallel.map(kinds.count) { taxonomy(kinds[$0], of: ordered) }
        var site = Site(config: config, incidents: ordered, pages: published, taxonomies: taxonomies,
                        buildTime: buildTime, now: policy.now)
        site.withdrawn = withdrawn
        link(&site, authors: authors, all: incidents, diagnostics: &diagnostics)
        site.redirects = redirects(site, diagnostics: &diagnostics)
        site.briefings = selectBriefings(site, diagnostics: &diagnostics)
        site.heldBack = incidents.filter { isHeldBack(draft: $0.incident.draft, published: $0.incident.publishedMoment, policy) }
        return (site, diagnostics)
    }

    /// Whether an incident is left out only for its future `published` time, and so appears
    /// by itself when that time comes.
    static func isHeldBack(draft: Bool, published: Date, _ policy: PublishPolicy) -> Bool {
        (policy.drafts || !draft) && !policy.future && published > policy.now
    }

    static func isVisible(draft: Bool, published: Date, _ policy: PublishPolicy) -> Bool {
        (policy.drafts || !draft) && (policy.future || published <= policy.now)
    }
}

private extension Assembler {
    /// The incidents of each briefing of site.yml; an error for one that cannot select from
    /// this site (an `incidents` slug that no published incident has): a published
    /// briefing must never be an empty page.
    static func selectBriefings(_ site: Site, diagnostics: inout [Diagnostic]) -> [[Int]] {
        site.config.briefings.enumerated().map { index, named in
            do throws(BriefingFilter.Problem) {
                return try named.briefing.filter.select(in: site, now: site.now)
            } catch {
                let key = ["incident": "incidents", "status": "status", "since": "since", "until": "until",
                           "thread": "thread"][error.option]
                diagnostics.append(Diagnostic(.error, file: "site.yml", line: named.line, column: named.column,
                                              field: "briefings[\(index + 1)].\(key ?? error.option)", message: error.message))
                return []
            }
        }
    }

    /// Unique addresses by path order: a later file whose address (`permalinks`, made with its
    /// slug) is taken gets the slug `-2`, `-3`, ...
    static func assignSlugs(_ incidents: [SharedIncident], config: SiteConfig,
                            diagnostics: inout [Diagnostic]) -> [PublishedIncident] {
        let permalink = config.permalink
        var owner: [String: String] = [:]
        var nextSuffix: [String: Int] = [:]
        var result: [PublishedIncident] = []
        result.reserveCapacity(incidents.count)
        for shared in incidents {
            let path = shared.incident.path
            let base = shared.baseSlug
            var day = (year: 0, month: 0, day: 0)
            var area: String?
            if permalink.needsFacts { (day, area) = facts(of: shared, zone: config.timeZone) }
            let basePath = permalink.path(slug: base, day: day, area: area)
            var slug = base
            var address = basePath
            var n = nextSuffix[basePath] ?? 2
            while owner[address] != nil {
                slug = "\(base)-\(n)"
                address = permalink.path(slug: slug, day: day, area: area)
                n += 1
            }
            if slug != base { nextSuffix[basePath] = n }
            if slug != base, let first = owner[basePath] {
                diagnostics.append(Diagnostic(
                    .warning, file: path, line: shared.incident.slugLocation.line,
                    column: shared.incident.slugLocation.column, field: "slug",
                    message: "\"\(base)\" is also the slug of \(first); this incident is published at /\(address)",
                    kind: .slug))
            }
            owner[address] = path
            result.append(PublishedIncident(shared: shared, slug: slug, path: address))
        }
        return result
    }

    /// What a permalink pattern may name besides the slug: the day of `date` in the site's
    /// timezone, and the area's slug.
    static func facts(of shared: SharedIncident, zone: TimeZone) -> ((year: Int, month: Int, day: Int), String?) {
        let civil = CivilTime(shared.incident.date.instant, in: zone)
        return ((civil.year, civil.month, civil.day), shared.values(.area).first?.slug)
    }
}

extension Assembler {
    static func baseSlug(_ incident: Incident) -> String {
        if let slug = incident.explicitSlug { return slug }
        let fromTitle = Slug.make(incident.title)
        if !fromTitle.isEmpty { return fromTitle }
        let stem = (incident.path as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "")
        let fromFile = Slug.make(stem)
        return fromFile.isEmpty ? "incident-" + Slug.stableHash(incident.path) : fromFile
    }

}

private extension Assembler {
    static func checkPages(_ pages: [Page], incidentFolder: String, diagnostics: inout [Diagnostic]) -> [PublishedPage] {
        var owner: [String: String] = [:]
        var result: [PublishedPage] = []
        for page in pages {
            let first = page.slug.split(separator: "/").first.map(String.init) ?? ""
            let problem: String?
            if page.slug.isEmpty {
                problem = "this page would replace the home page; give it another name or a `slug`"
            } else if reservedSegments.contains(first) || first == incidentFolder {
                problem = "/\(first)/ is used by generated pages; give this page another name or a `slug`"
            } else if let other = owner[page.slug] {
                problem = "/\(page.slug)/ is also the address of \(other)"
            } else {
                problem = nil
            }
            if let problem {
                diagnostics.append(Diagnostic(.error, file: page.path, line: 1, column: 1, field: "slug", message: problem))
                continue
            }
            owner[page.slug] = page.path
            result.append(PublishedPage(page: page))
        }
        return result.sorted { $0.page.slug < $1.page.slug }
    }

    static func taxonomy(_ kind: TaxonomyKind, of incidents: [PublishedIncident]) -> Taxonomy {
        var position: [String: Int] = [:]
        var terms: [Term] = []
        var namedBy: [String] = []
        for index in incidents.indices {
            let shared = incidents[index].shared
            let values = shared.values(kind)
            for (n, value) in values.enumerated() where !values[..<n].contains(where: { $0.slug == value.slug }) {
                guard let t = position[value.slug] else {
                    position[value.slug] = terms.count
                    terms.append(Term(name: value.name, slug: value.slug, incidents: [index], kind: kind))
                    namedBy.append(shared.incident.path)
                    continue
                }
                terms[t].incidents.append(index)
                // The name as written in the first file by path, whatever the date order.
                if shared.incident.path < namedBy[t] {
                    namedBy[t] = shared.incident.path
                    terms[t].name = value.name
                }
            }
        }
        let keys = terms.map { $0.name.lowercased() }
        let order = terms.indices.sorted { l, r in
            keys[l] != keys[r] ? keys[l] < keys[r] : terms[l].slug < terms[r].slug
        }
        return Taxonomy(kind: kind, terms: order.map { terms[$0] })
    }
}
