internal import Foundation
internal import Synchronization

/// Stage 4's result: every file of the site (or, after a preview's quick edit, those that
/// can have changed), each with its fingerprint, none made yet. `make` renders one.
struct OutputPlan: Sendable {
    /// Where a file's bytes come from.
    enum Source: Sendable {
        /// A page, feed or data file the renderer makes.
        case job(PageJob)
        /// A file copied as it is (`Static/`, `Templates/assets/`, the theme's).
        case asset(AssetFile)
        /// Bytes made already (a stylesheet's fingerprinted copy).
        case bytes([UInt8])
        /// One file of a photo (`Photo`), made from its source file.
        case photo(Photo.Variant, Photo, AssetFile)
    }

    /// One file of the output.
    struct Item: Sendable {
        var path: String
        var fingerprint: UInt64
        var source: Source

        /// Whether the file lists every incident or page (open data, sitemaps): the preview
        /// writes these after the pages.
        var listsWholeSite: Bool {
            if case .job(let job) = source { return job.listsWholeSite }
            return false
        }

        /// Whether the file changes with the time of the build alone (the news sitemap, briefings).
        var followsClock: Bool {
            if case .job(let job) = source { return job.followsClock }
            return false
        }

        /// Whether the file lists the data files with their sizes and digests: made after them.
        var readsDataFiles: Bool {
            if case .job(let job) = source { return job.readsDataFiles }
            return false
        }

        /// Whether it is an HTML page the renderer makes.
        var isPage: Bool {
            if case .job(let job) = source { return job.isHTML }
            return false
        }

        var isAsset: Bool {
            if case .job = source { return false }
            return true
        }
    }

    let renderer: Renderer
    var items: [Item]
    /// Where photos' files are made and kept.
    let photos: PhotoCache

    /// Renders or reads one file.
    func make(_ item: Item) throws(BlotterError) -> OutputFile {
        switch item.source {
        case .job(let job): return renderer.render(job)
        case .bytes(let bytes): return OutputFile(path: item.path, bytes: bytes)
        case .asset(let asset):
            // A fingerprinted asset is published with the bytes its hash was made of.
            if let hashed = renderer.site.assets.entry(for: asset.outputPath)?.bytes {
                return OutputFile(path: item.path, bytes: hashed)
            }
            return OutputFile(path: item.path, bytes: try asset.bytes())
        case .photo(let variant, let photo, let asset):
            let quality = renderer.site.config.images.quality
            return OutputFile(path: item.path, bytes: try photos.bytes(variant, of: photo, from: asset, quality: quality))
        }
    }
}

/// Stage 5, publish: one publisher for any plan. Only the files whose fingerprint differs
/// from the one the destination's file was made with are made and written (all of them when
/// the destination's files are not known), and the files the site no longer has are removed.
///
/// A build publishes into a staging folder that is swapped in whole (the old site or the
/// new one, never a mix): the previous build kept beside the output, brought up to date.
/// The preview's later rebuilds write in place, each file renamed into place whole.
enum Publisher {
    /// Where the files go.
    enum Destination {
        /// A staging folder, committed at the end.
        case staged(StagingFolder)
        /// The output folder itself (the preview).
        case inPlace(String)
    }

    /// What a publication did.
    struct Report {
        /// The plan's items written (indexes into the plan), and the paths removed.
        var written: [Int] = []
        var removed: [String] = []
        var pages = 0
        /// The identity of the site a staging folder swapped in (`StagingFolder.identity`).
        var identity: [UInt64]?
    }

    /// Publishes `plan`. `known` holds the fingerprints of the destination's files (nil: not
    /// known; in a staging folder, every file is made and compared with the bytes there).
    /// Files of `known` that the plan lacks are removed; of a partial plan (a preview's quick
    /// rebuild), only those among `mayGo` (the assets).
    /// `forced` paths are written whatever their fingerprint. With `precompress`, text files get
    /// `.gz` and `.br` copies. `indexer` makes the search index of a staged site.
    /// `pagesWritten` is called once the pages are in place, before the files that list the
    /// whole site (the preview reloads pages then). `progress(done, total)` is called now and then.
    static func publish(_ plan: OutputPlan, to destination: Destination, known: [String: UInt64]?,
                        mayGo: Set<String>? = nil, forced: Set<String> = [],
                        precompress: Bool = false, indexer: (any SearchIndexer)? = nil,
                        pagesWritten: ((Report) -> Void)? = nil,
                        progress: (@Sendable (Int, Int) -> Void)? = nil) throws(BlotterError) -> Report {
        let items = plan.items
        var report = Report()
        report.written = items.indices.filter { i in
            known?[items[i].path] != items[i].fingerprint || forced.contains(items[i].path)
        }
        if let known {
            let planned = Set(items.map(\.path))
            report.removed = (mayGo.map(Array.init) ?? Array(known.keys)).filter { known[$0] != nil && !planned.contains($0) }.sorted()
        }
        report.pages = items.count(where: \.isPage)
        switch destination {
        case .staged(let staging):
            do throws(BlotterError) {
                report.written = try stage(plan, report, into: staging, known: known != nil, precompress: precompress, indexer: indexer,
                          progress: progress)
            } catch {
                staging.discard()
                throw error
            }
            report.identity = try staging.commit()  // discards the folder itself if it fails
            pagesWritten?(report)
        case .inPlace(let root):
            // Pages first, then the files that list the whole site; last, one after the other,
            // those that list the data files (each made once).
            let (bulk, pages) = report.written.partitioned { items[$0].listsWholeSite }
            let (readers, data) = bulk.partitioned { items[$0].readsDataFiles }
            try place(pages, of: plan, in: root)
            StagingFolder.remove(report.removed, below: root)
            pagesWritten?(report)
            try place(data, of: plan, in: root)
            for reader in readers { try place([reader], of: plan, in: root) }
        }
        return report
    }
}

