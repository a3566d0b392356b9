public import Foundation

/// Stage 3's result: everything the templates show, in its final order.
public struct Site: Sendable {
    /// Settings.
    public var config: SiteConfig
    /// Published incidents, newest first.
    public var incidents: [PublishedIncident]
    /// Published plain pages, by URL.
    public var pages: [PublishedPage]
    /// Areas, agencies, tags, categories and statuses with their terms.
    public var taxonomies: [Taxonomy]
    /// The build time shown by templates that ask for it (only with `--clock`).
    public var buildTime: Date?
    /// "Now" for this build (the clock, or the real time): the news sitemap's window ends here.
    public var now: Date
    /// Withdrawn reports (`withdrawn`, or past `expires`), in path order: each keeps its
    /// page, which says so, and appears nowhere else.
    public var withdrawn: [PublishedIncident] = []
    /// The authors of `Content/authors/`, by key, each with their incidents.
    public var authors: [PublishedAuthor] = []
    /// Story threads: two or more incidents linked by `follows`, each with its page.
    public var threads: [StoryThread] = []
    /// Links between incidents (`Site.Links`), by incident index.
    public var links = Links()
    /// The old addresses of incidents and pages (`aliases:`), each a redirect page, sorted by address.
    public var redirects: [Redirect] = []
    /// The incidents of each briefing of site.yml (indexes into `incidents`, newest first).
    public var briefings: [[Int]] = []
    /// The stylesheets and scripts templates link (`site.assets`), set after assembly.
    var assets = AssetManifest()
    /// The photos (`Photo`), by output path.
    var photos = PhotoSet()
    /// Incidents held back only because their `published` time is after `now` (drafts
    /// left out are not), in path order: each appears by itself at that time (`Schedule`).
    var heldBack: [SharedIncident] = []
}

/// A parsed incident held by reference, with what assembly derives from it
/// alone: copying an `Incident` retains every one of its strings and lists,
/// and assembling a 10,000-incident site for each preview rebuild copied
/// them tens of thousands of times.
public final class SharedIncident: Sendable {
    /// The parsed incident, shared with the pipeline's reading of its file (not copied:
    /// a copy of every incident was 30 MB more at a 50,000-incident build's peak).
    let parsed: ParsedIncident
    /// The parsed incident.
    public var incident: Incident {
        _read { yield parsed.incident }
    }
    /// The slug before collisions are resolved (the `slug` field, else from the title).
    let baseSlug: String
    /// Each taxonomy's values, with their slugs (indexed like `TaxonomyKind.allCases`).
    let terms: [[(name: String, slug: String)]]

    /// The values of one taxonomy, with their slugs.
    func values(_ kind: TaxonomyKind) -> [(name: String, slug: String)] {
        terms[TaxonomyKind.allCases.firstIndex(of: kind)!]
    }

    /// Shares `incident`, and derives what assembly needs of it alone.
    init(_ parsed: ParsedIncident) {
        self.parsed = parsed
        baseSlug = Assembler.baseSlug(parsed.incident)
        terms = TaxonomyKind.allCases.map { $0.values(of: parsed.incident) }
    }

    /// Shares a copy of `incident`.
    public convenience init(_ incident: Incident) {
        self.init(ParsedIncident(incident))
    }

    /// Whether `other` (another reading of the same file) takes the same place in the site:
    /// the same URL, order, visibility, taxonomies and diagnostics position. Then an edit
    /// changes what pages say, not which pages there are.
    func placedLike(_ other: SharedIncident) -> Bool {
        let (a, b) = (incident, other.incident)
        return baseSlug == other.baseSlug && a.path == b.path && a.aliases == b.aliases && a.date.instant == b.date.instant
            && a.publishedMoment == b.publishedMoment && a.draft == b.draft && a.slugLocation == b.slugLocation
            && (a.withdrawn == nil) == (b.withdrawn == nil) && a.expires == b.expires
            && a.authors == b.authors && a.follows == b.follows && a.related == b.related
            && terms.count == other.terms.count
            && zip(terms, other.terms).allSatisfy { lhs, rhs in
                lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.name == $1.name && $0.slug == $1.slug }
            }
    }
}

/// A parsed incident held by reference: what the parse stage hands on, kept by the
/// pipeline's memory and shared by the site (`SharedIncident`) without a copy.
final class ParsedIncident: Sendable {
    let incident: Incident

    init(_ incident: Incident) { self.incident = incident }
}

/// An incident with its final URL.
public struct PublishedIncident: Sendable {
    /// The parsed incident and what is derived from it.
    let shared: SharedIncident
    /// The URL name: the address made with it (`path`) is unique in the site.
    public var slug: String
    /// Path below the site root, ending in `/`: `incidents/<slug>/`, or as site.yml's
    /// `permalinks` say (`incidents/2024/06/<slug>/`).
    public let path: String

