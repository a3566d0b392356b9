internal import Foundation

/// The files of the site's old addresses (`aliases:`, `Site.redirects`): a page at each that
/// sends the reader on, and the lists web hosts read to answer with a 301 themselves.
extension Renderer {
    /// The page at an old address: an immediate refresh to the new one, its canonical link, a
    /// link to follow by hand, and `noindex`. Made in code, not by a template: nothing of
    /// the theme is shown before the browser moves on (as Hugo's alias pages).
    func redirectPage(_ redirect: Redirect) -> [UInt8] {
        // The canonical address is absolute; the reader is sent on within this host (so that
        // a copy of the site served elsewhere, or the preview, stays on itself).
        let canonical = XMLText.escape(builder.permalink(redirect.to))
        let target = XMLText.escape(builder.url(redirect.to))
        let title = XMLText.escape(site.config.title)
        let lines = [
            "<!DOCTYPE html>",
            "<html lang=\"\(XMLText.escape(site.config.language))\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<title>Moved: \(title)</title>",
            "<meta name=\"robots\" content=\"noindex\">",
            "<link rel=\"canonical\" href=\"\(canonical)\">",
            "<meta http-equiv=\"refresh\" content=\"0; url=\(target)\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "</head>",
            "<body>",
            "<main>",
            "<h1>This page has moved</h1>",
            "<p>It is now at <a href=\"\(target)\">\(canonical)</a>.</p>",
            "</main>",
            "</body>",
            "</html>",
        ]
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// `_redirects.map`, for nginx (`blotter deploy nginx` includes it in a `map`): each
    /// old address and the new, with the base path. Written only when there are aliases.
    func nginxRedirectMap() -> String {
        let base = site.config.basePath
        var lines = [
            "# Old addresses (`aliases:`) and where they lead, for nginx: `blotter deploy nginx` reads",
            "# this file into a map when nginx starts or reloads. Written by Blotter with every build.",
        ]
        lines += site.redirects.map { "\(base)\($0.from) \(base)\($0.to);" }
        return lines.joined(separator: "\n") + "\n"
    }
}
