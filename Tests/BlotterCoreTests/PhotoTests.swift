import BlotterCore
import Foundation
import Testing

/// Photos (`Photo`, `PhotoCodec`, `PhotoCache`): published in several widths, in WebP and in
/// their own format, upright and without what the phone wrote into them, processed once;
/// broken files are errors at the field that names them.
@Suite struct PhotoTests {
    /// A phone's photo (scripts/make-photos.py): 1800 × 1200 stored on its side with EXIF
    /// orientation 6 (1200 × 1800 upright), GPS position, owner, serial number, XMP, IPTC and
    /// an Adobe RGB ICC profile.
    static let witness = try! [UInt8](Data(contentsOf: TestSite.repositoryRoot
        .appendingPathComponent("Tests/Fixtures/photos/witness.jpg")))
    static let png = try! [UInt8](Data(contentsOf: TestSite.repositoryRoot
        .appendingPathComponent("Tests/Fixtures/photos/tiny.png")))

    /// What must not be published: the phone's GPS position is only in binary EXIF, so the
    /// EXIF GPS tag itself (0x8825) is looked for by `gpsTag`.
    static let secrets = ["Alex Witness", "SN-4815162342", "ExamplePhone", "Example 12", "http://ns.adobe.com/xap/",
                          "Photoshop 3.0"]

