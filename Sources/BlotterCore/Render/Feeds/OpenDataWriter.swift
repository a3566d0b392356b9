internal import Foundation

/// The open-data files (`DataFiles`): the incidents of the whole site or of one year as
/// JSON, JSON Lines and CSV (schema in docs/data.md; GeoJSON in `OpenDataWriter+GeoJSON.swift`).
/// Written in chunks, one incident at a time.
struct OpenDataWriter: Sendable {
    let site: Site
    let dates: DateText
    /// Entries kept between preview rebuilds (nil in a build).
    let memo: RenderMemo?
    /// Whether the entries carry the Markdown body (else `body` is null).
    let bodies: Bool
    /// What the entries depend on besides the incident: addresses, the time zone, bodies.
    let settings: Int

    init(site: Site, dates: DateText, memo: RenderMemo? = nil, bodies: Bool = true) {
        self.site = site
        self.dates = dates
        self.memo = memo
        self.bodies = bodies
        var hasher = Hasher()
        hasher.combine(site.config.baseURL)
        hasher.combine(site.config.basePath)
        hasher.combine(site.config.timeZone.identifier)
        hasher.combine(bodies)
        settings = hasher.finalize()
    }

    /// The CSV columns, in order.
    static let csvColumns = [
        "slug", "url", "title", "date", "status", "summary", "location", "area", "lat", "lon", "category",
        "agencies", "tags", "killed", "injured", "content_warning", "published", "updated", "timeline_entries",
        "statements", "updates", "sources", "image", "corrections", "unanswered_requests", "unconfirmed_entries",
        "people", "authors", "thread",
    ]

    /// One incident as a JSON object, every field typed (absent values are null or empty lists).
    /// (Nested closures capture only the fields they write: capturing `incident` would copy
    /// the whole incident, a retain of each of its strings and lists.)
    func json(_ i: Int, _ json: inout JSONWriter) {
        json.object { json in
            members(site.incidents[i], site.incidents[i].shared.incident, &json)
            links(i, &json)
        }
    }

    /// What links incident `i` to others (`Site.Links`): its byline, its story thread, what it
    /// follows and is related to.
    private func links(_ i: Int, _ json: inout JSONWriter) {
        let links = site.links
        let config = site.config
        json.array("authors") { json in
            for a in links.authors[i] ?? [] {
                let author = site.authors[a]
                json.object { json in
                    json.field("key", author.author.key)
                    json.field("name", author.author.name)
                    json.field("url", config.absoluteURL(author.path))
                }
            }
        }
        json.field("thread", links.thread[i].map { config.absoluteURL(site.threads[$0].path) })
        json.field("follows", links.follows[i].map { config.absoluteURL(site.incidents[$0].path) })
        json.field("related", strings: (links.related[i] ?? []).map { config.absoluteURL(site.incidents[$0].path) })
    }

    /// What incident `i`'s entry depends on besides its reading: its links' authors and
    /// addresses, hashed alike in every run (a data file's fingerprint holds it).
    func linkKey(_ i: Int) -> UInt64 {
        let links = site.links
        var hasher = StableHasher()
        for a in links.authors[i] ?? [] {
            hasher.combine(site.authors[a].author.revision)
            hasher.combine(site.authors[a].path)
        }
        hasher.combine(links.thread[i].map { site.threads[$0].path } ?? "")
        hasher.combine(links.follows[i].map { site.incidents[$0].path } ?? "")
        for j in links.related[i] ?? [] { hasher.combine(site.incidents[j].path) }
        return hasher.finalize()
    }

