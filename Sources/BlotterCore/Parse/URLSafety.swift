/// Checks addresses from front matter before they reach an `href` or `src`.
enum URLSafety {
    /// Schemes a link may use; anything else (`javascript:`, `vbscript:`,
    /// `data:`, `file:`) is refused.
    static let linkSchemes: Set<String> = ["http", "https", "mailto", "tel"]
    /// `data:` images allowed in `image.src`.
    static let imageDataPrefixes = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]

    /// The scheme of `url` in lower case, ignoring the control characters and
    /// spaces browsers ignore; nil for a relative address.
    /// Works on UTF-8 bytes: the characters ignored are single bytes, and a scheme is ASCII.
    static func scheme(of url: String) -> String? {
        var scheme: [UInt8] = []
        for byte in url.utf8 where byte > 0x20 {
            if byte == UInt8(ascii: ":") { break }
            let lower = byte | 0x20
            let letter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard letter || (!scheme.isEmpty && (digit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                                                 || byte == UInt8(ascii: "."))) else { return nil }
            scheme.append(letter ? lower : byte)
        }
        guard !scheme.isEmpty, url.utf8.contains(UInt8(ascii: ":")) else { return nil }
        return String(decoding: scheme, as: UTF8.self)
    }

    /// Whether `text` is an address rather than words (a statement's or a timeline entry's
    /// `source` may be either): a scheme (RFC 3986: a letter, then letters, digits, `+`, `-`
    /// or `.`), a colon, and no space or control character after it. The spaces around it
    /// and the tabs and line breaks that browsers drop are ignored. "Metropolitan Police:
    /// press release" and "Note: by phone" are words; "https://…" and "javascript:…" are
    /// addresses.
    static func isAddress(_ text: String) -> Bool {
        var bytes = text.utf8.filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }[...]
        while let first = bytes.first, first <= 0x20 { bytes.removeFirst() }
        while let last = bytes.last, last <= 0x20 { bytes.removeLast() }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > bytes.startIndex,
              isLetter(bytes[bytes.startIndex]) else { return false }
        let scheme = bytes[bytes.startIndex..<colon].allSatisfy {
            isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
        return scheme && !bytes[colon...].contains { $0 <= 0x20 || $0 == 0x7F }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    /// Whether `url` may be used as a link target.
    static func isSafeLink(_ url: String) -> Bool {
        guard let scheme = scheme(of: url) else { return !url.unicodeScalars.contains { $0.value < 0x20 } }
        return linkSchemes.contains(scheme)
    }

    /// Whether `url` may be used as an image source.
    static func isSafeImage(_ url: String) -> Bool {
        if scheme(of: url) == "data" {
            let lower = url.lowercased()
            return imageDataPrefixes.contains { lower.hasPrefix($0) }
        }
        return isSafeLink(url) && scheme(of: url) != "mailto" && scheme(of: url) != "tel"
    }
}
