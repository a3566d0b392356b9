@testable import BlotterCore
import Foundation
import Synchronization
import Testing

/// The publish step's promises, on real folders: the staged site is on the disk before it
/// is swapped in, what killed builds leave is cleaned up (never a running build's folder),
/// and no file Blotter did not write is deleted, through a symbolic link or a copied marker.
@Suite struct PublishSafetyTests {
    func makeSite() throws -> TestSite {
        try TestSite([
            "Content/incidents/2024/a.md": incidentFile(title: "Fire in Barking", date: "2024-03-01T10:00:00Z"),
            "Content/incidents/2024/b.md": incidentFile(title: "Second", date: "2024-03-02"),
            "Content/pages/about.md": "---\ntitle: About us\n---\nWe report.\n",
        ])
    }

    // MARK: Flushed to the disk

    /// Each build flushes the staging folder when it holds the whole new site (nothing is
    /// written after) and Public/ is still the old one, then the folder holding Public/
    /// once the flushed folder is in its place: a new folder, then one written over.
    @Test func theStagedSiteIsFlushedBeforeTheSwapAndItsFolderAfter() throws {
        let site = try makeSite()
        defer { site.delete() }
        for _ in 0..<3 {
            let recorder = SyncRecorder(output: site.output)
            try Syncer.$current.withValue(recorder.syncer) { try site.build(full: true) }
            let events = recorder.events.withLock { $0 }
            #expect(events.map(\.kind) == ["tree", "folder"])
            guard events.count == 2 else { continue }
            let (tree, folder) = (events[0], events[1])
            #expect(URL(fileURLWithPath: tree.path).lastPathComponent.hasPrefix(".Public.staging-"))
            #expect(tree.files == site.outputFiles(), "the flushed folder holds the whole site, marker included")
            #expect(tree.files.contains(".blotter-output"))
            #expect(tree.outputInode != tree.inode, "flushed before the swap")
            #expect(folder.path == site.root.standardizedFileURL.path)
            #expect(folder.outputInode == tree.inode, "the folder is flushed once the flushed site is in place")
        }
    }

