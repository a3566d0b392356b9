public import Foundation

/// The settings of `site.yml`.
public struct SiteConfig: Sendable {
    /// The site's name.
    public var title: String
    /// The absolute address the site is published at, ending in `/`.
    public var baseURL: String
    /// BCP 47 language tag for `<html lang>`.
    public var language: String
    /// The timezone dates are written and shown in.
    public var timeZone: TimeZone
    /// A sentence about the site.
    public var description: String
    /// Incidents per listing page.
    public var perPage: Int
    /// Help-line boxes by key.
    public var support: [String: SupportBox]
    /// The keys of `support` in file order.
    public var supportOrder: [String]
    /// Default author of reports (feeds, structured data).
    public var author: String?
    /// Publisher name (structured data).
    public var publisher: String?
    /// Entries in the site-wide feeds (`feed_limit`, default 50).
    public var feedLimit: Int
    /// Whether the site gets Pagefind search (`search: true`).
    public var search: Bool
    /// Whether a build writes `.gz` and `.br` copies of text files (`precompress`, default true).
    public var precompress = true
    /// The pattern of incident URLs (`permalinks: {incidents: ...}`; default `/incidents/:slug/`).
    public var permalink = Permalink.incidents
    /// Named briefings published at `/briefings/<name>/`.
    public var briefings: [NamedBriefing] = []
    /// The Trust Project's indicators: addresses of the newsroom's corrections policy,
    /// publishing principles, ethics policy and masthead (a site path like
    /// `/corrections-policy/`, or an absolute address).
    public var correctionsPolicy: String?
    public var publishingPrinciples: String?
    public var ethicsPolicy: String?
    public var masthead: String?
    /// The guardrails for sensitive reports: rules off, severities, added words (`guardrails:`).
    public var guardrails = GuardrailSettings()
    /// How the open data is published: per year above a size, with or without bodies, under
    /// which licence (`data:`, `data_license:`).
    public var data = OpenDataSettings()
    /// The widths and quality photos are published in (`images:`).
    public var images = PhotoSettings()
    /// The maps and their tiles (`map:`); nil when `map: false` turns them off.
    public var map: MapSettings? = MapSettings()
    /// Unknown settings, for templates (`site.extra`).
    public var extra: [String: ExtraValue]

    /// The defaults used when a setting is absent.
    public static let defaults = SiteConfig(
        title: "Incident reports", baseURL: "/", language: "en", timeZone: TimeZone(identifier: "UTC")!,
        description: "", perPage: 20, support: [:], supportOrder: [], author: nil, publisher: nil, feedLimit: 50,
        search: false, extra: [:])

    /// The settings of the Trust Project's indicators, by their name in site.yml.
    static var trustSettings: [(String, WritableKeyPath<SiteConfig, String?>)] {
        [("corrections_policy", \.correctionsPolicy), ("publishing_principles", \.publishingPrinciples),
         ("ethics_policy", \.ethicsPolicy), ("masthead", \.masthead)]
    }

    /// The address of a site path: absolute when `base_url` is, else root-relative.
    public func absoluteURL(_ path: String) -> String {
        baseURL.hasPrefix("/") ? basePath + path : baseURL + path
    }

    /// The path part of `baseURL` (`/` or `/news/`), prefixed to every site link.
    public var basePath: String {
        guard let url = URL(string: baseURL), url.host != nil else {
            return baseURL.hasPrefix("/") ? baseURL : "/"
        }
        let path = url.path
        return path.hasSuffix("/") ? path : path + "/"
    }
}

/// A briefing `blotter build` publishes, from `briefings:` in site.yml.
public struct NamedBriefing: Sendable {
    /// URL name: `/briefings/<name>/`.
    public var name: String
    /// The briefing.
    public var briefing: Briefing
    /// Where site.yml defines it (its `incidents` list when it has one), for diagnostics
    /// that only the whole site can find.
    public var line = 1, column = 1
}

/// A help-line box shown with sensitive reports.
public struct SupportBox: Sendable {
    /// The organisation.
    public var name: String
    /// What it offers and how to reach it.
    public var text: String
    /// Its website.
    public var url: String?
}
