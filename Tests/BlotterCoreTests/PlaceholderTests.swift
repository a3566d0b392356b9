import BlotterCore
import Foundation
import Testing

/// Nothing unfinished is published: `blotter new` writes a draft, and a report that still
/// holds the skeleton's text is an error in a build and a warning in the preview.
@Suite struct PlaceholderTests {
    static let path = "Content/incidents/2024/05/cafe-fire.md"

    /// What `blotter new "Café fire" --date 2024-05-06T07:30` writes for the test site.
    func skeleton() throws -> String {
        let (config, _) = SiteConfigParser.parse(SourceFile(path: "site.yml", text: TestSite.minimalConfig))
        let made = try IncidentSkeleton.make(title: "Café fire", dateText: "2024-05-06T07:30", now: Date(),
                                             location: nil, area: nil, config: config).get()
        #expect(made.path == Self.path)
        return made.text
    }

    /// The skeleton without its draft mark.
    static func ready(_ text: String) -> String { text.replacingOccurrences(of: "draft: true\n", with: "") }

    static let left = [
        "Content/incidents/2024/05/cafe-fire.md:11:10: %@: location.name: still holds \"Where it happened\" from "
            + "`blotter new`; replace it with the report's own words",
        "Content/incidents/2024/05/cafe-fire.md:12:10: %@: location.area: still holds \"Area used to group "
            + "incidents\" from `blotter new`; replace it with the report's own words",
        "Content/incidents/2024/05/cafe-fire.md:18:3: %@: summary: still holds \"One or two sentences for the "
            + "index, f...\" from `blotter new`; replace it with the report's own words",
        "Content/incidents/2024/05/cafe-fire.md:57:1: %@: body: still holds \"Write the report here, in Markdown.\" "
            + "from `blotter new`; replace it with the report's own words",
    ]

    static func left(_ severity: String) -> [String] {
        left.map { $0.replacingOccurrences(of: "%@", with: severity) }
    }

    /// `new` marks its file a draft, with a comment saying when to remove the mark.
    @Test func newWritesADraft() throws {
        let text = try skeleton()
        #expect(text.hasPrefix("""
            ---
            # A draft: left out of the site. Remove this line when the report is ready
            # (a build refuses a report that still holds the example text below).
            draft: true

            # Required fields ------------------------------------------------------
            title: "Café fire"

            """))
        #expect(!text.contains("# draft:"))
        let site = try TestSite([Self.path: text])
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [])
    }

    /// Without the draft mark, every placeholder left is an error at its place.
    @Test func aReportWithPlaceholdersIsRefused() throws {
        let site = try TestSite([Self.path: Self.ready(try skeleton())])
        defer { site.delete() }
        let build = try site.build()
        #expect(build.failed && !build.published)
        #expect(build.diagnostics.map(\.description) == Self.left("error"))
        // The example values of the commented fields are placeholders too, once uncommented.
        let uncommented = Self.ready(try skeleton())
            .replacingOccurrences(of: "# image:\n#   src: /assets/images/scene.jpg\n#   alt:",
                                  with: "image:\n  src: /assets/images/scene.jpg\n  alt:")
        try site.write(Self.path, uncommented)
        #expect(try site.diagnosticLines().contains(
            "Content/incidents/2024/05/cafe-fire.md:53:8: error: image.alt: still holds \"Describe the picture for "
                + "readers who ...\" from `blotter new`; replace it with the report's own words"))
        // Two statements left as they were: each at its own line.
        let statements = Self.ready(try skeleton()).replacingOccurrences(of: "# statements:", with: """
            statements:
              - {speaker: Name Surname, quote: First.}
              - {speaker: Name Surname, quote: Second.}
            #
            """)
        try site.write(Self.path, statements)
        #expect(try site.diagnosticLines().filter { $0.contains("speaker") } == [
            "Content/incidents/2024/05/cafe-fire.md:38:15: error: statements[1].speaker: still holds \"Name Surname\" "
                + "from `blotter new`; replace it with the report's own words",
            "Content/incidents/2024/05/cafe-fire.md:39:15: error: statements[2].speaker: still holds \"Name Surname\" "
                + "from `blotter new`; replace it with the report's own words",
        ])
    }

    /// The preview shows the unfinished page, and says what is left as warnings.
    @Test func thePreviewWarns() throws {
        let site = try TestSite([Self.path: Self.ready(try skeleton())])
        defer { site.delete() }
        var live = Pipeline(preview: site.previewOptions(output: "Preview"))
        let preview = try live.rebuild()
        #expect(preview.diagnostics.map(\.description) == Self.left("warning"))
        #expect(FileManager.default.fileExists(
            atPath: site.root.appendingPathComponent("Preview/incidents/cafe-fire/index.html").path))
    }
}
