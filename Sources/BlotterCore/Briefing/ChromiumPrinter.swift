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
        html.inserting(screenless, beforeTag: "</head>") ?? html
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
    /// The PDF is written to a hidden file beside `pdf`, renamed to it once whole: `pdf` is the
    /// old file or the new one, never a part. A long briefing is printed in parts at once and
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
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw BlotterError(path: pdf.path, reason: .cannotWrite(String(cString: strerror(errno))))
        }
        var clock = StageClock()
        let document = printable(html)
        let split = PrintParts(html: document, anchors: anchors, count: partCount(incidents: anchors.count))
        clock.lap("cut into parts")
        var sessions: [ChromiumSession] = []
        defer { sessions.forEach { $0.stop() } }
        for index in 0..<(split?.parts.count ?? 1) {
            sessions.append(try ChromiumSession(binary: chromium, profile: work.appendingPathComponent("profile-\(index + 1)"),
                                                log: work.appendingPathComponent("chromium-\(index + 1).log")))
        }
        var note: String?
        if let split {
            do {
                try TextFile.write(bytes: try printInParts(split, with: sessions, in: work, clock: &clock), to: partial)
                return try finish(partial, pdf, note: nil)
            } catch let error as PDFError {
                note = "the briefing was printed whole, more slowly, because its parts could not be merged: \(error)"
            } catch let error as BlotterError {
                throw error
            } catch {
                throw BlotterError(path: work.path, reason: .cannotRead(String(describing: error)))
            }
        }
        let whole = work.appendingPathComponent("briefing.html")
        try TextFile.write(document, to: whole)
        try sessions[0].print(whole, to: partial, loadSeconds: loadSeconds)
        return try finish(partial, pdf, note: note)
    }

    /// `partial` renamed to `pdf`; returns `note`.
    private static func finish(_ partial: URL, _ pdf: URL, note: String?) throws(BlotterError) -> String? {
        guard rename(partial.path, pdf.path) == 0 else {
            throw BlotterError(path: pdf.path, reason: .cannotWrite(String(cString: strerror(errno))))
        }
        return note
    }

    /// The parts printed at once, one by each of `sessions`, then joined while the first
    /// session prints their margins, which are drawn last.
    private static func printInParts(_ parts: PrintParts, with sessions: [ChromiumSession], in work: URL,
                                     clock: inout StageClock) throws -> [UInt8] {
        let files = parts.parts.indices.map { work.appendingPathComponent("part-\($0 + 1)") }
        for (part, file) in zip(parts.parts, files) { try TextFile.write(part, to: file.appendingPathExtension("html")) }
        let outcomes = Parallel.map(files.count) { index -> Result<PDFFile, any Error> in
            Result { try printAndRead(files[index], with: sessions[index]) }
        }
        let printed = try outcomes.map { try $0.get() }
        clock.lap("print \(files.count) parts")
        let pages = try printed.reduce(0) { $0 + (try $1.pages().count) }
        let margins = work.appendingPathComponent("margins")
        try TextFile.write(parts.margins(pages: pages), to: margins.appendingPathExtension("html"))
        let marginFile = Mutex<Result<PDFFile, any Error>?>(nil)
        let printing = DispatchGroup()
        DispatchQueue.global().async(group: printing) {
            let outcome = Result { try printAndRead(margins, with: sessions[0]) }
            marginFile.withLock { $0 = outcome }
        }
        defer { printing.wait() }  // the session is not left printing, whatever happens here
        var merger = try PDFMerger(parts: printed, owners: parts.owners)
        clock.lap("join parts")
        printing.wait()
        let drawn = try marginFile.withLock { $0 }!.get()
        clock.lap("print margins")
        let merged = try merger.finish(margins: drawn)
        clock.lap("draw margins and write")
        return merged
    }

    /// Prints `<base>.html` to `<base>.pdf` with `session`, and reads the PDF.
    private static func printAndRead(_ base: URL, with session: ChromiumSession) throws -> PDFFile {
        try session.print(base.appendingPathExtension("html"), to: base.appendingPathExtension("pdf"), loadSeconds: loadSeconds)
        return try PDFFile(bytes: Array(Data(contentsOf: base.appendingPathExtension("pdf"))))
    }
}
