@testable import BlotterCore
@testable import BlotterPrint
import Foundation
import Synchronization
import Testing

/// `brief --pdf` against a hostile briefing and a broken Chromium: Chromium loads only the
/// briefing's and the site's own files, the print folder is private and never reached
/// through a planted link, and a Chromium that never answers fails the briefing in bounded
/// time and is killed. The first test needs Chromium (`scripts/setup.sh --test`); the
/// others drive a fake one made of a shell script.
@Suite(.serialized) struct PrintHardeningTests {
    /// An image outside the site, given as a relative Markdown image, an absolute `image.src`
    /// and an address on a local listener, is neither loaded nor printed, and each is named in
    /// a warning; the site's own image is printed.
    @Test func onlyTheSitesOwnFilesAreLoaded() throws {
        let chromium = try #require(try? ChromiumPrinter.locate(nil), "Chromium is needed: scripts/setup.sh --test")
        let outside = try Scratch()
        defer { outside.delete() }
        let relative = outside.url.appendingPathComponent("passport.bmp")
        let absolute = outside.url.appendingPathComponent("scan.bmp")
        try Data(Self.bitmap(width: 37, height: 23)).write(to: relative)
        try Data(Self.bitmap(width: 41, height: 29)).write(to: absolute)
        let listener = try Listener()
        defer { listener.stop() }
        let climb = String(repeating: "../", count: 12) + relative.path.dropFirst()
        let web = "http://127.0.0.1:\(listener.port)/a.bmp"
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(title: "Alpha", date: "2025-12-30T10:00:00Z",
                                                   extra: "image: {src: \(absolute.path), alt: Scan}",
                                                   body: "![x](\(climb))\n\n![y](\(web))"),
            "Content/incidents/b.md": incidentFile(title: "Bravo", date: "2025-12-31T10:00:00Z",
                                                   extra: "image: {src: /assets/in-site.bmp, alt: Ours}"),
        ], config: TestSite.minimalConfig.replacingOccurrences(of: "https://example.org/", with: "/"))
        defer { site.delete() }
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("Templates/assets"),
                                                withIntermediateDirectories: true)
        try Data(Self.bitmap(width: 11, height: 13)).write(to: site.root.appendingPathComponent("Templates/assets/in-site.bmp"))
        let outcome = try Pipeline.brief(site.options(), Briefing(filter: BriefingFilter()))
        let html = try #require(outcome.html)
        let pdf = site.root.appendingPathComponent("briefing.pdf")
        let warnings = try ChromiumPrinter.print(html: html, anchors: outcome.anchors, to: pdf,
                                                 settings: PrintSettings(chromium: chromium, access: .site(site.options())))
        let sizes = try Self.imageSizes(pdf)
        #expect(listener.connections == 0, "the listener was not asked for anything")
        #expect(!sizes.contains { $0 == (37, 23) }, "the relative image from outside is not in the PDF")
        #expect(!sizes.contains { $0 == (41, 29) }, "the absolute image.src from outside is not in the PDF")
        #expect(sizes.contains { $0 == (11, 13) }, "the site's own image is in the PDF (sizes: \(sizes))")
        for url in [relative.absoluteString, absolute.absoluteString, web] {
            #expect(warnings.filter { $0.hasPrefix("refused to load \(url): outside the site") }.count == 1, "warned of \(url) once: \(warnings)")
        }
        #expect(warnings.count == 3, "nothing else refused: \(warnings)")
    }

    /// A folder planted at the old print folder's name (`blotter-print-<pid>`), with a link at
    /// its log's name, is not used: nothing is written through the link, the folder is left
    /// as it was, and the print folder Chromium is given is new and private (0700), its log
    /// 0600.
    @Test func plantedFolderAndLinkAreNotUsed() throws {
        let scratch = try Scratch()
        defer { scratch.delete() }
        let victim = scratch.url.appendingPathComponent("precious.txt")
        try Data("precious".utf8).write(to: victim)
        let planted = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-print-\(getpid())")
        try? FileManager.default.removeItem(at: planted)
        try FileManager.default.createDirectory(at: planted, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: planted) }
        let link = planted.appendingPathComponent("chromium-1.log")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: victim.path)
        let report = scratch.url.appendingPathComponent("report")
        let fake = try scratch.executable("chromium", """
            #!/bin/sh
            for a in "$@"; do case "$a" in --user-data-dir=*) profile="${a#--user-data-dir=}";; esac; done
            work=$(dirname "$profile")
            { echo "$work"; stat -c %a "$work"; stat -c %a "$work/chromium-1.log"; } > '\(report.path)'
            echo "fake Chromium writes to its log" >&2
            exit 1
            """)
        let pdf = scratch.url.appendingPathComponent("briefing.pdf")
        #expect(throws: BlotterError.self) {
            _ = try ChromiumPrinter.print(html: "<html><head></head><body>B</body></html>", anchors: [], to: pdf,
                                          settings: PrintSettings(chromium: fake, access: .printFolderOnly))
        }
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious", "nothing written through the link")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == victim.path,
                "the planted folder is left as it was")
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "the fake reported its folder: \(lines)")
        #expect(lines[0] != planted.path && lines[0] != planted.standardizedFileURL.path, "a new print folder")
        #expect(lines[1] == "700", "the print folder is private")
        #expect(lines[2] == "600", "the log is private")
    }

    /// A Chromium that starts and then never answers (nor ends on SIGTERM) fails the briefing
    /// within the DevTools limit, with a message naming the binary and the command, and is
    /// killed and reaped.
    @Test func silentChromiumFailsInBoundedTime() throws {
        let scratch = try Scratch()
        defer { scratch.delete() }
        let pidFile = scratch.url.appendingPathComponent("pid")
        let fake = try scratch.executable("chromium", """
            #!/bin/sh
            echo $$ > '\(pidFile.path)'
            trap '' TERM
            exec sleep 300
            """)
        let pdf = scratch.url.appendingPathComponent("briefing.pdf")
        let outcome = Mutex<Result<[String], BlotterError>?>(nil)
        let started = Date()
        Thread.detachNewThread {
            let result = Result { () throws(BlotterError) -> [String] in
                try ChromiumPrinter.print(html: "<html><head></head><body>B</body></html>", anchors: [], to: pdf,
                                          settings: PrintSettings(chromium: fake, access: .printFolderOnly, commandSeconds: 2))
            }
            outcome.withLock { $0 = result }
        }
        while outcome.withLock({ $0 == nil }) && Date().timeIntervalSince(started) < 30 { usleep(50_000) }
        let elapsed = Date().timeIntervalSince(started)
        let pid = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard let result = outcome.withLock({ $0 }) else {
            Issue.record("brief --pdf still waiting for the silent Chromium after 30 s")
            if let pid { kill(pid, SIGKILL) }
            return
        }
        #expect(elapsed < 15, "failed within the limit and the grace period (\(elapsed) s)")
        guard case .failure(let error) = result else { Issue.record("printed with a silent Chromium"); return }
        #expect(error.description.contains(fake) && error.description.contains("Target.createTarget"), "\(error)")
        let id = try #require(pid, "the fake Chromium ran")
        #expect(kill(id, 0) == -1 && errno == ESRCH, "the fake Chromium is gone (killed and reaped)")
    }
}

