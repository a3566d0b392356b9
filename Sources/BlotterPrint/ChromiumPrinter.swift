public import BlotterCore
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

    /// Prints the document `html`, whose incidents have the ids `anchors`, to the file `pdf`.
    /// The PDF is written to a hidden file beside `pdf`, renamed to it once whole: `pdf` is the
    /// old file or the new one, never a part. A long briefing is printed in parts at once and
    /// merged (`PrintParts`, `PDFMerger`); if the parts cannot be merged, it is printed whole.
    /// Chromium works in a new private folder (`blotter-print-XXXXXX`, mode 0700) and loads only
    /// what `settings.access` allows. Returns warnings: each address refused, once, and why
    /// the briefing was printed whole if it was.
    public static func print(html: String, anchors: [String], to pdf: URL,
                             settings: PrintSettings) throws(BlotterError) -> [String] {
        let work = try PrivateFolder.make(prefix: "blotter-print-")
        let partial = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent).partial-\(getpid())")
        let tokens = [work, partial].map { Leftovers.removeIfStopped($0.path) }
        defer {
            for path in [work, partial] { try? FileManager.default.removeItem(at: path) }
            tokens.forEach(Leftovers.keep)
        }
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw BlotterError(path: pdf.path, reason: .cannotWrite(String(cString: strerror(errno))))
        }
        var clock = StageClock()
        let document = printable(html)
        let split = PrintParts(html: document, anchors: anchors, count: settings.partCount(incidents: anchors.count))
        clock.lap("cut into parts")
        var access = settings.access
        access.printFolder = PrintAccess.realPath(work.path)
        var sessions: [ChromiumSession] = []
        defer { sessions.forEach { $0.stop() } }
        for index in 0..<(split?.parts.count ?? 1) {
            sessions.append(try ChromiumSession(binary: settings.chromium, profile: work.appendingPathComponent("profile-\(index + 1)"),
                                                log: work.appendingPathComponent("chromium-\(index + 1).log"),
                                                commandSeconds: settings.commandSeconds, access: access))
        }
        let scripts = hasScript(document)
        var note: String?
        if let split {
            do {
                let merged = try printInParts(split, with: sessions, scripts: scripts, in: work, clock: &clock,
                                              progress: settings.progress)
                try TextFile.write(bytes: merged, to: partial)
                return try finish(partial, pdf, warnings: refusals(sessions))
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
        settings.progress?(.whole)
        try sessions[0].print(whole, to: partial, loadSeconds: loadSeconds, scripts: scripts)
        return try finish(partial, pdf, warnings: refusals(sessions) + (note.map { [$0] } ?? []))
    }

    /// `partial` renamed to `pdf`; returns `warnings`.
    private static func finish(_ partial: URL, _ pdf: URL, warnings: [String]) throws(BlotterError) -> [String] {
        guard rename(partial.path, pdf.path) == 0 else {
            throw BlotterError(path: pdf.path, reason: .cannotWrite(String(cString: strerror(errno))))
        }
        return warnings
    }

    /// A warning for each address the sessions refused, once each, in the order they were met.
    private static func refusals(_ sessions: [ChromiumSession]) -> [String] {
        var seen: Set<String> = []
        return sessions.flatMap(\.refused).filter { seen.insert($0).inserted }.map {
            "refused to load \($0): outside the site (a briefing loads only its own and the site's files)"
        }
    }

    /// Whether the template put a script in the briefing: scripts are otherwise off while it
    /// prints (Markdown cannot add one: raw HTML is dropped, and text has its `<` escaped).
    static func hasScript(_ html: String) -> Bool {
        html.withBytes { ByteSearch.tag("<script", in: $0, last: false) } != nil
    }

    /// The parts printed at once, one by each of `sessions`, then joined while the first
    /// session prints their margins, which are drawn last.
    private static func printInParts(_ parts: PrintParts, with sessions: [ChromiumSession], scripts: Bool, in work: URL,
                                     clock: inout StageClock,
                                     progress: (@Sendable (PrintProgress) -> Void)?) throws -> [UInt8] {
        let files = parts.parts.indices.map { work.appendingPathComponent("part-\($0 + 1)") }
        for (part, file) in zip(parts.parts, files) { try TextFile.write(part, to: file.appendingPathExtension("html")) }
        let printedParts = Atomic<Int>(0)
        progress?(.parts(printed: 0, of: files.count))
        let outcomes = Parallel.map(files.count) { index -> Result<PDFFile, any Error> in
            defer { progress?(.parts(printed: printedParts.add(1, ordering: .relaxed).newValue, of: files.count)) }
            return Result { try printAndRead(files[index], with: sessions[index], scripts: scripts) }
        }
        let printed = try outcomes.map { try $0.get() }
        clock.lap("print \(files.count) parts")
        let pages = try printed.reduce(0) { $0 + (try $1.pages().count) }
        progress?(.margins(pages: pages))
        let margins = work.appendingPathComponent("margins")
        try TextFile.write(parts.margins(pages: pages), to: margins.appendingPathExtension("html"))
        let marginFile = Mutex<Result<PDFFile, any Error>?>(nil)
        let printing = DispatchGroup()
        DispatchQueue.global().async(group: printing) {
            let outcome = Result { try printAndRead(margins, with: sessions[0], scripts: scripts) }
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
    private static func printAndRead(_ base: URL, with session: ChromiumSession, scripts: Bool) throws -> PDFFile {
        try session.print(base.appendingPathExtension("html"), to: base.appendingPathExtension("pdf"), loadSeconds: loadSeconds,
                          scripts: scripts)
        return try PDFFile(bytes: Array(Data(contentsOf: base.appendingPathExtension("pdf"))))
    }
}