    private func members(_ published: PublishedIncident, _ incident: borrowing Incident, _ json: inout JSONWriter) {
        json.field("slug", published.slug)
        json.field("url", site.config.absoluteURL(published.path))
        json.field("file", incident.path)
        json.field("title", incident.title)
        json.field("date", dates.iso(incident.date))
        json.field("date_has_time", incident.date.precision == .minute)
        json.object("location") { [location = incident.location] json in
            json.field("name", location.name)
            json.field("area", location.area)
            json.field("lat", double: location.lat)
            json.field("lon", double: location.lon)
        }
        json.field("status", incident.status.rawValue)
        json.field("summary", incident.summary)
        json.field("published", dates.iso(incident.publishedMoment))
        json.field("updated", dates.iso(incident.lastModified))
        json.field("draft", incident.draft)
        json.field("category", incident.category)
        json.field("agencies", strings: incident.agencies)
        json.field("tags", strings: incident.tags)
        json.object("casualties") { [casualties = incident.casualties] json in
            json.field("killed", int: casualties?.killed)
            json.field("injured", int: casualties?.injured)
        }
        json.field("content_warning", incident.contentWarning)
        json.field("support", strings: incident.support)
        json.array("timeline") { [timeline = incident.timeline] json in
            for entry in timeline {
                json.object { json in
                    json.field("time", dates.iso(entry.time))
                    json.field("time_has_clock", entry.time.precision == .minute)
                    json.field("text", entry.text)
                    json.field("source", entry.source)
                    json.field("confidence", entry.confidence.rawValue)
                }
            }
        }
        json.array("statements") { [statements = incident.statements] json in
            for s in statements {
                json.object { json in
                    json.field("speaker", s.speaker)
                    json.field("role", s.role)
                    json.field("organisation", s.organisation)
                    json.field("date", s.date.map(dates.iso))
                    json.field("quote", s.quote)
                    json.field("source", s.source)
                    json.field("response", s.response.rawValue)
                    json.field("requested", s.requested.map(dates.iso))
                }
            }
        }
        json.array("updates") { [updates = incident.updates] json in
            for u in updates {
                json.object { json in
                    json.field("date", dates.iso(u.date))
                    json.field("kind", u.kind.rawValue)
                    json.field("text", u.text)
                }
            }
        }
        json.array("people") { [people = incident.people] json in
            for person in people {
                json.object { json in
                    json.field("name", person.mayBeNamed ? person.name : nil)
                    json.field("name_withheld", person.name != nil && !person.mayBeNamed)
                    json.field("role", person.role.rawValue)
                    json.field("age", int: person.age)
                    json.field("anonymity", person.anonymity.rawValue)
                }
            }
        }
        json.array("sources") { [sources = incident.sources] json in
            for source in sources {
                json.object { json in
                    json.field("title", source.title)
                    json.field("url", source.url.isEmpty ? nil : source.url)
                    json.field("publisher", source.publisher)
                }
            }
        }
        json.key("image")
        if let image = incident.image {
            json.object { json in
                json.field("src", image.src)
                json.field("alt", image.alt)
                json.field("caption", image.caption)
                json.field("credit", image.credit)
            }
        } else {
            json.null()
        }
        json.key("extra")
        extra(.map(incident.extra), &json)
        json.field("body", bodies ? incident.body : nil)
    }

    /// The file of `incidents` (positions in the site, in order) in `format`, in chunks.
    func file(_ format: DataFiles.Format, of incidents: [Int], path: String) -> OutputFile {
        switch format {
        case .json: return OutputFile(path: path, chunks: incidents.count + 1) { jsonChunk($0, of: incidents, to: &$1) }
        case .jsonl: return OutputFile(path: path, chunks: incidents.count) { jsonLine(incidents[$0], to: &$1) }
        case .csv: return OutputFile(path: path, chunks: incidents.count + 1) { csvChunk($0, of: incidents, to: &$1) }
        case .geojson:
            let located = incidents.filter { site.incidents[$0].incident.location.hasCoordinates }
            return OutputFile(path: path, chunks: located.count + 1) { featureChunk($0, of: located, to: &$1) }
        }
    }

    /// The JSON file in chunks: chunk 0 opens the array, chunk k+1 holds the k-th incident.
    func jsonChunk(_ chunk: Int, of incidents: [Int], to out: inout [UInt8]) {
        let count = incidents.count
        if chunk == 0 { return out.write(count == 0 ? "[]\n" : "[\n") }
        object(incidents[chunk - 1], to: &out)
        out.write(chunk == count ? "\n]\n" : ",\n")
    }

