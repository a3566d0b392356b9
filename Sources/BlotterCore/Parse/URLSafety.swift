/// Checks addresses from front matter before they reach an `href` or `src`.
enum URLSafety {
    /// Schemes a link may use; anything else (`javascript:`, `vbscript:`,
    /// `data:`, `file:`) is refused.
    static let linkSchemes: Set<String> = ["http", "https", "mailto", "tel"]
    /// `data:` images allowed in `image.src`.
    static let imageDataPrefixes = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]

    /// The scheme of `url` in lower case, ignoring the control characters and
    /// spaces browsers ignore; nil for a relative address.
    static func scheme(of url: String) -> String? {
        let cleaned = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 }))
        guard let colon = cleaned.firstIndex(of: ":") else { return nil }
        let candidate = cleaned[..<colon]
        guard let first = candidate.first, first.isASCII, first.isLetter,
              candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return candidate.lowercased()
    }

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