/// A temporary folder of the test's own.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-scratch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes an executable script `name`; returns its path.
    func executable(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data((text + "\n").utf8).write(to: file)
        chmod(file.path, 0o755)
        return file.path
    }

    func delete() { try? FileManager.default.removeItem(at: url) }
}

/// A TCP listener on 127.0.0.1 (a free port) that counts the connections made to it and
/// closes each at once.
final class Listener: Sendable {
    let port: Int
    private let socket: Int32
    private let count = Atomic<Int>(0)
    private let running = Atomic<Bool>(true)

    var connections: Int { count.load(ordering: .acquiring) }

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && listen(socket, 16) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        self.socket = socket
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    private func serve() {
        while running.load(ordering: .acquiring) {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let client = accept(socket, nil, nil)
            if client >= 0 {
                count.add(1, ordering: .releasing)
                close(client)
            }
        }
        close(socket)
    }

    func stop() { running.store(false, ordering: .releasing) }
}

extension PrintHardeningTests {
    /// A 24-bit BMP of `width` x `height` (an image format Chromium reads, made without zlib).
    static func bitmap(width: Int, height: Int) -> [UInt8] {
        let row = (width * 3 + 3) / 4 * 4
        func le(_ value: Int, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8((value >> (8 * $0)) & 0xFF) } }
        var bytes: [UInt8] = Array("BM".utf8) + le(54 + row * height, 4) + le(0, 4) + le(54, 4)
        bytes += le(40, 4) + le(width, 4) + le(height, 4) + le(1, 2) + le(24, 2) + le(0, 4) + le(row * height, 4)
        bytes += le(2835, 4) + le(2835, 4) + le(0, 4) + le(0, 4)
        for y in 0..<height {
            for x in 0..<width { bytes += [UInt8(x * 5 & 0xFF), UInt8(y * 7 & 0xFF), 200] }
            bytes += [UInt8](repeating: 0, count: row - width * 3)
        }
        return bytes
    }

    /// The width and height of every image XObject in the PDF at `url`.
    static func imageSizes(_ url: URL) throws -> [(Int, Int)] {
        let file = try PDFFile(bytes: Array(Data(contentsOf: url)))
        return file.objects.values.compactMap { object in
            guard let info = object.value.dictionary, info["Subtype"] == .name("Image"),
                  case .integer(let width)? = info["Width"], case .integer(let height)? = info["Height"] else { return nil }
            return (width, height)
        }
    }
}
