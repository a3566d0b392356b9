public import Foundation

/// One incident report, parsed from a Markdown file with front matter.
///
/// Every field of the incident format is here with its real type; Markdown
/// fields keep their source text and are rendered at render time, so the model
/// stays small while thousands of incidents are held at once.
public struct Incident: Sendable {
    /// The file, relative to the site folder.
    public var path: String
    /// Headline.
    public var title: String
    /// When it happened (a day or a moment).
    public var date: Moment
    /// Where it happened.
    public var location: Location
    /// Where the story stands.
    public var status: Status
    /// One or two sentences.
    public var summary: String
    /// The `slug` field when given; otherwise derived from the title.
    public var explicitSlug: String?
    /// First publication (default: `date`).
    public var published: Date?
    /// Last substantive change (default: latest update).
    public var updated: Date?
    /// Left out unless drafts are asked for.
    public var draft: Bool
    /// Taxonomy: one category.
    public var category: String?
    /// Taxonomy: agencies involved.
    public var agencies: [String]
    /// Taxonomy: free tags.
    public var tags: [String]
    /// People killed and injured.
    public var casualties: Casualties?
    /// Shown before the body.
    public var contentWarning: String?
    /// Keys of `support` in site.yml.
    public var support: [String]
    /// What happened when, in the written order.
    public var timeline: [TimelineEntry]
    /// Official statements.
    public var statements: [Statement]
    /// Updates and corrections, in the written order.
    public var updates: [Update]
    /// Sources.
    public var sources: [Source]
    /// The lead image.
    public var image: Image?
    /// Fields the format does not know, for templates (`page.extra`).
    public var extra: [String: ExtraValue]
    /// The Markdown body.
    public var body: String
    /// Where the slug comes from in the file: the `slug` field, else `title`.
    public var slugLocation: SourceLocation
    /// Which reading of the file this is: the preview numbers each parse so that
    /// unchanged incidents keep their rendered pieces. 0 in a one-off build.
    public var revision: Int = 0

    /// The moment shown as "published": `published`, else `date`.
    public var publishedMoment: Date { published ?? date.instant }

    /// The last substantive change: `updated`, else the latest update, else publication.
    public var lastModified: Date {
        if let updated { return updated }
        return updates.map(\.date.instant).max() ?? publishedMoment
    }
}

/// A 1-based line and column in a file.
public struct SourceLocation: Sendable, Hashable {
    /// Line.
    public var line: Int
    /// Column.
    public var column: Int
}

/// Where the story stands.
public enum Status: String, Sendable, CaseIterable {
    case developing
    case underInvestigation = "under-investigation"
    case chargesBrought = "charges-brought"
    case closed

    /// The label a reader sees ("Under investigation").
    public var label: String {
        switch self {
        case .developing: return "Developing"
        case .underInvestigation: return "Under investigation"
        case .chargesBrought: return "Charges brought"
        case .closed: return "Closed"
        }
    }
}

/// A place: a name, optionally an area that groups incidents, and coordinates.
public struct Location: Sendable {
    /// The place as readers know it.
    public var name: String
    /// The area (borough, district) used as a taxonomy.
    public var area: String?
    /// Latitude in degrees.
    public var lat: Double?
    /// Longitude in degrees.
    public var lon: Double?
}

/// People killed and injured.
public struct Casualties: Sendable {
    /// Deaths.
    public var killed: Int?
    /// People injured.
    public var injured: Int?
}

/// One line of the timeline.
public struct TimelineEntry: Sendable {
    /// When.
    public var time: Moment
    /// What happened (Markdown).
    public var text: String
    /// Where this is known from.
    public var source: String?
}

/// An official statement.
public struct Statement: Sendable {
    /// Who said it.
    public var speaker: String
    /// Their role.
    public var role: String?
    /// Their organisation.
    public var organisation: String?
    /// When it was said.
    public var date: Moment?
    /// The quotation (Markdown).
    public var quote: String
    /// Where it was published (text or URL).
    public var source: String?
}

/// An update or correction.
public struct Update: Sendable {
    /// When it was made.
    public var date: Moment
    /// What changed (Markdown).
    public var text: String
}

/// A source the report relies on.
public struct Source: Sendable {
    /// Its title.
    public var title: String
    /// Its address (already checked for unsafe schemes).
    public var url: String
    /// Who published it.
    public var publisher: String?
}

/// The lead image.
public struct Image: Sendable {
    /// Its address.
    public var src: String
    /// Text for readers who cannot see it.
    public var alt: String
    /// A caption.
    public var caption: String?
    /// Who took or owns it.
    public var credit: String?
}

/// A value of a field the format does not know, kept for templates.
public enum ExtraValue: Sendable, Equatable {
    case string(String)
    case list([ExtraValue])
    case map([String: ExtraValue])
}
