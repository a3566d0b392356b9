internal import Foundation

/// The pattern of incident URLs (`permalinks: {incidents: ...}` in site.yml), as in Hugo and
/// Jekyll: fixed text and `:year`, `:month`, `:day`, `:slug` and `:area`. Held without the
/// leading `/`, like every site path: `incidents/:slug/`.
public struct Permalink: Sendable, Equatable {
    /// A piece of the pattern.
    enum Part: Sendable, Equatable {
        case text(String)
        case token(Token)
    }

    /// What a `:name` stands for.
    enum Token: String, Sendable, CaseIterable {
        /// The incident's `date` in the site's timezone: `2024`, `06`, `09`.
        case year, month, day
        /// The slug, made unique on the whole address.
        case slug
        /// The area's slug (`Slug.term`), or `Permalink.noArea` for an incident without one.
        case area
    }

    let parts: [Part]

    /// The default: `/incidents/:slug/`.
    public static let incidents = Permalink(parts: [.text("incidents/"), .token(.slug), .text("/")])

    /// The `:area` of an incident with no `location.area`.
    static let noArea = "other"

    /// The pattern as written in site.yml: `/incidents/:slug/`.
    public var pattern: String {
        "/" + parts.map { part in
            switch part {
            case .text(let text): return text
            case .token(let token): return ":" + token.rawValue
            }
        }.joined()
    }

    /// The first folder of every incident URL (`incidents`): fixed text, checked when parsed.
    var firstSegment: String {
        guard case .text(let text) = parts.first else { return "" }
        return String(text.prefix { $0 != "/" })
    }

    /// Whether the pattern needs the incident's date or area (else the slug makes the path alone).
    var needsFacts: Bool {
        parts.contains { part in
            guard case .token(let token) = part else { return false }
            return token != .slug
        }
    }

    /// The path of an incident with `slug`, on `day` (year, month, day) in `area` (a term slug).
    func path(slug: String, day: (year: Int, month: Int, day: Int), area: String?) -> String {
        if self == .incidents { return "incidents/\(slug)/" }
        var path = ""
        for part in parts {
            switch part {
            case .text(let text): path += text
            case .token(.slug): path += slug
            case .token(.year): path += PublishedLock.pad(day.year, 4)
            case .token(.month): path += PublishedLock.pad(day.month)
            case .token(.day): path += PublishedLock.pad(day.day)
            case .token(.area): path += area ?? Self.noArea
            }
        }
        return path
    }
}

extension Permalink {
    /// Why a pattern is refused: the message, and the offset in the written text of the
    /// token at fault (nil: the whole value).
    struct Refusal: Error {
        var message: String
        var offset: Int?
    }

    /// Reads a pattern such as `/incidents/:year/:slug/`.
    static func parse(_ text: String) -> Result<Permalink, Refusal> {
        let bytes = Array(text.utf8)
        let start = bytes.first == UInt8(ascii: "/") ? 1 : 0
        var parts: [Part] = []
        var i = start
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: ":") {
                var end = i + 1
                while end < bytes.count, bytes[end] | 0x20 >= UInt8(ascii: "a"), bytes[end] | 0x20 <= UInt8(ascii: "z") {
                    end += 1
                }
                let name = String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
                guard let token = Token(rawValue: name) else {
                    let known = Token.allCases.map { ":" + $0.rawValue }.joined(separator: ", ")
                    return .failure(Refusal(message: "unknown \(quoted(":" + name)); use \(known)", offset: i))
                }
                parts.append(.token(token))
                i = end
                continue
            }
            var end = i
            while end < bytes.count, bytes[end] != UInt8(ascii: ":") { end += 1 }
            let literal = bytes[i..<end]
            guard literal.allSatisfy({ isAllowed($0) }) else {
                return .failure(Refusal(message: "expected lowercase letters, digits, '-', '/' and :tokens, "
                                        + "found \(quoted(text))", offset: nil))
            }
            parts.append(.text(String(decoding: literal, as: UTF8.self)))
            i = end
        }
        return check(Permalink(parts: parts), text: text)
    }

    private static func check(_ permalink: Permalink, text: String) -> Result<Permalink, Refusal> {
        let path = permalink.pattern
        let fail = { (why: String) in Result<Permalink, Refusal>.failure(Refusal(message: why, offset: nil)) }
        guard path.hasSuffix("/") else { return fail("must end with '/' (every incident is a folder), found \(quoted(text))") }
        guard permalink.parts.contains(.token(.slug)) else { return fail("must contain :slug, found \(quoted(text))") }
        guard !path.contains("//") else { return fail("has an empty folder ('//'), found \(quoted(text))") }
        let first = permalink.firstSegment
        guard !first.isEmpty, case .text(let lead) = permalink.parts.first, lead.contains("/") else {
            return fail("must start with a fixed folder such as /incidents/ (no :token in it), found \(quoted(text))")
        }
        guard first == "incidents" || !Assembler.reservedSegments.contains(first) else {
            return fail("/\(first)/ is used by generated pages; start with /incidents/ or another folder")
        }
        return .success(permalink)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
    }
}
