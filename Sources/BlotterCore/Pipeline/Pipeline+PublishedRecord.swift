internal import Foundation

/// The published record (`published.lock`, `Editorial/PublishedLock.swift`) in the pipeline:
/// read with the site's other files (stage 1), checked once the incidents are parsed (with
/// assembly, stage 3), and written again after a build that publishes, with `--lock` (stage 5).
extension Pipeline {
    /// The published record as read: nil when the site has no published.lock.
    struct Record: Sendable {
        var reading: Reading<PublishedLock>
        /// The facts of the incidents the lock names, by file, with the revision they were made from.
        var facts: [String: (revision: Int, facts: PublishedFacts)] = [:]
    }

    /// Reads published.lock again when its stamp changed (or the watcher saw it change).
    mutating func readRecord(_ root: String, stamp: FileStamp?, touched: Bool) {
        guard let stamp else {
            record = nil
            return
        }
        if let record, record.reading.stamp == stamp, !touched { return }
        var diagnostics: [Diagnostic] = []
        let url = URL(fileURLWithPath: root + "/" + PublishedLock.fileName)
        guard let file = SiteLoader.readText(url, relative: PublishedLock.fileName, diagnostics: &diagnostics) else {
            record = Record(reading: Reading(stamp: stamp, text: 0, value: nil, diagnostics: diagnostics))
            return
        }
        let text = StableHasher.hash(file.text)
        if record?.reading.text == text {
            record?.reading.stamp = stamp
            return
        }
        let (lock, problems) = PublishedLock.parse(file.text)
        record = Record(reading: Reading(stamp: stamp, text: text, value: lock, diagnostics: file.notes + problems),
                        facts: record?.facts ?? [:])
    }

    /// The published record's problems at `now`: published.lock's own, and those of the
    /// incidents it names. Their facts are made again only for new readings, in parallel.
    mutating func recordDiagnostics(now: Date) -> [Diagnostic] {
        guard let reading = record?.reading else { return [] }
        guard let lock = reading.value else { return reading.diagnostics }
        var clock = StageClock()
        defer { clock.lap("published record: check") }
        let zone = config?.value?.timeZone ?? SiteConfigParser.parse(nil).0.timeZone
        makeFacts(of: lock.entries.map(\.path), zone: zone)
        let files = incidentOrder.map { path in
            let parsed = incidents[path]?.value
            return PublishedLock.Subject(path: path, parsed: parsed, facts: parsed.flatMap { facts(of: path, $0) })
        }
        return reading.diagnostics + lock.problems(files, zone: zone, now: now)
    }

    /// The published record's addresses that `site` lost (`PublishedLock+Addresses.swift`).
    func addressDiagnostics(_ site: Site) -> [Diagnostic] {
        guard let lock = record?.reading.value else { return [] }
        var clock = StageClock()
        defer { clock.lap("published record: addresses") }
        return lock.addressProblems(site, zone: site.config.timeZone)
    }

    /// `--lock`: writes published.lock again for what `site` publishes at `now`, when that
    /// changes it (atomically). Returns the stamp of every input file of `scan` with the new
    /// lock's, hashed: the build's memory then knows the site as it is after the build.
    mutating func writeRecord(_ root: String, site: Site, scan: Scan, now: Date) throws(BlotterError) -> UInt64 {
        var clock = StageClock()
        defer { clock.lap("published record: written") }
        let zone = site.config.timeZone
        // What the build published: the reports, and the tombstones at their addresses.
        let all = site.incidents + site.withdrawn
        makeFacts(of: all.map(\.incident.path), zone: zone)
        let published = all.map { item in
            PublishedLock.Published(incident: item.incident, url: "/" + item.path,
                                    facts: incidents[item.incident.path]?.value.flatMap { facts(of: item.incident.path, $0) })
        }
        let previous = record?.reading.value ?? PublishedLock(entries: [])
        let text = previous.recording(published, zone: zone, now: now).text
        var scan = scan
        if StableHasher.hash(text) != record?.reading.text {
            try TextFile.write(text, to: URL(fileURLWithPath: root + "/" + PublishedLock.fileName))
            scan.lock = FileStamp.of(root + "/" + PublishedLock.fileName)
        }
        return scan.hash
    }
}

private extension Pipeline {
    /// Makes (in parallel) the facts of the parsed incidents of `paths` whose readings are new.
    mutating func makeFacts(of paths: [String], zone: TimeZone) {
        // `--lock` on a site without a published.lock yet: its facts are kept the same way.
        if record == nil { record = Record(reading: Reading(stamp: .missing, text: 0, value: nil, diagnostics: [])) }
        let stale = paths.compactMap { path in
            incidents[path]?.value.flatMap { record?.facts[path]?.revision == $0.incident.revision ? nil : (path, $0) }
        }
        let made = Parallel.map(stale.count) { PublishedFacts(stale[$0].1.incident, zone: zone) }
        for ((path, parsed), facts) in zip(stale, made) { record?.facts[path] = (parsed.incident.revision, facts) }
    }

    /// The facts made of `parsed`, the reading of `path`, if they were.
    func facts(of path: String, _ parsed: ParsedIncident) -> PublishedFacts? {
        guard let kept = record?.facts[path], kept.revision == parsed.incident.revision else { return nil }
        return kept.facts
    }
}