    /// The parsed incident (borrowed, not copied).
    public var incident: Incident {
        _read { yield shared.incident }
    }

    /// Its id in a briefing, unique as its address is: `incident-<slug>`, or with a
    /// `permalinks` pattern the address below its first folder, `/` written `_`
    /// (`incident-2024_06_09_fire-in-barking`; no pattern, area or slug holds a `_`).
    var anchor: String {
        let rest = path.drop { $0 != "/" }.dropFirst().dropLast()
        return "incident-" + rest.replacingOccurrences(of: "/", with: "_")
    }

    init(shared: SharedIncident, slug: String, path: String) {
        self.shared = shared
        self.slug = slug
        self.path = path
    }
}

/// An old address (`aliases:`) and the page it now leads to.
public struct Redirect: Sendable {
    /// The old address below the site root, ending in `/` (`incidents/old-headline/`).
    public var from: String
    /// The page's path below the site root.
    public var to: String
}

/// An author with their incidents.
public struct PublishedAuthor: Sendable {
    /// The parsed author.
    public var author: Author
    /// Indexes into `Site.incidents`, newest first.
    public var incidents: [Int]
    /// Path of their page below the site root: `authors/<key>/`.
    public var path: String { author.pagePath }
}

/// A story told in several reports: an incident and its later developments (`follows`).
public struct StoryThread: Sendable {
    /// Indexes into `Site.incidents`, oldest first; the first is the one the others follow.
    public var incidents: [Int]
    /// Path of its page below the site root: `threads/<first slug>/`.
    public var path: String
}

extension Site {
    /// What links each incident to others: its authors, its thread and its related incidents.
    public struct Links: Sendable {
        /// By incident index: indexes into `Site.authors`, in the written order.
        var authors: [Int: [Int]] = [:]
        /// By incident index: its thread (index into `Site.threads`).
        var thread: [Int: Int] = [:]
        /// By incident index: related incidents (both ways, not in its thread), newest first.
        var related: [Int: [Int]] = [:]
        /// By incident index: the incident it follows, when that is published.
        var follows: [Int: Int] = [:]
    }
}

/// A plain page with its URL.
public struct PublishedPage: Sendable {
    /// The parsed page.
    public var page: Page
    /// Path below the site root, ending in `/`.
    public var path: String { page.slug + "/" }
}

/// One way of grouping incidents.
public enum TaxonomyKind: String, Sendable, CaseIterable {
    case area, agency, tag, category, status

    /// URL segment of the overview page.
    public var segment: String {
        switch self {
        case .area: return "areas"
        case .agency: return "agencies"
        case .tag: return "tags"
        case .category: return "categories"
        case .status: return "statuses"
        }
    }

    /// Heading of the overview page.
    public var title: String {
        switch self {
        case .area: return "Areas"
        case .agency: return "Agencies"
        case .tag: return "Tags"
        case .category: return "Categories"
        case .status: return "Statuses"
        }
    }

    /// The values of this taxonomy in an incident, as written.
    func values(of incident: Incident) -> [(name: String, slug: String)] {
        switch self {
        case .area: return incident.location.area.map { [($0, Slug.term($0))] } ?? []
        case .agency: return incident.agencies.map { ($0, Slug.term($0)) }
        case .tag: return incident.tags.map { ($0, Slug.term($0)) }
        case .category: return incident.category.map { [($0, Slug.term($0))] } ?? []
        case .status: return [(incident.status.label, incident.status.rawValue)]
        }
    }
}

/// A taxonomy and its terms, sorted by name.
public struct Taxonomy: Sendable {
    /// Which taxonomy.
    public var kind: TaxonomyKind
    /// Its values.
    public var terms: [Term]
    /// Path of the overview page: `areas/`.
    public var path: String { kind.segment + "/" }
}

/// One value of a taxonomy and the incidents that have it.
public struct Term: Sendable {
    /// The name as first written (by path order).
    public var name: String
    /// The URL name.
    public var slug: String
    /// Indexes into `Site.incidents`, newest first.
    public var incidents: [Int]
    /// The taxonomy it belongs to.
    public var kind: TaxonomyKind
    /// Path of its listing: `areas/<slug>/`.
    public var path: String { kind.segment + "/" + slug + "/" }
}

extension Slug {
    /// A slug for a taxonomy value; never empty (a value with no letters gets a stable hash).
    static func term(_ name: String) -> String {
        let slug = make(name)
        return slug.isEmpty ? "t-" + stableHash(name) : slug
    }

    /// FNV-1a of the UTF-8 bytes, in hex: the same on every run and machine.
    static func stableHash(_ text: String) -> String { String(text.fnv1a, radix: 16) }
}
