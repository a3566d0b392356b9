import ArgumentParser
import BlotterCore
import Foundation

/// `blotter init`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new site in DIR that builds and serves at once (the theme is built in).",
        discussion: """
            Writes site.yml (every setting explained), an example report that uses every field, an about \
            page, a corrections policy, a .gitignore and a README for the newsroom. DIR must be new or \
            empty (or hold only .git). Run on a terminal without --title, it asks for the settings not \
            given; otherwise it uses the defaults and says which.
            """)

    @Argument(help: ArgumentHelp("The folder to make the site in (new, or empty).", valueName: "dir"))
    var directory: String

    @Option(name: .long, help: ArgumentHelp("The site's name (default: \"\(SiteScaffold.Settings.defaults.title)\").",
                                            valueName: "text"))
    var title: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp(
        "The address it is published at, e.g. https://incidents.example.org/ (default: /).", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("The reports' language tag, e.g. en-GB (default: en).", valueName: "tag"))
    var language: String?

    @Option(name: .long, help: ArgumentHelp(
        "The newsroom's timezone, e.g. Europe/London (default: this computer's, else UTC).", valueName: "name"))
    var timezone: String?

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func run() throws {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        var given = try givenSettings()
        try SiteScaffold.checkFolder(folder)
        let defaults = Self.defaults
        if title == nil, isatty(0) == 1, isatty(1) == 1 {
            try InitPrompts.ask(&given, defaults: defaults)
        } else if !quiet, let note = Self.defaultsNote(given, defaults: defaults, folder: directory) {
            Terminal.say(note)
        }
        let settings = given.settings(defaults: defaults)
        try SiteScaffold.write(SiteScaffold.files(settings, now: Date()), to: folder)
        if !quiet { Self.nextSteps(directory).split(separator: "\n").forEach { Terminal.say(String($0)) } }
    }
}

private extension InitCommand {
    /// The options given, each checked.
    func givenSettings() throws -> InitSettings {
        InitSettings(title: try title.map { try SiteScaffold.title($0).get() },
                     baseURL: try baseURL.map { try SiteScaffold.baseURL($0).get() },
                     language: try language.map { try SiteScaffold.language($0).get() },
                     timeZone: try timezone.map { try SiteScaffold.timeZone($0).get() })
    }

    /// The defaults, with this computer's timezone when it has a name Blotter knows
    /// (`UTC` for any of UTC's other names: GMT, Etc/UTC, ...).
    static var defaults: SiteScaffold.Settings {
        var settings = SiteScaffold.Settings.defaults
        let local = TimeZone.current.identifier
        let utc = ["GMT", "UTC", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu"]
        if !local.isEmpty, !utc.contains(local), TimeZone(identifier: local) != nil { settings.timeZone = local }
        return settings
    }

    /// Which defaults are used, and where to change them; nil when every setting was given.
    static func defaultsNote(_ given: InitSettings, defaults: SiteScaffold.Settings, folder: String) -> String? {
        let used = [
            given.title == nil ? "title \"\(defaults.title)\"" : nil,
            given.baseURL == nil ? "base_url \(defaults.baseURL)" : nil,
            given.language == nil ? "language \(defaults.language)" : nil,
            given.timeZone == nil ? "timezone \(defaults.timeZone)" : nil,
        ].compactMap { $0 }
        guard !used.isEmpty else { return nil }
        return "Using the defaults: " + used.joined(separator: ", ") + ". Change them in "
            + (folder as NSString).appendingPathComponent("site.yml")
            + " (or give --title, --base-url, --language, --timezone)."
    }

    static func nextSteps(_ folder: String) -> String {
        """
        Created a new site in \(folder): site.yml, an example report, an about page, a corrections policy \
        and a README.md that says how to write, preview and publish.
        Next:
          cd \(shellQuoted(folder))
          blotter serve          # preview it at http://127.0.0.1:8000/
          blotter new "Headline" # start a report
          blotter build          # write the site to publish into Public/
        """
    }

    /// `text` as a shell word: quoted when it holds anything but letters, digits and `-_./+,:@%`.
    static func shellQuoted(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_./+,:@%".unicodeScalars.contains($0)) }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
