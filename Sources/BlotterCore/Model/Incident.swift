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
    /// People in the report (victims, the accused, witnesses...), with what may be published of them.
    public var people: [Person] = []
    /// Set when the report was withdrawn: its page then says so, and nothing else of it is published.
    public var withdrawn: Withdrawal?
    /// When the report is taken down by itself (it becomes a tombstone then).
    public var expires: Date?
    /// Keys of `Content/authors/` files: who wrote the report (its byline).
    public var authors: [String] = []
    /// The slug of the report this one is a later development of (an inquest after a death).
    public var follows: String?
    /// Slugs of reports linked to this one without order.
    public var related: [String] = []
    /// Guardrail rules this report is exempt from, each with the editor's reason.
    public var overrides: [EditorialOverride] = []
    /// Where the fields the editorial checks name are in the file.
    public var marks = FieldMarks()
    /// Old addresses that redirect here (`aliases:`).
    public var aliases: [Alias] = []
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

    /// Whether this is a tombstone at `now`: withdrawn, or past its `expires` time.
    public func isWithdrawn(at now: Date) -> Bool {
        withdrawn != nil || expires.map { $0 <= now } == true
    }

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
    /// How sure the report is of it.
    public var confidence: Confidence = .confirmed
}

/// How sure a timeline entry is.
public enum Confidence: String, Sendable, CaseIterable {
    /// Established by the newsroom (the default).
    case confirmed
    /// Said by someone named in `source`, not confirmed by the newsroom.
    case attributed
    /// Reported but not confirmed.
    case unconfirmed

    /// The words a reader sees beside the entry (none for a confirmed one).
    public var label: String? {
        switch self {
        case .confirmed: return nil
        case .attributed: return "Attributed"
        case .unconfirmed: return "Unconfirmed"
        }
    }
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
    /// The quotation (Markdown); nil when none was given (a request declined or unanswered).
    public var quote: String?
    /// Where it was published (text or URL).
    public var source: String?
    /// Whether a statement was given, declined or never came.
    public var response: StatementResponse = .statement
    /// When comment was asked for.
    public var requested: Moment?
}

/// What came of a request for comment.
public enum StatementResponse: String, Sendable, CaseIterable {
    /// A statement was given (the quote).
    case statement
    /// The speaker or organisation declined to comment.
    case declined
    /// No response by the time of publication.
    case noResponse = "no-response"
}

/// An update, correction or clarification.
public struct Update: Sendable {
    /// When it was made.
    public var date: Moment
    /// What changed (Markdown).
    public var text: String
    /// What sort of change it is.
    public var kind: UpdateKind = .update
}

/// What sort of change an update records.
public enum UpdateKind: String, Sendable, CaseIterable {
    /// New information (the default).
    case update
    /// A published fact was wrong and is put right.
    case correction
    /// A published text was unclear and is made clear.
    case clarification

    /// The label a reader sees ("Correction").
    public var label: String {
        switch self {
        case .update: return "Update"
        case .correction: return "Correction"
        case .clarification: return "Clarification"
        }
    }
}

/// A person in a report.
public struct Person: Sendable {
    /// Their name; never published when `anonymity` is not `none`, or for someone dead whose
    /// next of kin have not been told.
    public var name: String?
    /// Their part in the story.
    public var role: PersonRole
    /// Their age in years.
    public var age: Int?
    /// Whether the law or a court keeps them anonymous.
    public var anonymity: Anonymity = .none
    /// For the dead: whether their family has been told (nil: not said).
    public var nextOfKinInformed: Bool?

    /// Whether the name may appear in any output.
    public var mayBeNamed: Bool {
        anonymity == .none && !(role == .deceased && nextOfKinInformed == false)
    }
}

/// A person's part in a report.
public enum PersonRole: String, Sendable, CaseIterable {
    case victim, deceased, suspect, accused, witness, officer, other

    /// The label a reader sees.
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// Why a person may not be named.
public enum Anonymity: String, Sendable, CaseIterable {
    /// They may be named.
    case none
    /// Lifelong anonymity (victims of sexual offences: Sexual Offences (Amendment) Act 1992).
    case lifelong
    /// A court order (section 4(2) or 11 of the Contempt of Court Act 1981, or others).
    case courtOrder = "court-order"
    /// A child in youth proceedings (section 49 of the Children and Young Persons Act 1933).
    case youth

    /// Why no name is shown, for readers.
    public var reason: String? {
        switch self {
        case .none: return nil
        case .lifelong: return "legally anonymous"
        case .courtOrder: return "name withheld by court order"
        case .youth: return "under 18, not named for legal reasons"
        }
    }
}

/// A withdrawn report: its page says when and why.
public struct Withdrawal: Sendable {
    /// When it was withdrawn.
    public var date: Moment
    /// Why (Markdown).
    public var reason: String
}

/// One guardrail rule an incident is exempt from, recorded in the build's summary.
public struct EditorialOverride: Sendable, Hashable {
    /// The rule's id (`suicide-support`).
    public var rule: String
    /// Why the rule does not apply here.
    public var reason: String
    /// Who decided.
    public var by: String
    /// Where it is in the file.
    public var line: Int, column: Int
}

/// Where some fields of an incident are in its file, for checks made after parsing (the
/// guardrails, the published record). A short list: a few per incident.
public struct FieldMarks: Sendable {
    /// Field names (`title`, `timeline[2].text`) and their places, in file order.
    public var entries: [(field: String, line: Int32, column: Int32)] = []
    /// The file line of the body's first line.
    public var bodyLine: Int = 1

    public init() {}

    /// Records where `field` is.
    public mutating func record(_ field: String, line: Int, column: Int) {
        entries.append((field, Int32(clamping: line), Int32(clamping: column)))
    }

    /// Where `field` is; failing that, where the nearest enclosing field that was recorded is
    /// (`timeline[2]` for `timeline[2].text`), else the start of the file.
    public func location(of field: String) -> SourceLocation {
        var name = Substring(field)
        while true {
            if let entry = entries.first(where: { $0.field == name }) {
                return SourceLocation(line: Int(entry.line), column: Int(entry.column))
            }
            guard let cut = name.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            name = name[..<cut]
        }
        return SourceLocation(line: 1, column: 1)
    }
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
    /// Whether it only decorates (`decorative: true`): `alt` is empty.
    public var decorative = false
    /// Where `src` is written in its file (for messages about the file it names).
    public var place = SourceLocation(line: 1, column: 1)
}

/// A value of a field the format does not know, kept for templates.
public enum ExtraValue: Sendable, Equatable {
    case string(String)
    case list([ExtraValue])
    case map([String: ExtraValue])
}
