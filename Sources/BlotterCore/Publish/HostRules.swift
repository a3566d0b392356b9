/// What a web server should do with Blotter's output, in one place: the nginx server block
/// of `blotter deploy nginx` and the `_headers` and `_redirects` files that Netlify and
/// Cloudflare Pages read are written from these rules, so the three hosts answer alike.
enum HostRules {
    /// The Atom feeds (`feed.xml`, `<taxonomy>/<term>/feed.xml`): nginx's mime.types says
    /// text/xml for `.xml`, Netlify and Cloudflare application/xml.
    static let atom = "application/atom+xml"
    /// The JSON Feed (`feed.json`): servers say application/json.
    static let jsonFeed = "application/feed+json"
    /// A web app manifest: nginx's mime.types has no `.webmanifest`.
    static let manifest = "application/manifest+json"
    /// The open data (`incidents.csv`): nginx's mime.types has no `.csv`.
    static let csv = "text/csv"
    /// The open data as GeoJSON (`.geojson`, RFC 7946) and JSON Lines (`.jsonl`): not in
    /// nginx's mime.types either.
    static let geoJSON = "application/geo+json"
    static let jsonLines = "application/jsonl"

    /// Cache-Control of a fingerprinted asset: its name changes with its content, so a copy
    /// kept for a year is never stale.
    static let immutable = "public, max-age=31536000, immutable"
    /// Cache-Control of everything else (pages, feeds, data, other assets): a browser may keep
    /// a copy but asks the server before each use, which answers 304 when it is unchanged.
    static let revalidate = "no-cache"
    /// Headers sent with every response: no content-type guessing, and no full address of
    /// a page sent to other sites.
    static let security: [(name: String, value: String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]

    /// The nginx map of the site's old addresses (`aliases:`), in the output folder when the
    /// site has any (`Renderer.nginxRedirectMap`).
    static let redirectMap = "_redirects.map"

    /// Files in the output that are for the host, not for readers.
    static let hostFiles = ["_headers", "_redirects", ".blotter-output", redirectMap]

    /// Folders of listing pages (`""` the home page, `areas/:term/` a term's), each with
    /// a `page/` folder that has no page of its own.
    static var listings: [String] { [""] + TaxonomyKind.allCases.map { "\($0.segment)/:term/" } }
    /// Folders without a page of their own that a reader reaches by trimming an address, and
    /// the page they lead to: `/incidents/` (from an incident's address) to the home page,
    /// which lists every incident; a listing's `page/` and `page/1/` to its first page.
    static var redirects: [(from: String, to: String)] {
        [("incidents/", "")] + listings.flatMap { [($0 + "page/", $0), ($0 + "page/1/", $0)] }
    }

    /// Whether an output file is a fingerprinted asset, `assets/<name>.<8 or more hex digits>.css`
    /// (or `.js`): the nginx block matches the same names with `fingerprintPattern`.
    static func isFingerprinted(_ path: String) -> Bool {
        guard path.hasPrefix("assets/"), path.hasSuffix(".css") || path.hasSuffix(".js") else { return false }
        let parts = path.dropFirst("assets/".count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, !parts[0].isEmpty, let hash = parts.dropLast().last, hash.count >= 8 else { return false }
        return hash.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// `isFingerprinted` as a regular expression for the addresses below `prefix` (the site's
    /// base path, written for a regular expression).
    static func fingerprintPattern(prefix: String) -> String {
        "^\(prefix)assets/.+\\.[0-9a-f]{8,}\\.(css|js)$"
    }
}
