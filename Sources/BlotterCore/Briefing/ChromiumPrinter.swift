public import Foundation
internal import Dispatch
internal import Synchronization

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

    /// How many parts a briefing of `incidents` is printed in: one per core, up to 4, with at
    /// least 25 incidents in each (a shorter briefing prints in a few seconds, and a part
    /// costs a Chromium start). `BLOTTER_PRINT_PARTS` sets the number (1: the whole at once).
    static func partCount(incidents: Int) -> Int {
        if let text = ProcessInfo.processInfo.environment["BLOTTER_PRINT_PARTS"], let count = Int(text), count >= 1 {
            return min(count, max(1, incidents))
        }
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4, incidents / 25))
    }

    /// Prints the document `html`, whose incidents have the ids `anchors`, to the file `pdf`.
    /// Chromium writes a hidden file beside `pdf`, renamed to it once whole: `pdf` is the old
    /// file or the new one, never a part. A long briefing is printed in parts at once and
    /// merged (`PrintParts`, `PDFMerger`); if the parts cannot be merged, it is printed whole
    /// and the reason returned, for a warning.
    public static func print(html: String, anchors: [String], to pdf: URL,
                             chromium: String) throws(BlotterError) -> String? {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-print-\(getpid())")
        let partial = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent).partial-\(getpid())")
        let tokens = [work, partial].map { Interruption.removeIfStopped($0.path) }
        defer {
            for path in [work, partial] { try? FileManager.default.removeItem(at: path) }
            tokens.forEach(Interruption.keep)
        }
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            throw BlotterError(path: work.path, reason: .cannotWrite(error.localizedDescription))
        }
        var clock = StageClock()
        let document = printable(html)
        var note: String?
        let split = PrintParts(html: document, anchors: anchors, count: partCount(incidents: anchors.count))
        clock.lap("cut into parts")
        if let parts = split {
            do {
                try TextFile.write(bytes: try printInParts(parts, in: work, chromium: chromium), to: partial)
            } catch let error as PDFError {
                note = "the briefing was printed whole, more slowly, because its parts could not be merged: \(error)"
            } catch let error as BlotterError {
                throw error
            } catch {
                throw BlotterError(path: pdf.path, reason: .cannotWrite(String(describing: error)))
            }
        }
        if note != nil || !FileManager.default.fileExists(atPath: partial.path) {
            try printFiles([document], in: work, chromium: chromium, names: ["briefing"])
            do {
                try FileManager.default.moveItem(at: work.appendingPathComponent("briefing.pdf"), to: partial)
            } catch {
                throw BlotterError(path: partial.path, reason: .cannotWrite(error.localizedDescription))
            }
        }
        guard rename(partial.path, pdf.path) == 0 else {
            throw BlotterError(path: pdf.path, reason: .cannotWrite(String(cString: strerror(errno))))
        }
        return note
    }

    /// The parts printed at once, then their margins, merged.
    private static func printInParts(_ parts: PrintParts, in work: URL, chromium: String) throws -> [UInt8] {
        var clock = StageClock()
        let names = parts.parts.indices.map { "part-\($0 + 1)" }
        try printFiles(parts.parts, in: work, chromium: chromium, names: names)
        clock.lap("print \(names.count) parts")
        let files = try names.map { name in try PDFFile(bytes: Array(Data(contentsOf: work.appendingPathComponent(name + ".pdf")))) }
        let pages = try files.reduce(0) { $0 + (try $1.pages().count) }
        clock.lap("read parts")
        try printFiles([parts.margins(pages: pages)], in: work, chromium: chromium, names: ["margins"])
        let margins = try PDFFile(bytes: Array(Data(contentsOf: work.appendingPathComponent("margins.pdf"))))
        clock.lap("print margins")
        let merged = try PDFMerger.merge(files, owners: parts.owners, margins: margins)
        clock.lap("merge")
        return merged
    }

    /// Prints each of `documents` to `<name>.pdf` in `work`, all at once (one Chromium each).
    private static func printFiles(_ documents: [String], in work: URL, chromium: String,
                                   names: [String]) throws(BlotterError) {
        for (document, name) in zip(documents, names) {
            try TextFile.write(document, to: work.appendingPathComponent(name + ".html"))
        }
        let failures = Mutex<[Int: BlotterError]>([:])
        DispatchQueue.concurrentPerform(iterations: documents.count) { index in
            do throws(BlotterError) {
                try printFile(work.appendingPathComponent(names[index]), chromium: chromium)
            } catch {
                failures.withLock { $0[index] = error }
            }
        }
        if let first = failures.withLock({ $0.sorted { $0.key < $1.key }.first?.value }) { throw first }
    }

    /// Prints `<base>.html` to `<base>.pdf`, with Chromium's profile in `<base>.profile`.
    private static func printFile(_ base: URL, chromium: String) throws(BlotterError) {
        let page = base.appendingPathExtension("html"), pdf = base.appendingPathExtension("pdf")
        // Chromium prints once the page's load event has fired, so its images are in (or have
        // failed). No `--virtual-time-budget`: it added up to 5 s to briefings whose images
        // could not be reached, and waited for nothing a briefing has (it has no scripts).
        // `--timeout` stops the loading after `loadSeconds`: an image server that never
        // answers held a briefing for as long as it kept the connection open.
        var arguments = ["--headless=new", "--disable-gpu", "--no-pdf-header-footer",
                         "--user-data-dir=\(base.appendingPathExtension("profile").path)",
                         "--timeout=\(loadSeconds * 1000)", "--print-to-pdf=\(pdf.path)", page.absoluteString]
        // Chromium refuses to run as root with its sandbox on.
        if geteuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
        let (status, message) = try ExternalTool.run(chromium, arguments, name: "Chromium")
        guard status == 0, FileManager.default.fileExists(atPath: pdf.path) else {
            let last = message.split(separator: "\n").last.map(String.init) ?? ""
            throw BlotterError(path: chromium, reason: .toolFailed("Chromium could not print the briefing: \(last)"))
        }
    }
}
