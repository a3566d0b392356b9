@testable import BlotterCore
import Foundation
import Testing

/// What `blotter build` remembers must never make it publish other bytes than a full build:
/// not after a failed build, not over a kept site someone changed, not from a damaged memory.
@Suite struct BuildMemoryTests {
    static let incidents = [
        "Content/incidents/a.md": incidentFile(title: "Fire in Barking", extra: "tags: [fire]"),
        "Content/incidents/b.md": incidentFile(title: "Crash on the A13", date: "2024-03-02T08:00:00Z"),
    ]

    /// Builds until the next build writes over a kept site it remembers.
    static func remembered(_ site: TestSite) throws {
        try site.build()
        for k in 1...2 {
            try site.write("Content/pages/about.md", "---\ntitle: About\n---\nVersion \(k).\n")
            try site.build()
        }
    }

    static func edit(_ site: TestSite, _ text: String) throws {
        try site.write("Content/incidents/a.md", incidentFile(title: "Fire in Barking", extra: "tags: [fire]", body: text))
    }

    /// A build that wrote over the kept site and then failed (here: its flush) leaves that
    /// folder as the kept site, holding some of its files: the next build does not trust it.
    @Test func aFailedBuildLeavesTheKeptSiteUnknown() throws {
        let site = try TestSite(Self.incidents)
        defer { site.delete() }
        try Self.remembered(site)
        try Self.edit(site, "Edited once.")
        let failing = Syncer(tree: { _ in EIO }, folder: { _ in 0 })
        #expect(throws: BlotterError.self) { try Syncer.$current.withValue(failing) { try site.build() } }
        try Self.edit(site, "Body text.")
        let after = try site.build()
        #expect(after.note == "Full build: the previous build kept beside the output is not the one remembered")
        try site.expectEqualToFullBuild("after a failed build", output: "Public", options: site.options())
    }

    /// Something else where a file of the kept site was (a link, a folder): removed, and the
    /// file written, though its fingerprint says it is unchanged.
    @Test func aFileDisplacedInTheKeptSiteIsWrittenAgain() throws {
        let site = try TestSite(Self.incidents)
        defer { site.delete() }
        try Self.remembered(site)
        let spare = site.root.appendingPathComponent(".Public.previous")
        let page = spare.appendingPathComponent("incidents/crash-on-the-a13/index.html")
        try FileManager.default.removeItem(at: page)
        try site.write("outside.txt", "not Blotter's")
        try FileManager.default.createSymbolicLink(at: page, withDestinationURL: site.root.appendingPathComponent("outside.txt"))
        try FileManager.default.removeItem(at: spare.appendingPathComponent("robots.txt"))
        try site.write(".Public.previous/robots.txt/inside.txt", "in the way")
        try Self.edit(site, "Edited.")
        let result = try site.build()
        #expect(result.note == nil, "\(result.note ?? "")")
        #expect(try String(contentsOf: site.root.appendingPathComponent("outside.txt"), encoding: .utf8) == "not Blotter's")
        try site.expectEqualToFullBuild("displaced files", output: "Public", options: site.options())
    }

    /// A text file's compressed copies depend on the other files: a site's own `x.js.gz` leaves
    /// `x.js` without copies, and once it is deleted, `x.js` gets its own.
    @Test func copiesFollowTheFilesBesideThem() throws {
        let site = try TestSite(Self.incidents.merging([
            "Static/x.js": String(repeating: "console.log('a long enough script');\n", count: 60),
            "Static/x.js.gz": "not really gzip",
        ]) { a, _ in a })
        defer { site.delete() }
        try Self.remembered(site)
        try site.remove("Static/x.js.gz")
        for k in 1...3 {
            try Self.edit(site, "Edit \(k).")
            try site.build()
            try site.expectEqualToFullBuild("copies, build \(k)", output: "Public", options: site.options())
        }
    }

    /// A damaged memory is a full build, said in one line, never a crash: cut short, or with
    /// a valid checksum over counts no file could hold.
    @Test func aDamagedMemoryIsAFullBuild() throws {
        let site = try TestSite(Self.incidents)
        defer { site.delete() }
        try Self.remembered(site)
        let memory = site.root.appendingPathComponent(".Public.memory")
        let whole = try Data(contentsOf: memory)
        try whole.prefix(whole.count / 2).write(to: memory)
        try Self.edit(site, "Edit 1.")
        #expect(try site.build().note == "Full build: the memory of the last build is damaged")

        var writer = ByteWriter()
        writer.text(BuildMemory.header)
        writer.word(Pipeline(site.options(), mode: .build).memoryKey)
        writer.word(1)  // the inputs' hash
        writer.word(1)  // one generation
        writer.word(0)  // with no identity
        writer.word(1 << 30)  // and a billion files
        writer.word(StableHasher.hash(writer.bytes))
        try Data(writer.bytes).write(to: memory)
        try Self.edit(site, "Edit 2.")
        #expect(try site.build().note == "Full build: the memory of the last build is damaged")
        try site.expectEqualToFullBuild("after a damaged memory", output: "Public", options: site.options())
    }
}

extension BuildMemoryTests {
    /// The data files' sizes and SHA-256 are remembered with the build, as published: the next
    /// build hashes only the files it changes, and its index equals a full build's.
    @Test func theDataFilesDigestsAreRemembered() throws {
        let site = try TestSite(Self.incidents)
        defer { site.delete() }
        try Self.remembered(site)
        let key = Pipeline(site.options(), mode: .build).memoryKey
        let memory = try BuildMemory.read(site.root.appendingPathComponent(".Public.memory"), key: key).get()
        let index = try #require(try JSONSerialization.jsonObject(with: Data(try site.read("data/index.json").utf8))
            as? [String: Any])
        let files = try #require(index["files"] as? [[String: Any]])
        let published = Set(files.map { DataDigests.Digest(bytes: $0["bytes"] as? Int ?? -1, sha256: $0["sha256"] as? String ?? "") })
        #expect(memory.digests.count == 4 && Set(memory.digests.values) == published)
        try Self.edit(site, "Edit 1.")
        try site.build()
        try site.expectEqualToFullBuild("data files after an edit", output: "Public", options: site.options())
    }
}
