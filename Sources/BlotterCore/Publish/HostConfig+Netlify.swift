/// `_headers` and `_redirects`, in the syntax Netlify and Cloudflare Pages share: a path
/// (with `:placeholder` for one segment, `*` for the rest), then its headers indented, or a
/// source, target and status on one line. Every path carries the base path, as the site's
/// links do. Both hosts already redirect `/incidents/x` to `/incidents/x/`.
extension HostConfig {
    /// `_headers`: the security headers everywhere, the content types these hosts get
    /// wrong, and a year's caching for each of the `fingerprinted` assets (output paths).
    /// No two rules set the same header on one path: Cloudflare would join the two values.
    static func headers(basePath base: String, fingerprinted: [String]) -> String {
        var lines = [
            "# Response headers for Netlify and Cloudflare Pages, written by Blotter with every build",
            "# (for nginx, see `blotter deploy nginx`). The hosts read this file and do not serve it.",
            "\(base)*",
        ]
        lines += HostRules.security.map { "  \($0.name): \($0.value)" }
        lines += ["", "# The Atom feeds are named feed.xml, the JSON Feed feed.json: these hosts would say XML and JSON."]
        let feeds = [base + "feed.xml"] + TaxonomyKind.allCases.map { "\(base)\($0.segment)/:term/feed.xml" }
        for path in feeds { lines += [path, "  Content-Type: \(HostRules.atom); charset=utf-8"] }
        lines += [base + "feed.json", "  Content-Type: \(HostRules.jsonFeed)"]
        lines += [base + "*.webmanifest", "  Content-Type: \(HostRules.manifest)"]
        lines += ["", "# The open data's JSON Lines and GeoJSON files, whose types not every host knows."]
        lines += [base + "*.jsonl", "  Content-Type: \(HostRules.jsonLines)"]
        lines += [base + "*.geojson", "  Content-Type: \(HostRules.geoJSON)"]
        let assets = fingerprinted.filter(HostRules.isFingerprinted).sorted()
        if !assets.isEmpty {
            lines += ["", "# Fingerprinted assets: the name changes with the content, so a copy is good for a year."]
            for path in assets { lines += [base + path, "  Cache-Control: \(HostRules.immutable)"] }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `_redirects`: the site's old addresses (`aliases:`) lead to their pages, and folders
    /// without a page of their own to the listing they belong to. An alias has its redirect
    /// page too: Netlify serves that page rather than the 301 (a rule without `!` yields to a
    /// file, and Cloudflare reads no `!`), and it sends the reader on.
    static func redirects(basePath base: String, aliases: [Redirect] = []) -> String {
        var lines = [
            "# Redirects for Netlify and Cloudflare Pages, written by Blotter with every build",
            "# (for nginx, see `blotter deploy nginx`). The hosts read this file and do not serve it.",
            "# Folders without a page of their own: a trimmed address leads to the listing it came from.",
        ]
        // Cloudflare wants the fixed sources before those with a placeholder.
        let (placeholders, fixed) = HostRules.redirects.partitioned { $0.from.contains(":") }
        let rule = { (from: String, to: String) in "\(base)\(from)  \(base)\(to)  301" }
        lines += fixed.map { rule($0.from, $0.to) }
        // Cloudflare wants them before the rules with a placeholder too.
        if !aliases.isEmpty {
            lines += ["# Old addresses of pages (`aliases:`) lead to the pages."]
            lines += aliases.map { rule($0.from, $0.to) }
        }
        lines += placeholders.map { rule($0.from, $0.to) }
        return lines.joined(separator: "\n") + "\n"
    }
}
