internal import Foundation

/// Nothing unfinished is published: a report that is not a draft and still holds text of
/// `blotter new`'s skeleton is an error at that text (a warning in the preview, where a
/// reporter sees the page while writing it). A draft may hold them: it is not published.
enum Placeholders {
    /// The placeholders left in `incident`, read from `file`.
    static func check(_ incident: Incident, file: SourceFile) -> [Diagnostic] {
        guard !incident.draft else { return [] }
        var lines: [Substring]?
        return values(of: incident).compactMap { field, value, placeholder in
            guard let value, contains(value, placeholder) else { return nil }
            if lines == nil { lines = file.text.split(separator: "\n", omittingEmptySubsequences: false) }
            let start = field == "body" ? SourceLocation(line: incident.marks.bodyLine, column: 1)
                : incident.marks.location(of: field)
            let location = place(of: placeholder, in: lines!, from: start.line) ?? start
            return Diagnostic(.error, file: file.path, line: location.line, column: location.column, field: field,
                              message: "still holds \(quoted(placeholder)) from `blotter new`; replace it with the "
                                  + "report's own words", kind: .placeholder)
        }
    }

    /// Each field that `blotter new` writes or shows, its value, and its placeholder.
    private static func values(of incident: Incident) -> [(String, String?, String)] {
        typealias P = IncidentSkeleton.Placeholder
        var values: [(String, String?, String)] = [
            ("location.name", incident.location.name, P.location), ("location.area", incident.location.area, P.area),
            ("summary", incident.summary, P.summary),
        ]
        for (i, entry) in incident.timeline.enumerated() {
            values.append(("timeline[\(i + 1)].text", entry.text, P.timelineText))
        }
        for (i, statement) in incident.statements.enumerated() {
            values.append(("statements[\(i + 1)].speaker", statement.speaker, P.speaker))
            values.append(("statements[\(i + 1)].quote", statement.quote, P.quote))
        }
        for (i, update) in incident.updates.enumerated() { values.append(("updates[\(i + 1)].text", update.text, P.update)) }
        if let image = incident.image {
            values += [("image.alt", image.alt, P.alt), ("image.caption", image.caption, P.caption),
                       ("image.credit", image.credit, P.credit)]
        }
        values.append(("body", incident.body, P.body))
        return values
    }

    /// Whether `text` holds `part`, compared as bytes (Foundation's `contains` was a sixth of
    /// a check of 10,000 reports).
    private static func contains(_ text: String, _ part: String) -> Bool {
        var text = text, part = part
        return text.withUTF8 { t in
            part.withUTF8 { p in
                guard let first = p.first, p.count <= t.count, let tb = t.baseAddress, let pb = p.baseAddress else {
                    return p.isEmpty
                }
                let last = t.count - p.count
                var i = 0
                while i <= last, let hit = memchr(tb + i, Int32(first), last - i + 1) {
                    i = tb.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(tb + i, pb, p.count) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
    }

    /// The first place `placeholder` is written in the file from line `first` (where its field,
    /// or the field around it, starts), outside comments.
    private static func place(of placeholder: String, in lines: [Substring], from first: Int) -> SourceLocation? {
        for (index, line) in lines.enumerated().dropFirst(first - 1)
        where !line.drop(while: { $0 == " " }).hasPrefix("#") {
            guard let range = line.range(of: placeholder) else { continue }
            return SourceLocation(line: index + 1, column: line.unicodeScalars[..<range.lowerBound].count + 1)
        }
        return nil
    }
}
