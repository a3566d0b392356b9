import BlotterCore
import Foundation
import Testing

/// A URL that was published must not silently disappear: a locked report whose address is
/// no longer its page's nor an alias is an error that names the old address and the fix.
extension PublishedLockTests {
    /// An `updates` correction dated after the lock: the new headline itself is disclosed.
    static let disclosed = """
        updates:
          - date: 2025-07-01T09:00:00Z
            kind: correction
            text: The first headline called it a fire; it was a blaze.
        """

    /// The report with a new headline (and its correction), plus `extra` lines after the title.
    static func retitled(_ extra: String = "") -> String {
        report.replacingOccurrences(of: "title: Fire in Barking", with: "title: Blaze in Barking" + extra)
            .replacingOccurrences(of: "Enquiries continue.\n---", with: "Enquiries continue.\n\(disclosed)\n---")
    }

    static func lostLine(_ place: String, now: String, severity: String = "error") -> String {
        "Content/incidents/a.md:\(place): \(severity): aliases: published at /incidents/fire-in-barking/ \(locked), "
            + "now at \(now); a published address must keep working: add `aliases: [/incidents/fire-in-barking/]` "
            + "(the old address then redirects here)"
    }

    /// The common case: a headline edit changes the slug, so the address.
    @Test func aHeadlineEditThatChangesTheAddressIsAnError() throws {
        let site = try lockedSite()
        defer { site.delete() }
        try site.write(Self.path, Self.retitled())
        #expect(try site.diagnosticLines() == [Self.lostLine("2:8", now: "/incidents/blaze-in-barking/")])
        #expect(try site.build().failed)
        // The fix the message names: the old address redirects to the new.
        try site.write(Self.path, Self.retitled("\naliases: [/incidents/fire-in-barking/]"))
        #expect(try site.diagnosticLines() == [])
        #expect(try !site.build().failed)
        #expect(try site.read("incidents/fire-in-barking/index.html")
            .contains("<meta http-equiv=\"refresh\" content=\"0; url=/incidents/blaze-in-barking/\">"))
        // An alias that leads elsewhere is no fix: the error is at the aliases.
        try site.write(Self.path, Self.retitled("\naliases: [/incidents/fire-in-barking-2/]"))
        #expect(try site.diagnosticLines() == [Self.lostLine("3:10", now: "/incidents/blaze-in-barking/")])
    }

    @Test func aNewPermalinkPatternIsAnErrorForEveryLockedAddress() throws {
        let site = try lockedSite()
        defer { site.delete() }
        try site.write("site.yml", PermalinkTests.config("/incidents/:year/:slug/"))
        #expect(try site.diagnosticLines() == [Self.lostLine("2:8", now: "/incidents/2024/fire-in-barking/")])
    }

    /// A file moved (found by its title and date) and given a slug: the error names the new file.
    @Test func aMovedFileThatChangedItsAddressIsNamed() throws {
        let site = try lockedSite()
        defer { site.delete() }
        try site.remove(Self.path)
        let moved = "Content/incidents/2024/fire.md"
        try site.write(moved, Self.report.replacingOccurrences(of: "title: Fire in Barking",
                                                               with: "title: Fire in Barking\nslug: barking-fire"))
        #expect(try site.diagnosticLines() == [
            Self.lostLine("3:7", now: "/incidents/barking-fire/").replacingOccurrences(of: Self.path, with: moved),
        ])
        // Moved with its address: nothing to say.
        try site.write(moved, Self.report)
        #expect(try site.diagnosticLines() == [])
    }

    @Test func thePreviewWarnsOfALostAddress() throws {
        let site = try lockedSite()
        defer { site.delete() }
        var preview = Pipeline(preview: site.previewOptions(output: "Preview"))
        #expect(try preview.rebuild().diagnostics.isEmpty)
        try site.write(Self.path, Self.retitled())
        let result = try preview.rebuild(touched: [Self.path])
        #expect(result.diagnostics.map(\.description) == [
            Self.lostLine("2:8", now: "/incidents/blaze-in-barking/", severity: "warning"),
        ])
        #expect(!result.failed && result.published)
        try site.write(Self.path, Self.retitled("\naliases: [/incidents/fire-in-barking/]"))
        #expect(try preview.rebuild(touched: [Self.path]).diagnostics.isEmpty)
    }
}
