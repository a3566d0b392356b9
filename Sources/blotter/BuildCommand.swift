import ArgumentParser
import BlotterCore
import Foundation

/// `blotter build`.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site into Public/ (replaced whole, only when there are no errors).",
        discussion: """
            Every problem in every file is listed as PATH:LINE:COL: error: FIELD: message.

            A build remembers what it wrote (in .Public.memory, beside Public/): the next one \
            writes only the files that changed, over the previous build it keeps beside Public/ \
            (.Public.previous), and swaps it in. A build with nothing changed does nothing.

            A build holds the site to published.lock, the record of what it has published: a \
            published fact changed without an update or correction dated after it, or a \
            published report deleted, is an error (docs/editorial.md). With --lock, a build \
            that succeeds writes the record anew; the newsroom's CI runs `blotter build --lock` \
            and commits published.lock with the content.

            Every JPEG and PNG is published upright and without its metadata (GPS position, \
            camera serial, owner), in the widths of site.yml's images: and in WebP; the files \
            made are kept in .blotter-cache/photos/ in the site folder, so each is made once.

            When reports give lat and lon, the site gets maps (/map/, one on each area's page, \
            a plan on each report): the build copies Leaflet and Leaflet.markercluster into \
            assets/leaflet/ from Debian's libjs-leaflet and libjs-leaflet.markercluster, which \
            must then be installed. `map: false` in site.yml turns the maps off.
            """)

    @OptionGroup var site: SiteOptions
    @OptionGroup var publish: PublishOptions

    @Flag(name: .long, help: "Make and compare every file, ignoring what the last build remembered.")
    var full = false

    @Flag(name: .long, help: "After a successful build, write published.lock: the record of what the site has published.")
    var lock = false

    func validate() throws {
        if lock, publish.drafts || publish.future {
            throw ValidationError("--lock records what the site publishes: not with --drafts or --future")
        }
    }

    func run() throws {
        var options = try publish.buildOptions(site: site)
        options.freesModel = false // the process ends right after
        options.full = full
        options.writesLock = lock
        Interruption.stopCleanly(saying: "\(options.outputDirectory.path) was not changed")
        let start = Date()
        let showProgress = Terminal.isInteractive && !site.quiet
        let result = try Pipeline.build(options) { done, total in
            if showProgress { Terminal.progress("Rendering \(Terminal.count(done))/\(Terminal.count(total)) pages") }
        }
        if showProgress { Terminal.clearProgress() }
        Terminal.printDiagnostics(result.diagnostics, limit: Terminal.warningsPerKind)
        if result.failed {
            Terminal.error("build failed: \(Terminal.errorSummary(result.diagnostics)); \(options.outputDirectory.path) was not changed")
            throw ExitCode.failure
        }
        if !site.quiet {
            let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
            if let note = result.note { print(note) }
            let wrote = result.note == nil ? ", \(Terminal.plural(result.written, "file")) written"
                + (result.removed > 0 ? ", \(Terminal.count(result.removed)) removed" : "") : ""
            print("Built \(Terminal.plural(result.pages, "page")) from \(Terminal.plural(result.incidents, "incident"))\(wrote) in \(seconds) s"
                  + (Terminal.overrides(result.diagnostics).map { "; \($0), listed above" } ?? ""))
            if result.photoFilesEncoded + result.photoFilesFromCache > 0 {
                print("Photos: \(Terminal.plural(result.photos, "photo")), \(Terminal.plural(result.photoFilesEncoded, "file")) "
                      + "processed, \(Terminal.count(result.photoFilesFromCache)) from the cache (\(PhotoCache.place))")
            }
            if let next = result.schedule.buildSummary { print(Terminal.visible(next)) }
        }
    }
}
