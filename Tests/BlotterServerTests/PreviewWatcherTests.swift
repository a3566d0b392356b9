import BlotterCore
import BlotterServer
import Foundation
import Testing

/// The preview's watcher and symbolic links: a cycle of links (`a -> .`, `b -> ..`) does
/// not stop it, and a link out of the site is not followed.
@Suite(.serialized) struct PreviewWatcherTests {
    typealias Running = PreviewServerTests.Running

    static let files = PreviewHardeningTests.files

    @Test func cyclicLinksDoNotStopTheWatcher() async throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/a").path, withDestinationPath: ".")
        try manager.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/b").path, withDestinationPath: "..")
        try manager.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/incidents/up").path,
                                       withDestinationPath: "../..")
        let server = try await Running(site)
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port)
        #expect(try await http.send("/incidents/fire-in-barking/").status == 200)

        // The watcher's look through the links ends, and it still sees a save.
        try site.write("Content/incidents/2024/03/fire.md", incidentFile(title: "Fire in Barking, crews leave"))
        var title = ""
        for _ in 0..<100 where !title.contains("crews leave") {
            try await Task.sleep(for: .milliseconds(100))
            title = try await http.send("/incidents/fire-in-barking-crews-leave/").body
        }
        #expect(title.contains("<h1>Fire in Barking, crews leave</h1>"), "the edit was not seen within 10 s")
        #if os(Linux)
        #expect(Self.watchedFolders().count < 10_000, "the watcher added \(Self.watchedFolders().count) watches")
        #endif
    }

    /// Static/ is watched: a file saved there, in a folder made after the preview started,
    /// is published at once, and a theme file the site replaces in Templates/assets/ too.
    @Test func staticFilesAndThemeOverridesAreWatched() async throws {
        let site = try TestSite(Self.files, templates: false)
        defer { site.delete() }
        let server = try await Running(site)
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port)
        let theme = try #require(Theme.assets.first { $0.path == "assets/style.css" })
        #expect(try await http.send("/assets/style.css").body == String(decoding: theme.bytes, as: UTF8.self))
        try site.write("Static/files/report.txt", "the council's report\n")
        try site.write("Templates/assets/style.css", "body { color: navy; }\n")
        var (report, style) = ("", "")
        for _ in 0..<100 where report.isEmpty || !style.contains("navy") {
            try await Task.sleep(for: .milliseconds(100))
            let response = try await http.send("/files/report.txt")
            report = response.status == 200 ? response.body : ""
            style = try await http.send("/assets/style.css").body
        }
        #expect(report == "the council's report\n", "Static/files/report.txt was not published within 10 s")
        #expect(style == "body { color: navy; }\n", "Templates/assets/style.css was not published within 10 s")
    }

    #if os(Linux)
    @Test func linksOutOfTheSiteAreNotWatched() async throws {
        let site = try TestSite(Self.files)
        defer { site.delete() }
        let outside = try TestSite(["notes/page.md": "---\ntitle: Outside\n---\nNot part of the site.\n"], config: nil,
                                   templates: false)
        defer { outside.delete() }
        let notes = outside.root.appendingPathComponent("notes")
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/notes").path,
                                                   withDestinationPath: notes.path)
        let inside = site.root.appendingPathComponent("Templates/partials")
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("Content/inside").path,
                                                   withDestinationPath: "../Templates/partials")
        let server = try await Running(site)
        defer { Task { await server.stop() } }
        let http = RawHTTP(port: server.port)
        #expect(try await http.send("/").status == 200)

        let watched = Self.watchedFolders()
        #expect(!watched.contains(Self.inode(notes.path)), "a folder outside the site is watched through a link")
        #expect(watched.contains(Self.inode(inside.path)), "the site's own folders are watched")
        // Still watching: a save inside the site is seen.
        try site.write("Content/incidents/2024/03/fire.md", incidentFile(title: "Fire in Barking, all clear"))
        #expect(await server.log.eventually { $0.last?.incidents == 1 && $0.count > 1 }, "the edit was not seen")
    }

    /// The folders (by inode) that this process's inotify instances watch, from /proc/self/fdinfo.
    static func watchedFolders() -> Set<String> {
        var watched: Set<String> = []
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in fds {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd),
                  target.contains("inotify"),
                  let info = try? String(contentsOfFile: "/proc/self/fdinfo/" + fd, encoding: .utf8) else { continue }
            for line in info.split(separator: "\n") where line.hasPrefix("inotify ") {
                let fields = Dictionary(line.split(separator: " ").compactMap { field -> (String, String)? in
                    let parts = field.split(separator: ":", maxSplits: 1)
                    return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
                }, uniquingKeysWith: { first, _ in first })
                if let ino = fields["ino"] { watched.insert(ino) }
            }
        }
        return watched
    }

    /// A folder's inode as /proc/self/fdinfo writes it (hexadecimal).
    static func inode(_ path: String) -> String {
        var info = stat()
        return stat(path, &info) == 0 ? String(UInt64(info.st_ino), radix: 16) : "?"
    }
    #endif
}
