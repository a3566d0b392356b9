public import Foundation

/// Prints an HTML file to PDF with headless Chromium (the only PDF engine Blotter uses).
public enum ChromiumPrinter {
    /// How to get Chromium, for messages.
    public static let installHint = "install it with `apt-get install chromium` or give its path with --chromium"

    /// `chromium`, `chromium-browser`, `google-chrome` or `google-chrome-stable` on PATH.
    public static func locate(_ explicit: String?) throws(BlotterError) -> String {
        if let explicit {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw BlotterError(path: explicit, reason: .toolFailed("not an executable file; " + installHint))
            }
            return explicit
        }
        if let found = ExternalTool.find(["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
            return found
        }
        throw BlotterError(path: "--pdf", reason: .toolFailed("Chromium was not found; " + installHint))
    }

    /// The briefing's HTML as given to Chromium: its body hidden on screen, so Chromium does
    /// not lay the document out for the screen before its own print layouts (a 1.5 s layout
    /// of a 212-incident briefing, traced; the PDF is the same). Put before the first
    /// `</head>`; a document without one is left as it is.
    package static func printable(_ html: String) -> String {
        guard let head = html.range(of: "</head>", options: .caseInsensitive) else { return html }
        return html.replacingCharacters(in: head.lowerBound..<head.lowerBound, with: screenless)
    }

    /// How long Chromium may load the briefing and its images before it prints what it has.
    static let loadSeconds = 60

    /// The style that hides the page on screen (print media ignores it).
    static let screenless = "<style>@media screen { body { display: none } }</style>\n"

    /// Prints the document `html` to the file `pdf`, through a temporary copy of it (`printable`).
    /// Chromium writes a hidden file beside `pdf`, renamed to it once whole: `pdf` is the old
    /// file or the new one, never a part.
    public static func print(html: String, to pdf: URL, chromium: String) throws(BlotterError) {
        let temporary = FileManager.default.temporaryDirectory
        let page = temporary.appendingPathComponent("blotter-briefing-\(getpid()).html")
        let profile = temporary.appendingPathComponent("blotter-chromium-\(getpid())")
        let partial = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent).partial-\(getpid())")
        let tokens = [page, profile, partial].map { Interruption.removeIfStopped($0.path) }
        defer {
            for path in [page, profile, partial] { try? FileManager.default.removeItem(at: path) }
            tokens.forEach(Interruption.keep)
        }
        try TextFile.write(printable(html), to: page)
        // Chromium prints once the page's load event has fired, so its images are in (or have
        // failed). No `--virtual-time-budget`: it added up to 5 s to briefings whose images
        // could not be reached, and waited for nothing a briefing has (it has no scripts).
        // `--timeout` stops the loading after `loadSeconds`: an image server that never
        // answers held a briefing for as long as it kept the connection open.
        var arguments = ["--headless=new", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(profile.path)",
                         "--timeout=\(loadSeconds * 1000)", "--print-to-pdf=\(partial.path)", page.absoluteString]
        // Chromium refuses to run as root with its sandbox on.
        if geteuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
        let (status, message) = try ExternalTool.run(chromium, arguments, name: "Chromium")
        guard status == 0, FileManager.default.fileExists(atPath: partial.path) else {
            let last = message.split(separator: "\n").last.map(String.init) ?? ""
            throw BlotterError(path: chromium, reason: .toolFailed("Chromium could not print the briefing: \(last)"))
        }
        guard rename(partial.path, pdf.path) == 0 else {
            throw BlotterError(path: pdf.path, reason: .cannotWrite(String(cString: strerror(errno))))
        }
    }
}