    /// A staged site that cannot be flushed is not published.
    @Test func aFailedFlushLeavesPublicUntouched() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build(full: true)
        try site.build(full: true)
        let before = try contents(of: site.output)
        try site.write("Content/incidents/2024/c.md", incidentFile(title: "Third", date: "2024-03-03"))
        let failing = Syncer(tree: { _ in EIO }, folder: { _ in 0 })
        #expect(throws: BlotterError.self) { try Syncer.$current.withValue(failing) { try site.build(full: true) } }
        #expect(try contents(of: site.output) == before)
        #expect(try hidden(in: site.root) == [".Public.memory", ".Public.previous"])
    }

    // MARK: Leftovers of killed builds

    /// Staging folders of earlier builds, whatever the process id in their name, are removed
    /// by the next build; a folder that only looks like one is not.
    @Test func leftoversOfKilledBuildsAreRemoved() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build(full: true)
        for leftover in [".Public.staging-999999", ".Public.staging-999998-2.stopped", ".Public.old-999997"] {
            try site.write("\(leftover)/incidents/fire/index.html", "a killed build's page")
        }
        try site.write(".Public.staging-notes/mine.txt", "not a staging folder")
        try site.build(full: true)
        #expect(try hidden(in: site.root) == [".Public.memory", ".Public.previous", ".Public.staging-notes"])
        #expect(site.outputFiles().contains("incidents/fire-in-barking/index.html"))
    }

    /// A staging folder whose lock is held belongs to a build still running: left alone,
    /// and removed by the first build after the lock is let go.
    @Test func aStagingFolderInUseIsLeftAlone() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.write(".Public.staging-999996/index.html", "a running build's page")
        let running = site.root.appendingPathComponent(".Public.staging-999996").path
        let fd = open(running, O_RDONLY | O_DIRECTORY)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        try site.build(full: true)
        try site.build(full: true)
        #expect(try String(contentsOfFile: running + "/index.html", encoding: .utf8) == "a running build's page")
        close(fd)
        try site.build(full: true)
        #expect(!FileManager.default.fileExists(atPath: running))
    }

    // MARK: Only what Blotter wrote

    /// Public/ as a symbolic link to a folder: the folder is built, the link stays, and
    /// nothing beside that folder is touched, build after build.
    @Test func aSymlinkedPublicStaysALink() throws {
        let site = try makeSite()
        defer { site.delete() }
        let www = site.root.appendingPathComponent("www")
        try site.write("www/other.txt", "another site's file")
        try FileManager.default.createDirectory(at: www.appendingPathComponent("incidents"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: site.output.path, withDestinationPath: "www/incidents")
        for _ in 0..<3 { try site.build(full: true) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path) == "www/incidents")
        #expect(FileManager.default.fileExists(atPath: www.appendingPathComponent("incidents/incidents/fire-in-barking/index.html").path))
        #expect(try String(contentsOf: www.appendingPathComponent("other.txt"), encoding: .utf8) == "another site's file")
        #expect(try hidden(in: www) == [".incidents.memory", ".incidents.previous"])
        #expect(try hidden(in: site.root) == [])
    }

    /// A web root that `rsync -a Public/ /var/www/html/` (or `cp -a`, which keeps the
    /// marker's attribute) gave a copy of the marker, beside its own files: `--output` there
    /// is refused, and every file on it stays as it was, build after build.
    @Test(arguments: [false, true]) func aCopiedMarkerDoesNotMakeAWebRootBlotters(keepingAttributes: Bool) throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build(full: true)
        try site.build(full: true)
        let html = try webRoot(in: site, copying: site.output, keepingAttributes: keepingAttributes)
        let before = try contents(of: html)
        var options = site.options()
        options.outputDirectory = html
        for _ in 0..<2 {
            let error = #expect(throws: BlotterError.self) { try Pipeline.build(options) }
            #expect(error?.description.contains("this folder's .blotter-output was not written for it") == true)
        }
        #expect(try contents(of: html) == before)
        #expect(try hidden(in: html.deletingLastPathComponent()) == [])
    }

    /// The same web root behind a symbolic link Public/: refused, the link and the web root
    /// as they were.
    @Test func aSymlinkedPublicOntoAWebRootWithACopiedMarkerIsRefused() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build(full: true)
        try site.build(full: true)
        let html = try webRoot(in: site, copying: site.output, keepingAttributes: false)
        let before = try contents(of: html)
        try FileManager.default.removeItem(at: site.output)
        try FileManager.default.createSymbolicLink(atPath: site.output.path, withDestinationPath: html.path)
        for _ in 0..<2 { #expect(throws: BlotterError.self) { try site.build(full: true) } }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: site.output.path) == html.path)
        #expect(try contents(of: html) == before)
    }

    /// A marker from before markers named their folder (no attribute) is trusted only where
    /// Blotter's kept previous build lies beside it, and is then named; a copy of one
    /// elsewhere is refused.
    @Test func anOldMarkerIsTrustedOnlyBesideTheKeptPreviousBuild() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build(full: true)
        try site.build(full: true)
        for folder in ["Public", ".Public.previous"] {
            try site.remove("\(folder)/.blotter-output")
            try site.write("\(folder)/.blotter-output", OutputMarker.text)
            #expect(attribute(of: site.root.appendingPathComponent("\(folder)/.blotter-output")) == nil)
        }
        try site.build(full: true)
        #expect(attribute(of: site.output.appendingPathComponent(".blotter-output")) != nil)

        let html = try webRoot(in: site, copying: site.output, keepingAttributes: false)
        let before = try contents(of: html)
        var options = site.options()
        options.outputDirectory = html
        #expect(throws: BlotterError.self) { try Pipeline.build(options) }
        #expect(try contents(of: html) == before)
    }

    /// The marker's bytes are the same wherever the site is built: the folder is named in
    /// its attribute, which differs.
    @Test func theMarkerNamesItsFolderOutsideItsBytes() throws {
        let site = try makeSite()
        defer { site.delete() }
        try site.build(full: true)
        var options = site.options()
        options.outputDirectory = site.root.appendingPathComponent("Other")
        try Pipeline.build(options)
        let markers = [site.output, options.outputDirectory].map { $0.appendingPathComponent(".blotter-output") }
        #expect(try markers.map { try String(contentsOf: $0, encoding: .utf8) } == [OutputMarker.text, OutputMarker.text])
        let names = markers.map { attribute(of: $0).map { String(decoding: $0, as: UTF8.self) } }
        #expect(names[0]?.hasSuffix(" Public") == true && names[1]?.hasSuffix(" Other") == true)
    }
}

