internal import Foundation

/// A printable document of selected incidents, from `Templates/briefing.mustache`.
public struct Briefing: Sendable {
    /// Paper size for `@page`.
    public enum Paper: String, Sendable, CaseIterable {
        case a4, letter

        /// The CSS `size` value.
        var css: String { self == .a4 ? "A4" : "letter" }
    }

    /// The title on the cover and in the page margins.
    public var title: String?
    /// Paper size.
    public var paper: Paper
    /// Which incidents.
    public var filter: BriefingFilter

    /// Creates a briefing.
    public init(title: String? = nil, paper: Paper = .a4, filter: BriefingFilter) {
        self.title = title
        self.paper = paper
        self.filter = filter
    }

    /// The template name.
    static let template = "briefing"

    /// The HTML and the ids of its incidents (`incident-<slug>`), in order, "as of" `now`; nil
    /// HTML when nothing matches.
    func render(site: Site, templates: TemplateSet, now: Date,
                allowEmpty: Bool = false) throws(BriefingFilter.Problem) -> (html: String?, anchors: [String]) {
        let selected = try filter.select(in: site, now: now)
        guard !selected.isEmpty || allowEmpty else { return (nil, []) }
        return render(selected, site: site, templates: templates, now: now, asOf: now)
    }

    /// The document of the incidents `selected` (indexes into `site.incidents`), selected at
    /// `now`, its "As of" `asOf`.
    func render(_ selected: [Int], site: Site, templates: TemplateSet, now: Date,
                asOf: Date) -> (html: String?, anchors: [String]) {
        let anchors = selected.map { site.incidents[$0].anchor }
        let builder = ContextBuilder(site: site)
        let incidents: [TemplateValue] = selected.enumerated().map { number, index in
            let published = site.incidents[index]
            let anchor = anchors[number]
            guard case .map(var fields) = builder.incident(index, idPrefix: anchor + "-") else { return .map([:]) }
            fields["number"] = .int(number + 1)
            fields["anchor"] = .text(anchor)
            if let image = published.incident.image {
                fields["image"] = builder.image(image, src: builder.absoluteURL(builder.siteLink(image.src)), print: true)
            }
            return .map(fields)
        }
        let title = title ?? "\(site.config.title): briefing"
        let context: TemplateValue = [
            "site": builder.siteContext(),
            "briefing": ["title": .text(title), "title_css": .text(Self.cssString(title)),
                         "as_of": builder.dates.context(asOf), "selection": .text(describe(site, now: now)),
                         "count": .int(selected.count), "count_text": .text(Self.incidents(selected.count)),
                         "paper": .text(paper.css), "incidents": .list(incidents),
                         "plot": site.config.map == nil ? .absent : Self.plot(selected, site: site)],
        ]
        return (templates.render(named: Self.template, context), anchors)
    }

    /// The "As of" of a briefing the site publishes: the newest change (`updated`) of the
    /// incidents `selected`, else of the site, so that the same files give the same page.
    static func newestChange(_ selected: [Int], in site: Site) -> Date? {
        let among = selected.isEmpty ? Array(site.incidents.indices) : selected
        return among.map { site.incidents[$0].incident.lastModified }.max()
    }

    /// The overview: a plot of the incidents with a position, each numbered as in the
    /// briefing; absent when none has one.
    static func plot(_ selected: [Int], site: Site) -> TemplateValue {
        let numbered = selected.enumerated().compactMap { number, i -> (number: Int, lat: Double, lon: Double)? in
            let location = site.incidents[i].incident.location
            return location.hasCoordinates ? (number + 1, location.point.lat, location.point.lon) : nil
        }
        let title = "Where the incidents happened: each numbered circle is the incident of that number in this "
            + "briefing, at its position (north is up)."
        guard let svg = Plots.overview(numbered, title: title) else { return .absent }
        let missing = selected.count - numbered.count
        let note = missing == 0 ? "Every incident in this briefing is shown."
            : "\(incidents(numbered.count)) of \(selected.count) shown; "
                + (missing == 1 ? "1 has no position." : "\(missing) have no position.")
        return ["svg_html": .text(svg), "note": .text(note), "count": .int(numbered.count)]
    }

    /// "1 incident", "6 incidents".
    static func incidents(_ count: Int) -> String { count == 1 ? "1 incident" : "\(count) incidents" }

    /// `text` as the inside of a CSS string: quotes, backslashes, line breaks and `<` escaped
    /// (so it cannot end the string or the `<style>` element).
    static func cssString(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\", "<", ">", "&", "\n", "\r", "\u{0C}":
                out += "\\" + String(scalar.value, radix: 16) + " "
            default:
                if scalar.value < 0x20 { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The selection in words, for the cover.
    func describe(_ site: Site, now: Date) -> String {
        let dates = DateText(zone: site.config.timeZone)
        func day(_ text: String) -> String {
            DateParsing.moment(text, in: site.config.timeZone).map { dates.date($0) } ?? text
        }
        var parts: [String] = []
        if filter.isEmpty || filter.days != nil {
            let days = filter.days ?? 7
            parts.append("Incidents that happened or changed in the \(days) day\(days == 1 ? "" : "s") to "
                         + dates.date(Moment(instant: now, precision: .minute)))
        }
        if let since = filter.since, let until = filter.until {
            parts.append("From \(day(since)) to \(day(until))")
        } else if let since = filter.since {
            parts.append("Since \(day(since))")
        } else if let until = filter.until {
            parts.append("Until \(day(until))")
        }
        let lists = [("Area", filter.areas), ("Agency", filter.agencies), ("Tag", filter.tags),
                     ("Status", filter.statuses), ("Incident", filter.incidents), ("Thread", filter.threads)]
        for (label, values) in lists where !values.isEmpty {
            parts.append("\(label): " + values.joined(separator: " or "))
        }
        return parts.joined(separator: "; ")
    }
}
