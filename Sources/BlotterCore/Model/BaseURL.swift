/// The one check of a `base_url` (site.yml) or `--base-url`, in either form: a path
/// (`/`, `/news/`) or an absolute http(s) address (`https://example.org/news/`).
///
/// The value lands in attributes, feeds, sitemaps, `robots.txt` and a JavaScript string in
/// `search.mustache`, so it may hold only what needs no escaping in any of them: a host of
/// letters, digits, `-` and `.` (or `[IPv6]`), an optional port, and a path of letters,
/// digits, `-`, `.`, `_`, `~`, `%XX` and `/`. No spaces, quotes, line breaks, `?` or `#`.
enum BaseURL {
    /// `text` with a final `/`, or the reason it is refused (a sentence ending in the value).
    static func normalised(_ text: String) -> Result<String, Refusal> {
        let value = text.hasSuffix("/") ? text : text + "/"
        let bytes = Array(value.utf8)
        if bytes.first == UInt8(ascii: "/") {
            guard bytes.count == 1 || bytes[1] != UInt8(ascii: "/"), isPath(bytes[...]) else {
                return .failure(Refusal(text: text, expected: "a path like /news/ (letters, digits, '-', '.', '_', '~' and '/')"))
            }
            return .success(value)
        }
        let lower = value.lowercased()
        let scheme = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : 0
        let rest = bytes[scheme...]
        let slash = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        guard scheme > 0, isAuthority(rest[..<slash]), isPath(rest[slash...]) else {
            return .failure(Refusal(text: text, expected: "an absolute http(s) address like https://example.org/"))
        }
        return .success(value)
    }

    /// Why a value was refused.
    struct Refusal: Error, Sendable {
        let text: String
        let expected: String

        /// "expected …, found "…"", quoted as every diagnostic quotes a value.
        var message: String { "expected \(expected), found \(quoted(text))" }
    }
}

private extension BaseURL {
    static func isPath(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, isHex(bytes[i + 1]), isHex(bytes[i + 2]) else { return false }
                i += 3
                continue
            }
            guard isAlphanumeric(byte) || "-._~/".utf8.contains(byte) else { return false }
            i += 1
        }
        let segments = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return !segments.contains { $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) }
    }

    /// `host` or `host:port`; the host a name or `[IPv6]`.
    static func isAuthority(_ bytes: ArraySlice<UInt8>) -> Bool {
        var host = bytes
        if let colon = bytes.lastIndex(of: UInt8(ascii: ":")), bytes.last != UInt8(ascii: "]") {
            let port = bytes[(colon + 1)...]
            guard (1...5).contains(port.count), port.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            host = bytes[..<colon]
        }
        if host.first == UInt8(ascii: "[") {
            return host.count > 2 && host.last == UInt8(ascii: "]")
                && host.dropFirst().dropLast().allSatisfy { isHex($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        }
        return !host.isEmpty && host.first != UInt8(ascii: ".") && host.first != UInt8(ascii: "-")
            && host.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || (byte >= 0x30 && byte <= 0x39)
    }

    static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }
}