    @Test func photosArePublishedInWidthsUprightAndWithoutMetadata() throws {
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(extra: """
                image:
                  src: /images/witness.jpg
                  alt: A street of houses under a blue sky
                """, body: "A witness sent this.\n\n![The street from the corner](/images/witness.jpg \"Sent by a witness\")\n"),
            "Content/pages/about.md": "---\ntitle: About\nimage: {src: /images/witness.jpg, alt: Our street}\n---\nUs.\n",
        ])
        defer { site.delete() }
        try site.writeBytes("Static/images/witness.jpg", Self.witness)
        let result = try site.build()
        #expect(result.diagnostics.map(\.description) == [])
        #expect((result.photos, result.photoFilesEncoded, result.photoFilesFromCache) == (1, 6, 0))
        #expect(site.outputFiles().filter { $0.hasPrefix("images/") } == [
            "images/witness-1200w.webp", "images/witness-480w.jpg", "images/witness-480w.webp", "images/witness-800w.jpg",
            "images/witness-800w.webp", "images/witness.jpg",
        ])
        let page = try site.read("incidents/fire-in-barking/index.html")
        #expect(page.contains("""
              <figure class="lead-image">
                <picture>
                  <source type="image/webp" srcset="/images/witness-480w.webp 480w, /images/witness-800w.webp 800w, /images/witness-1200w.webp 1200w" sizes="(min-width: 46rem) 42rem, 100vw">
                  <img src="/images/witness.jpg" srcset="/images/witness-480w.jpg 480w, /images/witness-800w.jpg 800w, /images/witness.jpg 1200w" sizes="(min-width: 46rem) 42rem, 100vw" width="1200" height="1800" alt="A street of houses under a blue sky" decoding="async">
                </picture>
            """), "\(page)")
        #expect(page.contains("""
            <p><picture><source type="image/webp" srcset="/images/witness-480w.webp 480w, /images/witness-800w.webp 800w, \
            /images/witness-1200w.webp 1200w" sizes="(min-width: 46rem) 42rem, 100vw"><img src="/images/witness.jpg" \
            srcset="/images/witness-480w.jpg 480w, /images/witness-800w.jpg 800w, /images/witness.jpg 1200w" \
            sizes="(min-width: 46rem) 42rem, 100vw" alt="The street from the corner" title="Sent by a witness" width="1200" \
            height="1800" loading="lazy" decoding="async"></picture></p>
            """), "\(page)")
        let about = try site.read("about/index.html")
        #expect(about.contains(#"<img src="/images/witness.jpg" srcset="/images/witness-480w.jpg 480w, "#), "\(about)")
        #expect(about.contains(#"<meta property="og:image" content="https://example.org/images/witness.jpg">"#))
        let sizes = ["witness.jpg": (1200, 1800), "witness-480w.jpg": (480, 720), "witness-800w.jpg": (800, 1200)]
        for name in ["witness.jpg", "witness-480w.jpg", "witness-800w.jpg", "witness-480w.webp", "witness-1200w.webp"] {
            let bytes = try site.readBytes("images/" + name)
            let held = Self.secrets.filter { bytes.contains(Array($0.utf8)) }
            #expect(held == [], "\(name) holds \(held)")
            let (gps, profile) = (Self.hasGPS(bytes), bytes.contains(Array("Artifex Software A98".utf8)))
            #expect(!gps, "\(name) holds a GPS position")
            #expect(profile, "\(name) lost its colour profile")
            if let size = sizes[name] { #expect(Self.jpegSize(bytes).map { [$0.0, $0.1] } == [size.0, size.1], "\(name)") }
        }
        // The source itself still has them all (the test would prove nothing otherwise).
        #expect(Self.witness.contains(Array("Alex Witness".utf8)) && Self.hasGPS(Self.witness))

        // A briefing holds the widest width itself (printed or mailed, it needs no site), whole.
        let briefing = try #require(try Pipeline.brief(site.options(), Briefing(filter: BriefingFilter(incidents: ["fire-in-barking"]))).html)
        let data = try #require(briefing.firstMatch(of: #/<figure class="lead-image"><img src="data:image/jpeg;base64,([^"]+)" alt="A street of houses under a blue sky" width="1200" height="1800">/#))
        let printed = try #require(Data(base64Encoded: String(data.output.1).replacingOccurrences(of: "&#x2F;", with: "/")
            .replacingOccurrences(of: "&#x3D;", with: "=")))
        #expect(Self.jpegSize([UInt8](printed)).map { [$0.0, $0.1] } == [1200, 1800])
        #expect(!Self.hasGPS([UInt8](printed)) && ![UInt8](printed).contains(Array("Alex Witness".utf8)))
        #expect(briefing.contains(#"<p><img src="data:image/jpeg;base64,"#))  // the body's photo too

        // The same bytes from the same photo: made again without the cache, every file is identical.
        let first = try site.outputFiles().filter { $0.hasPrefix("images/") }.map { try site.readBytes($0) }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent(".blotter-cache"))
        try FileManager.default.removeItem(at: site.output)
        let remade = try site.build()
        #expect((remade.photoFilesEncoded, remade.photoFilesFromCache) == (6, 0))
        #expect(try site.outputFiles().filter { $0.hasPrefix("images/") }.map { try site.readBytes($0) } == first)

        // Processed once: a build into a new folder reads every file back from the cache.
        try FileManager.default.removeItem(at: site.output)
        let again = try site.build()
        #expect((again.photoFilesEncoded, again.photoFilesFromCache) == (0, 6))
        #expect(try site.readBytes("images/witness-800w.webp").count > 0)

        // The preview uses the same cache: its first build makes nothing either.
        var preview = Pipeline(preview: site.previewOptions(output: "Preview"))
        let shown = try preview.rebuild()
        #expect((shown.photos, shown.photoFilesEncoded, shown.photoFilesFromCache) == (1, 0, 6))
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("Preview/images/witness-480w.webp").path))
    }

    @Test func brokenPhotosAreErrorsAtTheFieldThatNamesThem() throws {
        var bomb = Self.witness
        Self.setJPEGSize(&bomb, width: 30_000, height: 30_000)
        let files: [String: [UInt8]] = [
            "Static/images/empty.jpg": [], "Static/images/misnamed.jpg": Self.png,
            "Static/images/cut.jpg": Array(Self.witness.prefix(Self.witness.count / 2)), "Static/images/bomb.jpg": bomb,
            "Static/images/unused.png": Array(Self.png.prefix(40)),
        ]
        var incidents: [String: String] = [:]
        for name in ["empty", "misnamed", "cut", "bomb"] {
            incidents["Content/incidents/\(name).md"] = incidentFile(title: "Fire \(name)", extra: """
                image:
                  src: /images/\(name).jpg
                  alt: A photo
                """)
        }
        let site = try TestSite(incidents)
        defer { site.delete() }
        for (path, bytes) in files { try site.writeBytes(path, bytes) }
        let lines = try site.diagnosticLines()
        #expect(lines.count == 5, "\(lines)")
        #expect(lines.contains("Content/incidents/empty.md:10:8: error: image.src: /images/empty.jpg (Static/images/empty.jpg): "
                                   + "the file is empty (0 bytes)"), "\(lines)")
        #expect(lines.contains("Content/incidents/misnamed.md:10:8: error: image.src: /images/misnamed.jpg "
                                   + "(Static/images/misnamed.jpg): the file is a PNG image, not a JPEG one as its name says; "
                                   + "give it the right extension"), "\(lines)")
        #expect(lines.contains("Content/incidents/bomb.md:10:8: error: image.src: /images/bomb.jpg (Static/images/bomb.jpg): "
                                   + "30000 × 30000 pixels is more than the 100 megapixels a photo may have; make it smaller "
                                   + "before adding it"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Content/incidents/cut.md:10:8: error: image.src: /images/cut.jpg "
                                                  + "(Static/images/cut.jpg): the image is damaged or cut short (") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Static/images/unused.png:1:1: error: cannot publish this photo: ") }, "\(lines)")
        // And a build stops there, with nothing written.
        #expect(try site.build().failed)
        #expect(site.outputFiles().isEmpty)
    }

    @Test func imagesWithoutDescriptionsAreFlagged() throws {
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(body: "First paragraph.\n\n![](/images/a.png)\n\n`![](not an image)`\n"),
            "Content/incidents/b.md": incidentFile(title: "Fire two", extra: """
                image:
                  src: /images/a.png
                  alt: ""
                """),
            "Content/incidents/c.md": incidentFile(title: "Fire three", extra: """
                image:
                  src: /images/a.png
                  alt: ""
                  decorative: true
                """),
            "Content/pages/about.md": "---\ntitle: About\n---\nUs.\n\nOur office: ![ ](/images/a.png)\n",
        ])
        defer { site.delete() }
        try site.writeBytes("Static/images/a.png", Self.png)
        #expect(try site.diagnosticLines() == [
            "Content/incidents/a.md:13:1: warning: body: image without a description: write what it shows between the "
                + "brackets, ![Firefighters at the flats](…)",
            "Content/incidents/b.md:11:8: error: image.alt: required field is empty (describe the image for readers who "
                + "cannot see it; an image that only decorates says `decorative: true`)",
            "Content/pages/about.md:6:13: warning: body: image without a description: write what it shows between the "
                + "brackets, ![Firefighters at the flats](…)",
        ])
        try site.remove("Content/incidents/b.md")
        #expect(try site.build().diagnostics.allSatisfy { $0.severity == .warning })
        #expect(try site.read("incidents/fire-three/index.html").contains("""
            <img src="/images/a.png" srcset="/images/a.png 16w" sizes="(min-width: 46rem) 42rem, 100vw" width="16" height="16" alt=""
            """))
    }

    // MARK: - Reading JPEG bytes

    /// The width and height in a JPEG's frame header (SOF0-SOF2).
    static func jpegSize(_ bytes: [UInt8]) -> (Int, Int)? {
        sofOffset(bytes).map { at in (Int(bytes[at + 7]) << 8 | Int(bytes[at + 8]), Int(bytes[at + 5]) << 8 | Int(bytes[at + 6])) }
    }

    static func setJPEGSize(_ bytes: inout [UInt8], width: Int, height: Int) {
        guard let at = sofOffset(bytes) else { return }
        (bytes[at + 5], bytes[at + 6]) = (UInt8(height >> 8), UInt8(height & 0xFF))
        (bytes[at + 7], bytes[at + 8]) = (UInt8(width >> 8), UInt8(width & 0xFF))
    }

    private static func sofOffset(_ bytes: [UInt8]) -> Int? {
        var i = 2
        while i + 9 < bytes.count, bytes[i] == 0xFF {
            let marker = bytes[i + 1]
            if (0xC0...0xC2).contains(marker) { return i }
            i += 2 + (Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]))
        }
        return nil
    }

    /// Whether the bytes hold an EXIF GPS directory: the GPSInfo tag (0x8825), big- or little-endian.
    static func hasGPS(_ bytes: [UInt8]) -> Bool {
        bytes.contains([0x88, 0x25, 0x00, 0x04]) || bytes.contains([0x25, 0x88, 0x04, 0x00])
    }
}

extension [UInt8] {
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { start in self[start..<start + needle.count].elementsEqual(needle) }
    }
}
