import BlotterCore
import Foundation
import Testing

/// The published record: a site built with `--lock`, then edited as an editor would, and
/// checked, with the exact lines the editor sees.
@Suite struct PublishedLockTests {
    static let path = "Content/incidents/a.md"
    static let lockedAt = "2025-06-01T10:00:00Z"
    static let locked = "(locked 2025-06-01 10:00 UTC)"
    /// The old address kept, where a test changes the headline (and so the slug) for its facts.
    static let keepAddress = "aliases: [/incidents/fire-in-barking/]"
    static let disclose = "say so in an `updates` entry with `kind: correction` (or `update`) dated after that"

    /// Lines 2-6: title, date, location, status, summary; 8-11: two timeline entries;
    /// 13-16: two statements.
    static let report = """
        ---
        title: Fire in Barking
        date: 2024-03-01T10:00:00Z
        location: Ripple Road, Barking
        status: developing
        summary: A fire broke out in a flat.
        timeline:
          - time: "10:02"
            text: A neighbour calls 999.
          - time: "10:10"
            text: Firefighters arrive.
        statements:
          - speaker: London Fire Brigade
            quote: Crews were called at 10:02.
          - speaker: Metropolitan Police
            quote: Enquiries continue.
        ---
        Body.
        """

    /// A site with `files` (default: the report), built with `--lock` at `lockedAt`.
    func lockedSite(_ files: [String: String] = [path: report]) throws -> TestSite {
        let site = try TestSite(files)
        let result = try lock(site)
        #expect(!result.failed, "\(result.diagnostics)")
        return site
    }

    /// `blotter build --lock` at `clock`.
    @discardableResult
    func lock(_ site: TestSite, at clock: String = lockedAt) throws -> BuildResult {
        var options = site.options()
        options.clock = ClockParser.parse(clock)
        options.writesLock = true
        return try Pipeline.build(options)
    }

    /// The report with `old` replaced by `new`, checked (at 2026-01-01 12:00 UTC).
    func edited(_ old: String, _ new: String, in site: TestSite) throws -> [String] {
        #expect(Self.report.contains(old))
        try site.write(Self.path, Self.report.replacingOccurrences(of: old, with: new))
        return try site.diagnosticLines()
    }

    func lockText(_ site: TestSite) throws -> String {
        try String(contentsOf: site.root.appendingPathComponent("published.lock"), encoding: .utf8)
    }

    // MARK: - Published facts changed

