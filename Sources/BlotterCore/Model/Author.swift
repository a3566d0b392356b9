/// A reporter or editor, from `Content/authors/<key>.md`: incidents name them in `authors`.
public struct Author: Sendable {
    /// The file, relative to the site folder.
    public var path: String
    /// The file's name without `.md`: what incidents write in `authors` and the page's URL name.
    public var key: String
    /// The name shown in bylines.
    public var name: String
    /// Their job ("Crime reporter").
    public var role: String?
    /// A sentence or two about them (Markdown), shown under their name.
    public var bio: String?
    /// An address readers may write to.
    public var email: String?
    /// Their other pages (social accounts, a personal site).
    public var links: [AuthorLink]
    /// Their photo.
    public var image: Image?
    /// The Markdown body: more about them, on their page.
    public var body: String
    /// Which reading of the file this is (see `Incident.revision`).
    public var revision: Int = 0

    /// Path of their page below the site root: `authors/<key>/`.
    public var pagePath: String { "authors/\(key)/" }
}

/// One of an author's other pages.
public struct AuthorLink: Sendable, Hashable {
    /// What readers see ("Mastodon").
    public var name: String
    /// Its address.
    public var url: String
}
