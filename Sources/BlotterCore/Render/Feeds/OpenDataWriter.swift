internal import Foundation

/// `/incidents.json` and `/incidents.csv`: every published incident as data
/// (schema in docs/data.md). Written in chunks, one incident at a time.
struct OpenDataWriter: Sendable {
    let site: Site
    let dates: DateText
    /// Entries kept between preview rebuilds (nil in a build).
    let memo: RenderMemo?
    /// What the entries depend on besides the incident: addresses and the time zone.
    let settings: Int

    init(site: Site, dates: DateText, memo: RenderMemo? = nil) {
        self.site = site
        self.dates = dates
        self.memo = memo
        var hasher = Hasher()
        hasher.combine(site.config.baseURL)
        hasher.combine(site.config.basePath)
        hasher.combine(site.config.timeZone.identifier)
        settings = hasher.finalize()
    }

    /// The CSV columns, in order.
    static let csvColumns = [
        "slug", "url", "title", "date", "status", "summary", "location", "area", "lat", "lon", "category",
        "agencies", "tags", "killed", "injured", "content_warning", "published", "updated", "timeline_entries",
        "statements", "updates", "sources", "image",
    ]

    /// One incident as a JSON object, every field typed (absent values are null or empty lists).
    func json(_ published: PublishedIncident) -> JSONValue {
        let incident = published.incident
        var fields: [(String, JSONValue)] = [
            ("slug", .string(published.slug)), ("url", .string(site.config.absoluteURL(published.path))),
            ("file", .string(incident.path)), ("title", .string(incident.title)),
            ("date", .string(dates.iso(incident.date))), ("date_has_time", .bool(incident.date.precision == .minute)),
        ]
        fields.append(("location", location(incident.location)))
        fields += [
            ("status", .string(incident.status.rawValue)), ("summary", .string(incident.summary)),
            ("published", .string(dates.iso(incident.publishedMoment))),
            ("updated", .string(dates.iso(incident.lastModified))), ("draft", .bool(incident.draft)),
            ("category", .text(incident.category)), ("agencies", strings(incident.agencies)),
            ("tags", strings(incident.tags)),
        ]
        let killed: JSONValue = incident.casualties?.killed.map(JSONValue.int) ?? .null
        let injured: JSONValue = incident.casualties?.injured.map(JSONValue.int) ?? .null
        fields.append(("casualties", .object([("killed", killed), ("injured", injured)])))
        fields.append(("content_warning", .text(incident.contentWarning)))
        fields.append(("support", strings(incident.support)))
        fields.append(("timeline", .array(incident.timeline.map(timelineEntry))))
        fields.append(("statements", .array(incident.statements.map(statement))))
        fields.append(("updates", .array(incident.updates.map(update))))
        fields.append(("sources", .array(incident.sources.map(source))))
        fields.append(("image", incident.image.map(image) ?? .null))
        fields.append(("extra", extra(.map(incident.extra))))
        fields.append(("body", .string(incident.body)))
        return .object(fields)
    }

    /// The JSON file in chunks: chunk 0 opens the array, chunk i+1 holds incident i.
    func jsonChunk(_ chunk: Int, to out: inout [UInt8]) {
        let count = site.incidents.count
        if chunk == 0 { return out.write(count == 0 ? "[]\n" : "[\n") }
        let i = chunk - 1
        if memo == nil { // a build: straight into the file's bytes, no String kept
            json(site.incidents[i]).write(to: &out)
        } else {
            out.write(memo.value(.json, of: site.incidents[i], inputs: settings) { json(site.incidents[i]).text })
        }
        out.write(i == count - 1 ? "\n]\n" : ",\n")
    }

    /// The CSV file in chunks: chunk 0 is the header, chunk i+1 the row of incident i (RFC 4180, CRLF).
    func csvChunk(_ chunk: Int, to out: inout [UInt8]) {
        if chunk == 0 { return out.write(row(Self.csvColumns)) }
        let published = site.incidents[chunk - 1]
        out.write(memo.value(.csv, of: published, inputs: settings) { csvRow(published) })
    }

    func csvRow(_ published: PublishedIncident) -> String {
        let incident = published.incident
        return row([
            published.slug, site.config.absoluteURL(published.path), incident.title, dates.iso(incident.date),
            incident.status.rawValue, incident.summary, incident.location.name, incident.location.area ?? "",
            incident.location.lat.map { String($0) } ?? "", incident.location.lon.map { String($0) } ?? "",
            incident.category ?? "", incident.agencies.joined(separator: "; "), incident.tags.joined(separator: "; "),
            incident.casualties?.killed.map(String.init) ?? "", incident.casualties?.injured.map(String.init) ?? "",
            incident.contentWarning ?? "", dates.iso(incident.publishedMoment), dates.iso(incident.lastModified),
            String(incident.timeline.count), String(incident.statements.count), String(incident.updates.count),
            incident.sources.map(\.url).filter { !$0.isEmpty }.joined(separator: " "), incident.image?.src ?? "",
        ])
    }
}

private extension OpenDataWriter {
    func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    func location(_ location: Location) -> JSONValue {
        let lat: JSONValue = location.lat.map(JSONValue.double) ?? .null
        let lon: JSONValue = location.lon.map(JSONValue.double) ?? .null
        return .object([("name", .string(location.name)), ("area", .text(location.area)), ("lat", lat), ("lon", lon)])
    }

    func timelineEntry(_ entry: TimelineEntry) -> JSONValue {
        .object([("time", .string(dates.iso(entry.time))), ("time_has_clock", .bool(entry.time.precision == .minute)),
                 ("text", .string(entry.text)), ("source", .text(entry.source))])
    }

    func statement(_ s: Statement) -> JSONValue {
        let date: JSONValue = s.date.map { .string(dates.iso($0)) } ?? .null
        return .object([("speaker", .string(s.speaker)), ("role", .text(s.role)), ("organisation", .text(s.organisation)),
                        ("date", date), ("quote", .string(s.quote)), ("source", .text(s.source))])
    }

    func update(_ u: Update) -> JSONValue {
        .object([("date", .string(dates.iso(u.date))), ("text", .string(u.text))])
    }

    func source(_ s: Source) -> JSONValue {
        .object([("title", .string(s.title)), ("url", .text(s.url.isEmpty ? nil : s.url)), ("publisher", .text(s.publisher))])
    }

    func image(_ i: Image) -> JSONValue {
        .object([("src", .string(i.src)), ("alt", .string(i.alt)), ("caption", .text(i.caption)), ("credit", .text(i.credit))])
    }

    func extra(_ value: ExtraValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .list(let items): return .array(items.map(extra))
        case .map(let pairs): return .object(pairs.keys.sorted().map { ($0, extra(pairs[$0]!)) })
        }
    }

    /// One CSV record: fields quoted when they hold a comma, quote or line break.
    func row(_ fields: [String]) -> String {
        fields.map { field in
            guard Self.quoted.replacesAny(of: field) else { return field }
            return "\"" + field.replacingBytes("\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }

    /// The bytes that make a CSV field quoted: comma, quote and line ends (only looked for
    /// with the escapers' fast scan; quoting itself doubles the quotes).
    private static let quoted = EscapingWriter { [44, 34, 10, 13].contains($0) ? "" : nil }
}