    @Test func changedTitleIsAnError() throws {
        let site = try lockedSite()
        defer { site.delete() }
        #expect(try edited("title: Fire in Barking", "title: Blaze in Barking", in: site) == [
            "Content/incidents/a.md:2:8: error: title: changed since it was published \(Self.locked); "
                + "\(Self.disclose), or put the published text back",
            Self.lostLine("2:8", now: "/incidents/blaze-in-barking/"),
        ])
        #expect(try site.build().failed)
    }

    @Test func changedSummaryIsAnError() throws {
        let site = try lockedSite()
        defer { site.delete() }
        #expect(try edited("in a flat.", "in a house.", in: site) == [
            "Content/incidents/a.md:6:10: error: summary: changed since it was published \(Self.locked); "
                + "\(Self.disclose), or put the published text back",
        ])
    }

    @Test func changedTimelineEntryIsAnError() throws {
        let site = try lockedSite()
        defer { site.delete() }
        #expect(try edited("Firefighters arrive.", "Two fire engines arrive.", in: site) == [
            "Content/incidents/a.md:10:5: error: timeline[2]: changed since it was published \(Self.locked); "
                + "\(Self.disclose), or put the published text back",
        ])
    }

    @Test func removedStatementIsAnError() throws {
        let site = try lockedSite()
        defer { site.delete() }
        let removed = "  - speaker: Metropolitan Police\n    quote: Enquiries continue.\n"
        #expect(try edited(removed, "", in: site) == [
            "Content/incidents/a.md:13:3: error: statements: a published entry was removed \(Self.locked); "
                + "\(Self.disclose), or put it back",
        ])
    }

    @Test func changedDateAndCasualtiesAreErrors() throws {
        let site = try lockedSite([Self.path: Self.report.replacingOccurrences(
            of: "status: developing", with: "status: developing\ncasualties: {killed: 0, injured: 2}")])
        defer { site.delete() }
        let text = Self.report.replacingOccurrences(of: "T10:00:00Z", with: "T11:00:00Z")
            .replacingOccurrences(of: "status: developing", with: "status: developing\ncasualties: {killed: 1, injured: 2}")
        try site.write(Self.path, text)
        #expect(try site.diagnosticLines() == [
            "Content/incidents/a.md:3:7: error: date: changed since it was published \(Self.locked); "
                + "\(Self.disclose), or put the published value back",
            "Content/incidents/a.md:6:13: error: casualties: changed since it was published \(Self.locked); "
                + "\(Self.disclose), or put the published value back",
            // The timeline's times are on the incident's day: unchanged.
        ])
    }

    // MARK: - What is allowed

    @Test func changeWithCorrectionAfterTheLockPasses() throws {
        let site = try lockedSite()
        defer { site.delete() }
        let correction = "summary: A fire broke out in a flat.\nupdates:\n  - date: 2025-06-02T09:00:00Z\n"
            + "    kind: correction\n    text: An earlier version called the road Ripple Lane."
        let text = Self.report.replacingOccurrences(of: "summary: A fire broke out in a flat.", with: correction)
            .replacingOccurrences(of: "title: Fire in Barking", with: "title: Blaze in Barking\n" + Self.keepAddress)
        try site.write(Self.path, text)
        #expect(try site.diagnosticLines() == [])
        #expect(try !site.build().failed)
    }

    @Test func changeWithUpdateDatedBeforeTheLockFails() throws {
        let site = try lockedSite()
        defer { site.delete() }
        let update = "summary: A fire broke out in a flat.\nupdates:\n  - date: 2025-06-01T09:59:00Z\n"
            + "    text: The road was closed."
        let text = Self.report.replacingOccurrences(of: "summary: A fire broke out in a flat.", with: update)
            .replacingOccurrences(of: "title: Fire in Barking", with: "title: Blaze in Barking\n" + Self.keepAddress)
        try site.write(Self.path, text)
        #expect(try site.diagnosticLines() == [
            "Content/incidents/a.md:2:8: error: title: changed since it was published \(Self.locked); "
                + "\(Self.disclose), or put the published text back",
        ])
    }

    @Test func clarificationDoesNotDiscloseAChange() throws {
        let site = try lockedSite()
        defer { site.delete() }
        let clarification = "summary: A fire broke out in a flat.\nupdates:\n  - date: 2025-06-02T09:00:00Z\n"
            + "    kind: clarification\n    text: Clearer."
        let text = Self.report.replacingOccurrences(of: "summary: A fire broke out in a flat.", with: clarification)
            .replacingOccurrences(of: "title: Fire in Barking", with: "title: Blaze in Barking\n" + Self.keepAddress)
        try site.write(Self.path, text)
        #expect(try site.diagnosticLines().count == 1)
    }

    @Test func statusChangePasses() throws {
        let site = try lockedSite()
        defer { site.delete() }
        #expect(try edited("status: developing", "status: closed", in: site) == [])
    }

    @Test func newTimelineEntryAndStatementPass() throws {
        let site = try lockedSite()
        defer { site.delete() }
        let inserted = "    text: A neighbour calls 999.\n  - time: \"10:05\"\n    text: Police close the road.\n"
        var text = Self.report.replacingOccurrences(of: "    text: A neighbour calls 999.\n", with: inserted)
        text = text.replacingOccurrences(of: "    quote: Enquiries continue.\n",
                                         with: "    quote: Enquiries continue.\n  - speaker: Barking Council\n"
                                             + "    response: no-response\n")
        try site.write(Self.path, text)
        #expect(try site.diagnosticLines() == [])
    }

    /// The published values are compared, not the YAML: quoting, folding and indentation are free.
    @Test func rewrittenYAMLPasses() throws {
        let site = try lockedSite()
        defer { site.delete() }
        let text = Self.report
            .replacingOccurrences(of: "title: Fire in Barking", with: "title: \"Fire  in Barking\"")
            .replacingOccurrences(of: "summary: A fire broke out in a flat.", with: "summary: >-\n    A fire broke out\n    in a flat.")
            .replacingOccurrences(of: "\n  - ", with: "\n    - ").replacingOccurrences(of: "\n    text:", with: "\n      text:")
            .replacingOccurrences(of: "\n    quote:", with: "\n      quote:")
        try site.write(Self.path, text)
        #expect(try site.diagnosticLines() == [])
    }

    @Test func draftsAndNewIncidentsAreFree() throws {
        let site = try lockedSite()
        defer { site.delete() }
        try site.write("Content/incidents/b.md", incidentFile(title: "Crash on the A13", extra: "draft: true"))
        try site.write("Content/incidents/c.md", incidentFile(title: "Flood in Dagenham"))
        #expect(try site.diagnosticLines() == [])
        try site.write("Content/incidents/b.md", incidentFile(title: "Crash on the A406", extra: "draft: true"))
        try site.write("Content/incidents/c.md", incidentFile(title: "Floods in Dagenham"))
        #expect(try site.diagnosticLines() == [])
    }

    @Test func noLockMeansNothingPublishedYet() throws {
        let site = try TestSite([Self.path: Self.report])
        defer { site.delete() }
        try site.build()
        #expect(try edited("title: Fire in Barking", "title: Blaze in Barking", in: site) == [])
    }

    // MARK: - Published reports taken back

    @Test func deletedFileIsAnError() throws {
        let site = try lockedSite()
        defer { site.delete() }
        try site.remove(Self.path)
        #expect(try site.diagnosticLines() == [
            "published.lock:4:1: error: Content/incidents/a.md: published at /incidents/fire-in-barking/ "
                + "\(Self.locked) and now gone; a published report is not deleted: keep the file as a tombstone "
                + "(`withdrawn: {date, reason}`, which needs only `title` besides), or, to move it, keep its title and date",
        ])
    }

    @Test func deletedThenTombstonePasses() throws {
        let site = try lockedSite()
        defer { site.delete() }
        try site.write(Self.path, "---\ntitle: Fire in Barking\nwithdrawn:\n  date: 2025-07-01\n"
                       + "  reason: The report named the wrong street.\n---\n")
        #expect(try site.diagnosticLines() == [])
        try lock(site, at: "2025-07-02T08:00:00Z")
        let entry = try lockText(site).components(separatedBy: "\n\n")[1]
        #expect(entry.hasPrefix("[Content/incidents/a.md]\nlocked = 2025-07-02T08:00:00Z\nurl = /incidents/fire-in-barking/\n"
                                + "withdrawn = 2025-07-01\ntitle = "))
        #expect(!entry.contains("summary"))
        try site.remove(Self.path)
        #expect(try site.diagnosticLines().first?.hasPrefix("published.lock:4:1: error: Content/incidents/a.md: "
                                                            + "withdrawn, with a tombstone at /incidents/fire-in-barking/") == true)
    }

    @Test func lockedIncidentBecomingADraftIsAnError() throws {
        let site = try lockedSite()
        defer { site.delete() }
        #expect(try edited("status: developing", "status: developing\ndraft: true", in: site) == [
            "Content/incidents/a.md:6:8: error: draft: published at /incidents/fire-in-barking/ \(Self.locked); "
                + "a published report is not taken back: withdraw it with `withdrawn: {date, reason}` "
                + "(its page then says when and why) instead of `draft: true`",
        ])
    }

    @Test func movedFilePasses() throws {
        let site = try lockedSite()
        defer { site.delete() }
        try site.remove(Self.path)
        try site.write("Content/incidents/2024/03/fire.md", Self.report)
        #expect(try site.diagnosticLines() == [])
        // The moved file is still held to what was published.
        try site.write("Content/incidents/2024/03/fire.md", Self.report.replacingOccurrences(of: "in a flat", with: "in a house"))
        #expect(try site.diagnosticLines().map { $0.prefix(48) } == ["Content/incidents/2024/03/fire.md:6:10: error: s"])
        // Recorded under its new path, with its first locked time.
        try site.write("Content/incidents/2024/03/fire.md", Self.report)
        try lock(site, at: "2025-08-01T00:00:00Z")
        let text = try lockText(site)
        #expect(text.contains("[Content/incidents/2024/03/fire.md]\nlocked = 2025-06-01T10:00:00Z\n") && !text.contains("/a.md"))
    }

    /// A folder renamed: every file in it moved at once, each matched to its own entry.
    @Test func renamedFolderPasses() throws {
        let crash = incidentFile(title: "Crash on the A13", date: "2024-03-02T08:00:00Z")
        let site = try lockedSite(["Content/incidents/2024/a.md": Self.report, "Content/incidents/2024/b.md": crash])
        defer { site.delete() }
        try FileManager.default.moveItem(at: site.root.appendingPathComponent("Content/incidents/2024"),
                                         to: site.root.appendingPathComponent("Content/incidents/march-2024"))
        #expect(try site.diagnosticLines() == [])
        try lock(site, at: "2025-08-01T00:00:00Z")
        let text = try lockText(site)
        #expect(text.contains("[Content/incidents/march-2024/a.md]\nlocked = 2025-06-01T10:00:00Z\n")
            && text.contains("[Content/incidents/march-2024/b.md]\nlocked = 2025-06-01T10:00:00Z\nurl = /incidents/crash-on-the-a13/")
            && !text.contains("[Content/incidents/2024/"))
    }

    /// Two reports with one title and date: a moved file answers for one of them, not both.
    @Test func oneMovedFileIsNotTwoEntries() throws {
        let site = try lockedSite([Self.path: Self.report, "Content/incidents/b.md": Self.report])
        defer { site.delete() }
        try site.remove(Self.path)
        try site.remove("Content/incidents/b.md")
        try site.write("Content/incidents/c.md", Self.report)
        let lines = try site.diagnosticLines()
        #expect(lines.count == 1 && lines[0].hasPrefix("published.lock:17:1: error: Content/incidents/b.md: published at "))
    }

    /// A file that cannot be read has its own errors; the lock adds none, not even "gone" for
    /// a file the lock names that may have moved there.
    @Test func brokenFilesGetNoLockErrors() throws {
        let site = try lockedSite()
        defer { site.delete() }
        let broken = Self.report.replacingOccurrences(of: "title: Fire in Barking", with: "title: Blaze in Barking")
            .replacingOccurrences(of: "status: developing", with: "status: open")
        try site.write(Self.path, broken)
        #expect(try site.diagnosticLines().map { $0.prefix(40) } == ["Content/incidents/a.md:5:9: error: statu"])
        try site.remove(Self.path)
        try site.write("Content/incidents/b.md", broken)
        #expect(try site.diagnosticLines().map { $0.prefix(40) } == ["Content/incidents/b.md:5:9: error: statu"])
    }

    // MARK: - The file

    @Test func malformedLockLineIsAnErrorAtItsLine() throws {
        let site = try lockedSite()
        defer { site.delete() }
        var lines = try lockText(site).components(separatedBy: "\n")
        lines[6] = "summary 04b35207e50288e6"
        lines[7] = "date = not-a-hash"
        try site.write("published.lock", lines.joined(separator: "\n"))
        let advice = "; published.lock is written by `blotter build --lock`: take it back from version control rather than edit it"
        #expect(try site.diagnosticLines() == [
            "published.lock:7:1: error: expected `[file]`, `key = value` or a `#` comment, found \"summary 04b35207e50288e6\"" + advice,
            "published.lock:8:8: error: date: expected 16 hexadecimal digits, found \"not-a-hash\"" + advice,
        ])
        try site.write("published.lock", "[Content/incidents/a.md]\nlocked = 2025-06-01T10:00:00Z\n")
        #expect(try site.diagnosticLines() == [
            "published.lock:1:1: error: the entry of Content/incidents/a.md has no `url`, `title`, `date`" + advice,
        ])
    }

    @Test func lockKeepsUnchangedEntriesByteIdentical() throws {
        let other = incidentFile(title: "Crash on the A13", date: "2024-03-02T08:00:00Z")
        let site = try lockedSite([Self.path: Self.report, "Content/incidents/b.md": other])
        defer { site.delete() }
        let first = try lockText(site)
        #expect(first.hasPrefix("# published.lock: what this site has published, written by `blotter build --lock`.\n"
                                + "# Commit it with the content; do not edit it by hand (docs/editorial.md).\n\n"
                                + "[Content/incidents/a.md]\nlocked = 2025-06-01T10:00:00Z\nurl = /incidents/fire-in-barking/\n"))
        #expect(first.components(separatedBy: "\ntimeline = ").count == 3 && first.components(separatedBy: "\nstatements = ").count == 3)
        try lock(site, at: "2025-09-01T00:00:00Z")
        #expect(try lockText(site) == first)
        // A change (disclosed) gives that entry a new time; the other keeps its own.
        try site.write("Content/incidents/b.md", other.replacingOccurrences(of: "A13", with: "A406")
            .replacingOccurrences(of: "status: developing", with: "status: developing\naliases: [/incidents/crash-on-the-a13/]\nupdates:\n  - date: 2025-09-01\n    kind: correction\n    text: The road was the A406."))
        try lock(site, at: "2025-09-02T00:00:00Z")
        let second = try lockText(site)
        #expect(second.contains("[Content/incidents/a.md]\nlocked = 2025-06-01T10:00:00Z\n"))
        #expect(second.contains("[Content/incidents/b.md]\nlocked = 2025-09-02T00:00:00Z\nurl = /incidents/crash-on-the-a406/\n"))
    }

    @Test func lockIsRefusedWithDrafts() throws {
        let site = try TestSite([Self.path: Self.report])
        defer { site.delete() }
        var options = site.options(drafts: true)
        options.writesLock = true
        #expect(throws: BlotterError.self) { try Pipeline.build(options) }
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("published.lock").path))
    }

    /// A build after only published.lock changed is not "nothing changed"; nor is one with
    /// `--lock` after a build without.
    @Test func lockIsNotSkippedByTheBuildMemory() throws {
        let site = try lockedSite()
        defer { site.delete() }
        let record = try lockText(site)
        try site.write(Self.path, Self.report.replacingOccurrences(of: "Fire in Barking", with: "Blaze in Barking"))
        try site.remove("published.lock")
        #expect(try !site.build().failed)
        try site.write("published.lock", record)
        let result = try site.build()
        #expect(result.failed && result.note == nil, "\(result.diagnostics)")

        let fresh = try TestSite([Self.path: Self.report])
        defer { fresh.delete() }
        try fresh.build()
        try lock(fresh, at: "2026-01-01T12:00:00Z")
        #expect(try lockText(fresh) == record.replacingOccurrences(of: Self.lockedAt, with: "2026-01-01T12:00:00Z"))
    }

    // MARK: - The preview

    @Test func previewShowsWarningsNotErrors() throws {
        let site = try lockedSite()
        defer { site.delete() }
        var preview = Pipeline(preview: site.previewOptions(output: "Preview"))
        #expect(try preview.rebuild().diagnostics.isEmpty)
        try site.write(Self.path, Self.report.replacingOccurrences(of: "in a flat", with: "in a house"))
        let result = try preview.rebuild(touched: [Self.path])
        #expect(result.diagnostics.map(\.description) == [
            "Content/incidents/a.md:6:10: warning: summary: changed since it was published \(Self.locked); "
                + "\(Self.disclose), or put the published text back",
        ])
        #expect(!result.failed && result.published && result.quick)
        // Put back: the warning goes (the quick rebuild gathers the record's diagnostics again).
        try site.write(Self.path, Self.report)
        let back = try preview.rebuild(touched: [Self.path])
        #expect(back.diagnostics.isEmpty && back.quick)
        try site.write(Self.path, Self.report.replacingOccurrences(of: "title: Fire in Barking", with: "title: Blaze in Barking"))
        #expect(try preview.rebuild(touched: [Self.path]).diagnostics.map(\.description) == [
            "Content/incidents/a.md:2:8: warning: title: changed since it was published \(Self.locked); "
                + "\(Self.disclose), or put the published text back",
            Self.lostLine("2:8", now: "/incidents/blaze-in-barking/", severity: "warning"),
        ])
        try site.remove(Self.path)
        #expect(try preview.rebuild(touched: [Self.path]).diagnostics.map(\.description).first?
            .hasPrefix("published.lock:4:1: warning: Content/incidents/a.md: published at") == true)
    }
}
