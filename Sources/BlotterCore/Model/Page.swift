public import Foundation

/// A plain page from `Content/pages/` (about, corrections policy, ...).
public struct Page: Sendable {
    /// The file, relative to the site folder.
    public var path: String
    /// Its title.
    public var title: String
    /// An optional description.
    public var summary: String?
    /// URL path segments below the site root (`about`, `policies/corrections`).
    public var slug: String
    /// Left out unless drafts are asked for.
    public var draft: Bool
    /// Last substantive change (`updated`), for the sitemap.
    public var updated: Date?
    /// Fields the page format does not know.
    public var extra: [String: ExtraValue]
    /// A lead image (`image:`, as for incidents).
    public var image: Image?
    /// The Markdown body.
    public var body: String
    /// Old addresses that redirect here (`aliases:`).
    public var aliases: [Alias] = []
    /// Which reading of the file this is (see `Incident.revision`).
    public var revision: Int = 0
}
