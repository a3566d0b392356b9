import ArgumentParser
import BlotterCore
import Foundation

/// `blotter new`.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create Content/incidents/YYYY/MM/<slug>.md with every field ready to fill in.",
        discussion: "Never overwrites an existing file.")

    @Argument(help: "The headline.")
    var title: String

    @Option(name: .long, help: ArgumentHelp("When it happened (ISO 8601; default now, in the site's timezone).",
                                            valueName: "date"))
    var date: String?

    @Option(name: .long, help: "Where it happened.")
    var location: String?

    @Option(name: .long, help: "The area used to group incidents.")
    var area: String?

    @OptionGroup var site: SiteOptions

    func run() throws {
        let (config, _) = try Pipeline.settings(BuildOptions(siteDirectory: site.siteURL))
        let skeleton = try IncidentSkeleton.make(title: title, dateText: date, now: Date(), location: location,
                                                 area: area, config: config).get()
        let url = site.siteURL.appendingPathComponent(skeleton.path)
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw BlotterError(path: skeleton.path, reason: .alreadyExists)
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try Data(skeleton.text.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            throw BlotterError(path: skeleton.path, reason: .cannotWrite(error.localizedDescription))
        }
        if !site.quiet { print("Created \(skeleton.path)") }
    }
}