    /// One line of the JSON Lines file: incident `i`'s object, as in the JSON file.
    func jsonLine(_ i: Int, to out: inout [UInt8]) {
        object(i, to: &out)
        out.write("\n")
    }

    /// The CSV file in chunks: chunk 0 is the header, chunk k+1 the row of the k-th incident (RFC 4180, CRLF).
    func csvChunk(_ chunk: Int, of incidents: [Int], to out: inout [UInt8]) {
        if chunk == 0 { return out.write(row(Self.csvColumns)) }
        let i = incidents[chunk - 1]
        out.write(memo.value(.csv, of: site.incidents[i], inputs: settings ^ Int(truncatingIfNeeded: linkKey(i))) { csvRow(i) })
    }

    /// Incident `i` as a JSON object.
    private func object(_ i: Int, to out: inout [UInt8]) {
        if memo == nil { // a build: straight into the file's bytes, no String kept
            JSONWriter.write(into: &out) { json(i, &$0) }
        } else {
            out.write(memo.value(.json, of: site.incidents[i], inputs: settings ^ Int(truncatingIfNeeded: linkKey(i))) {
                JSONWriter.text { json(i, &$0) }
            })
        }
    }

    func csvRow(_ i: Int) -> String { csvRow(i, site.incidents[i], site.incidents[i].shared.incident) }

    private func csvRow(_ i: Int, _ published: PublishedIncident, _ incident: borrowing Incident) -> String {
        func text(_ value: String) -> String { Self.formulaSafe(value) }
        return row([
            text(published.slug), text(site.config.absoluteURL(published.path)), text(incident.title), dates.iso(incident.date),
            text(incident.status.rawValue), text(incident.summary), text(incident.location.name), text(incident.location.area ?? ""),
            incident.location.lat.map { String($0) } ?? "", incident.location.lon.map { String($0) } ?? "",
            text(incident.category ?? ""), text(incident.agencies.joined(separator: "; ")), text(incident.tags.joined(separator: "; ")),
            incident.casualties?.killed.map(String.init) ?? "", incident.casualties?.injured.map(String.init) ?? "",
            text(incident.contentWarning ?? ""), dates.iso(incident.publishedMoment), dates.iso(incident.lastModified),
            String(incident.timeline.count), String(incident.statements.count), String(incident.updates.count),
            text(incident.sources.map(\.url).filter { !$0.isEmpty }.joined(separator: " ")), text(incident.image?.src ?? ""),
            String(incident.updates.count { $0.kind != .update }),
            String(incident.statements.count { $0.response != .statement }),
            String(incident.timeline.count { $0.confidence != .confirmed }),
            text(incident.people.map(Self.personText).joined(separator: "; ")),
            text((site.links.authors[i] ?? []).map { site.authors[$0].author.name }.joined(separator: "; ")),
            site.links.thread[i].map { site.config.absoluteURL(site.threads[$0].path) } ?? "",
        ])
    }

    /// A person in a CSV cell: `victim, 34` or `Jane Smith (deceased)`: never a name that may
    /// not be published.
    static func personText(_ person: Person) -> String {
        let age = person.age.map { ", \($0)" } ?? ""
        guard person.mayBeNamed, let name = person.name else { return person.role.rawValue + age }
        return "\(name) (\(person.role.rawValue)\(age))"
    }

    /// A text cell that a spreadsheet will not run as a formula (OWASP's CSV injection rule):
    /// a text starting with `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed gets a
    /// `'` in front. Numbers and dates are written by Blotter and never need it.
    static func formulaSafe(_ value: String) -> String {
        guard let first = value.utf8.first, [61, 43, 45, 64, 9, 13, 10].contains(first) else { return value }
        return "'" + value
    }
}

private extension OpenDataWriter {
    func extra(_ value: ExtraValue, _ json: inout JSONWriter) {
        switch value {
        case .string(let s): json.string(s)
        case .list(let items): json.array { json in for item in items { extra(item, &json) } }
        case .map(let pairs):
            json.object { json in
                for key in pairs.keys.sorted() {
                    json.key(key)
                    extra(pairs[key]!, &json)
                }
            }
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