private extension PublishSafetyTests {
    /// `www/html` with a web root's own files and a copy of every file of `published`
    /// (`.blotter-output` too) over them, as `rsync -a` makes it, or `cp -a`, which also
    /// copies extended attributes.
    func webRoot(in site: TestSite, copying published: URL, keepingAttributes: Bool) throws -> URL {
        try site.write("www/html/other-app/index.php", "<?php echo 'another app';")
        try site.write("www/html/ads.txt", "example.com, pub-0000, DIRECT\n")
        try site.write("www/html/index.html", "the web root's own home page, replaced by the copy")
        let html = site.root.appendingPathComponent("www/html")
        let fm = FileManager.default
        for file in TestSite.files(under: published) {
            let source = published.appendingPathComponent(file), destination = html.appendingPathComponent(file)
            try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contentsOf: source).write(to: destination)
            if keepingAttributes, let value = attribute(of: source) {
                let fd = open(destination.path, O_RDONLY)
                defer { close(fd) }
                #expect(ExtendedAttributes.set(fd, OutputMarker.attribute, value) == 0)
            }
        }
        #expect(fm.fileExists(atPath: html.appendingPathComponent(".blotter-output").path))
        return html
    }

    /// The marker attribute of the file at `url`, or nil.
    func attribute(of url: URL) -> [UInt8]? {
        let fd = open(url.path, O_RDONLY)
        defer { close(fd) }
        var value = [UInt8](repeating: 0, count: 1024)
        guard let count = ExtendedAttributes.get(fd, OutputMarker.attribute, into: &value), count >= 0 else { return nil }
        return Array(value.prefix(count))
    }

    /// Every file below `folder`, hidden ones included, with its bytes.
    func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for file in TestSite.files(under: folder) {
            files[file] = try Data(contentsOf: folder.appendingPathComponent(file))
        }
        return files
    }

    /// The hidden entries of `folder`, sorted.
    func hidden(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.sorted()
    }
}

/// A `Syncer` that flushes for real and records each call with what was on the disk then.
final class SyncRecorder: Sendable {
    struct Event: Sendable {
        var kind: String
        var path: String
        /// The files below `path` (for a tree).
        var files: [String] = []
        /// The inode of `path`, and of the output folder, when the call came.
        var inode: UInt64 = 0
        var outputInode: UInt64 = 0
    }

    let output: URL
    let events = Mutex<[Event]>([])

    init(output: URL) { self.output = output }

    var syncer: Syncer {
        Syncer(tree: { path in
            self.record(Event(kind: "tree", path: path, files: TestSite.files(under: URL(fileURLWithPath: path))))
            return Syncer.disk.tree(path)
        }, folder: { path in
            self.record(Event(kind: "folder", path: path))
            return Syncer.disk.folder(path)
        })
    }

    private func record(_ event: Event) {
        var event = event
        event.inode = Self.inode(event.path)
        event.outputInode = Self.inode(output.path)
        events.withLock { $0.append(event) }
    }

    private static func inode(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
    }
}
