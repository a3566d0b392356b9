internal import Foundation
internal import Synchronization

/// Stage 5, publish: renders every page straight into a staging folder (the
/// HTML is never held for the whole site), then swaps it in.
enum Publisher {
    /// Writes the site and replaces `output`; returns the number of pages. The Pagefind
    /// index is made when the site asks for search, unless `searchIndex` is false (preview).
    /// With `precompress`, text files get `.gz` and `.br` copies (`Precompression`).
    static func publish(renderer: Renderer, assets: [AssetFile], to output: URL, searchIndex: Bool = true,
                        precompress: Bool = false,
                        progress: (@Sendable (Int, Int) -> Void)?) throws(BlotterError) -> Int {
        let pagefind = renderer.site.config.search && searchIndex ? try SearchIndex.locate() : nil
        let staging = try StagingFolder(target: output)
        do throws(BlotterError) {
            let jobs = renderer.jobs
            let copies = renderer.site.assets.copies
            var paths = jobs.map(renderer.outputPath) + assets.map(\.outputPath) + copies.map(\.path)
            let compressed = precompress ? Compressor(paths: paths, staging: staging) : nil
            paths += compressed?.copyPaths ?? []
            staging.prepare(for: paths)
            let failure = Mutex<BlotterError?>(nil)
            let done = Atomic<Int>(0)
            let dataNanoseconds = Atomic<Int>(0)
            // Feeds, sitemaps and data files first: the few big ones (incidents.json) then
            // run beside the pages instead of leaving one core idle at the end.
            let order = jobs.indices.filter { !jobs[$0].isHTML } + jobs.indices.filter { jobs[$0].isHTML }
            Parallel.forEach(jobs.count) { k in
                let i = order[k]
                guard failure.withLock({ $0 == nil }) else { return }
                let start = StageClock.enabled ? DispatchTime.now().uptimeNanoseconds : 0
                do throws(BlotterError) {
                    let file = renderer.render(jobs[i])
                    try staging.write(file)
                    try compressed?.compress(file)
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
                if StageClock.enabled, !jobs[i].isHTML {
                    dataNanoseconds.add(Int(DispatchTime.now().uptimeNanoseconds - start), ordering: .relaxed)
                }
                let count = done.add(1, ordering: .relaxed).newValue
                if count % 500 == 0 { progress?(count, jobs.count) }
            }
            if let error = failure.withLock({ $0 }) ?? renderer.templates.overrun { throw error }
            StageClock.report("feeds, sitemaps and data files (CPU)", seconds: Double(dataNanoseconds.load(ordering: .relaxed)) / 1e9)
            for asset in assets {
                // A fingerprinted asset is published with the bytes its hash was made of.
                let bytes: [UInt8]
                if let hashed = renderer.site.assets.entry(for: asset.outputPath)?.bytes { bytes = hashed } else {
                    bytes = try asset.bytes()
                }
                let file = OutputFile(path: asset.outputPath, bytes: bytes)
                try staging.write(file)
                try compressed?.compress(file)
            }
            for copy in copies {
                try staging.write(copy)
                try compressed?.compress(copy)
            }
            compressed?.report()
            if let pagefind {
                var clock = StageClock()
                try SearchIndex.build(in: staging.staging, binary: pagefind)
                clock.lap("pagefind")
                try compressed?.compressFolder("pagefind")
            }
            try staging.commit()
            return jobs.filter(\.isHTML).count
        } catch {
            staging.discard()
            throw error
        }
    }
}
