public import Foundation

/// The file `blotter new` writes: every field, commented, ready to fill in.
public struct IncidentSkeleton: Sendable {
    /// Path relative to the site folder: `Content/incidents/YYYY/MM/<slug>.md`.
    public var path: String
    /// The file's text.
    public var text: String

    /// A skeleton for `title` at `date` (now when nil) in the site's timezone.
    /// `dateText` given by the user wins over `date` and is checked.
    public static func make(title: String, dateText: String?, now: Date, location: String?, area: String?,
                            config: SiteConfig) -> Result<IncidentSkeleton, BlotterError> {
        let zone = config.timeZone
        let moment: Moment
        if let dateText {
            guard let parsed = DateParsing.moment(dateText, in: zone) else {
                return .failure(BlotterError(path: "--date", reason: .invalidOption(
                    "expected an ISO 8601 date (2024-03-01) or date-time (2024-03-01T14:30), found \"\(dateText)\"")))
            }
            moment = parsed
        } else {
            moment = Moment(instant: now, precision: .minute)
        }
        let slug = Slug.make(title)
        guard !slug.isEmpty else {
            return .failure(BlotterError(path: "title", reason: .invalidOption("the title needs letters or digits")))
        }
        let civil = CivilTime(moment.instant, in: zone)
        let month = civil.month < 10 ? "0\(civil.month)" : "\(civil.month)"
        let dateValue = DateText(zone: zone).iso(moment)
        let path = "Content/incidents/\(civil.year)/\(month)/\(slug).md"
        return .success(IncidentSkeleton(path: path, text: text(title: title, date: dateValue, location: location,
                                                                 area: area, config: config)))
    }
}

private extension IncidentSkeleton {
    static func text(title: String, date: String, location: String?, area: String?, config: SiteConfig) -> String {
        typealias P = Placeholder
        let support = config.supportOrder.isEmpty ? "none defined in site.yml"
            : config.supportOrder.joined(separator: ", ")
        return """
            ---
            # A draft: left out of the site. Remove this line when the report is ready
            # (a build refuses a report that still holds the example text below).
            draft: true

            # Required fields ------------------------------------------------------
            title: \(YAMLQuoting.quoted(title))
            # When it happened: a date (2024-03-01) or date-time; without an offset
            # it is in the site's timezone (\(config.timeZone.identifier)).
            date: \(date)
            location:
              name: \(YAMLQuoting.quoted(location ?? P.location))
              area: \(YAMLQuoting.quoted(area ?? P.area))
              # lat: 51.5468
              # lon: 0.1527
            # developing | under-investigation | charges-brought | closed
            status: developing
            summary: >-
              \(P.summary)

            # Optional fields (remove the # to use one) ------------------------------
            # slug: a-custom-url-name         # lowercase letters, digits and -
            # published: \(date)   # first publication; default: date
            # updated: \(date)     # last substantive change
            # authors: [jane-doe]              # the byline: files in Content/authors/ (jane-doe.md)
            # follows: earlier-report-slug      # a later development of that report (a story thread)
            # related: [another-report-slug]
            # category: stabbing
            # agencies: [Metropolitan Police, London Ambulance Service]
            # tags: [knife-crime, appeal-for-witnesses]
            # casualties: {killed: 0, injured: 1}
            # content_warning: violence
            # support: []                     # keys from site.yml: \(support)
            # timeline:
            #   - time: "14:05"               # HH:MM, YYYY-MM-DD, YYYY-MM-DD HH:MM or a date-time
            #     text: \(P.timelineText)
            #     source: Metropolitan Police
            # statements:
            #   - speaker: \(P.speaker)
            #     role: Detective Chief Inspector
            #     organisation: Metropolitan Police
            #     date: 2024-03-01
            #     quote: \(P.quote)
            #     source: Press release
            # updates:
            #   - date: 2024-03-02T09:00:00Z
            #     text: \(P.update)
            # sources:
            #   - title: Police appeal
            #     url: https://news.met.police.uk/
            #     publisher: Metropolitan Police
            # image:
            #   src: /assets/images/scene.jpg
            #   alt: \(P.alt)
            #   caption: \(P.caption)
            #   credit: \(P.credit)
            ---
            \(P.body)

            """
    }
}
