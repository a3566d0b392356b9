internal import Foundation

/// `blotter build`: the pipeline with its memory kept on disk between builds (`BuildMemory`).
///
/// Blotter keeps two sites: the output folder and the previous build beside it
/// (`.Public.previous`), exchanged at each build. A build writes the new site over the kept
/// one and swaps it in; with the memory, it knows the fingerprint of every file there and
/// makes and writes only those that differ, and removes the ones the site lost. So the
/// first two builds of a folder write everything, and each build after writes what changed
/// since the build before the last (an edit shows in two builds' writes).
extension Pipeline {
    mutating func buildRemembering(progress: (@Sendable (Int, Int) -> Void)?) throws(BlotterError) -> BuildResult {
        if options.writesLock, options.drafts || options.future {
            throw BlotterError(path: "--lock", reason: .invalidOption("the record of what is published is not written "
                                                                       + "by a build with drafts or future incidents"))
        }
        let root = try SiteLoader.folder(options.siteDirectory).path
        let target = try StagingFolder.resolve(options.outputDirectory.standardizedFileURL)
        let memoryFile = BuildMemory.location(of: target)
        let key = memoryKey
        let remembered = options.full ? .failure(.ignored) : BuildMemory.read(memoryFile, key: key)
        var clock = StageClock()
        let scan = Self.scan(root)
        var inputs = scan.hash
        let outputIdentity = StagingFolder.identity(of: target.path)
        clock.lap("scan")
        if case .success(let memory) = remembered, memory.inputs == inputs, let outputIdentity,
           memory.generations.first?.identity == outputIdentity, !reachedHorizon(memory.said), !options.writesLock {
            return told(memory.said)
        }
        let assembled = try assemble(root, scan: scan, touched: nil)
        clock.lap("load, parse and assemble")
        if case .success(let memory) = remembered { digests.seed(memory.digests) }
        var result = BuildResult(assembled.diagnostics, incidentFiles: incidents.count, site: assembled.site, pages: 0)
        guard let plan = plan(assembled, schedule: result.schedule) else { return result }
        clock.lap("renderer and fingerprints")
        let indexer = assembled.site.config.search ? options.searchIndexer : nil
        if assembled.site.config.search, indexer == nil {
            throw BlotterError(path: "site.yml", reason: .toolFailed("`search: true` needs a search index, and this "
                                                                     + "build was given no indexer (BuildOptions.searchIndexer)"))
        }
        try indexer?.prepare()
        let staging = try StagingFolder(target: options.outputDirectory)
        var known: [String: UInt64]?
        switch remembered {
        case .failure(let unusable):
            result.note = unusable.sentence
        case .success(let memory):
            known = memory.files(of: staging.keptIdentity)
            if known == nil {
                result.note = staging.reused
                    ? "Full build: the previous build kept beside the output is not the one remembered"
                    : "Full build: no previous build is kept beside the output to write over"
            }
        }
        let report = try Publisher.publish(plan, to: .staged(staging), known: known,
                                           precompress: options.forDeployment && assembled.site.config.precompress,
                                           indexer: indexer, progress: progress)
        clock.lap("render and publish")
        result.record(report, of: plan, whole: known == nil)
        result.photos = assembled.site.photos.photos.count
        (result.photoFilesEncoded, result.photoFilesFromCache) = (photoCache.encoded, photoCache.reused)
        if options.writesLock {
            inputs = try writeRecord(root, site: assembled.site, scan: scan, now: options.clock ?? Date())
        }
        let said = BuildMemory.Said(diagnostics: result.diagnostics, incidentFiles: result.incidentFiles,
                                    incidents: result.incidents, pages: result.pages,
                                    zone: result.schedule.zone.identifier, changes: result.schedule.changes)
        var generations = [BuildMemory.Generation(identity: report.identity ?? [], paths: plan.items.lazy.map(\.path),
                                                  fingerprints: plan.items.lazy.map(\.fingerprint))]
        if case .success(let memory) = remembered, let previous = memory.generation(outputIdentity) {
            generations.append(previous)
        }
        let dataKeys = Set(plan.renderer.dataFiles.files.map { plan.renderer.dataKey($0.part, $0.format) })
        do {
            try BuildMemory(key: key, inputs: inputs, generations: generations, said: said,
                            digests: digests.known(dataKeys)).write(to: memoryFile)
        } catch {
            // The site is published; the next build is a full one.
            BuildMemory.forget(memoryFile)
        }
        clock.lap("memory")
        return result
    }

    /// What the memory is good for: this Blotter's binary (the high half) and the options
    /// the output depends on (the low half).
    var memoryKey: UInt64 {
        var blotter = StableHasher()
        blotter.combine("blotter build memory 1")
        // A binary that cannot be read is a new one each time.
        blotter.combine(ExecutableIdentity.current ?? UInt64.random(in: 1...UInt64.max))
        var options = StableHasher()
        options.combine(self.options.drafts)
        options.combine(self.options.future)
        options.combine(self.options.clock)
        options.combine(self.options.baseURL)
        options.combine(self.options.forDeployment)
        options.combine(self.options.searchIndexer.map { String(describing: type(of: $0)) })
        return blotter.finalize() << 32 | options.finalize() & 0xFFFF_FFFF
    }

    /// Whether the time has come for a change the last build scheduled (`Schedule`).
    func reachedHorizon(_ said: BuildMemory.Said) -> Bool {
        guard options.clock == nil, let next = said.changes.first?.at else { return false }
        return Date() >= next
    }

    /// The last build's result, told again: no file changed since.
    func told(_ said: BuildMemory.Said) -> BuildResult {
        let zone = TimeZone(identifier: said.zone) ?? TimeZone(identifier: "UTC")!
        var result = BuildResult(said.diagnostics, incidentFiles: said.incidentFiles, incidents: said.incidents,
                                 pages: said.pages, schedule: Schedule(now: options.clock ?? Date(), zone: zone,
                                                                       changes: said.changes))
        result.published = true
        result.note = "Nothing changed since the last build"
        return result
    }
}