private extension Publisher {
    /// Writes the report's files into `staging`, readied for exactly the plan's files, and any
    /// whose place there held something else; returns the files written. When the files there
    /// are `known`, those written are known to differ, and are not compared first.
    static func stage(_ plan: OutputPlan, _ report: Report, into staging: StagingFolder, known: Bool, precompress: Bool,
                      indexer: (any SearchIndexer)?, progress: (@Sendable (Int, Int) -> Void)?) throws(BlotterError) -> [Int] {
        let items = plan.items
        let paths = items.map(\.path)
        let compressed = precompress ? Compressor(paths: paths, staging: staging) : nil
        // Whatever the kept folder holds that the new site lacks goes (the index is made anew);
        // a file whose place held something else (a link, a folder) is written whatever its fingerprint.
        let displaced = Set(staging.prepare(for: paths + (compressed?.copyPaths ?? [])))
        var written = report.written
        if !displaced.isEmpty {
            let writing = Set(written)
            written += items.indices.filter { displaced.contains(items[$0].path) && !writing.contains($0) }
        }
        let failure = Mutex<BlotterError?>(nil)
        let done = Atomic<Int>(0)
        let dataNanoseconds = Atomic<Int>(0)
        // Feeds, sitemaps and data files first: the few big ones (incidents.json) then run
        // beside the pages instead of leaving one core idle at the end. Last, one after the
        // other, the files that list the data files with their digests (each made once).
        let (readers, rest) = written.partitioned { items[$0].readsDataFiles }
        let (later, first) = rest.partitioned { items[$0].isPage }
        let order = first + later + readers
        let total = order.count
        let parallel = first.count + later.count
        let make = { @Sendable (k: Int) in
            let item = items[order[k]]
            guard failure.withLock({ $0 == nil }) else { return }
            let start = StageClock.enabled ? DispatchTime.now().uptimeNanoseconds : 0
            do throws(BlotterError) {
                let file = try plan.make(item)
                try staging.write(file, compare: !known)
                try compressed?.compress(file)
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
            if StageClock.enabled, !item.isPage {
                dataNanoseconds.add(Int(DispatchTime.now().uptimeNanoseconds - start), ordering: .relaxed)
            }
            let count = done.add(1, ordering: .relaxed).newValue
            if count % 500 == 0 { progress?(count, total) }
        }
        Parallel.forEach(parallel, make)
        var clock = StageClock()
        for k in parallel..<total { make(k) }
        if parallel < total { clock.lap("the data files' index and page (sizes and SHA-256)") }
        if let error = failure.withLock({ $0 }) ?? plan.renderer.templates.overrun { throw error }
        StageClock.report("feeds, sitemaps, data files and assets (CPU)",
                          seconds: Double(dataNanoseconds.load(ordering: .relaxed)) / 1e9)
        compressed?.report()
        if let indexer {
            var clock = StageClock()
            try indexer.index(staging.staging)
            clock.lap("search index")
            try compressed?.compressFolder("pagefind")
        }
        return written
    }

    /// Renders the plan's items at `indexes` and writes each beside its place in the folder
    /// `root`, then renames it into place: the server never sends a half-written file.
    static func place(_ indexes: [Int], of plan: OutputPlan, in root: String) throws(BlotterError) {
        let failure = Mutex<BlotterError?>(nil)
        Parallel.forEach(indexes.count) { k in
            do throws(BlotterError) {
                let file = try plan.make(plan.items[indexes[k]])
                try place(root + "/" + file.path) { temporary throws(BlotterError) in
                    try StagingFolder.write(file.body, to: temporary)
                }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) ?? plan.renderer.templates.overrun { throw error }
    }

    /// Makes the folder of `path`, lets `make` write a temporary file beside it, and renames it into place.
    static func place(_ path: String, _ make: (String) throws(BlotterError) -> Void) throws(BlotterError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw BlotterError(path: folder, reason: .cannotWrite(String(describing: error)))
            }
        }
        let temporary = folder + "/.blotter-" + (path as NSString).lastPathComponent
        try make(temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw BlotterError(path: path, reason: .cannotWrite(reason))
        }
    }
}

extension Array {
    /// The elements for which `predicate` holds, and the others, each in order.
    func partitioned(by predicate: (Element) -> Bool) -> ([Element], [Element]) {
        var yes: [Element] = []
        var no: [Element] = []
        for element in self {
            if predicate(element) { yes.append(element) } else { no.append(element) }
        }
        return (yes, no)
    }
}
