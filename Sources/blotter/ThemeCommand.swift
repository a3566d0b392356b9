import ArgumentParser
import BlotterCore
import Foundation

/// `blotter theme`: the default theme compiled into Blotter, and the site's own templates.
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "Show which templates come from the site and which from the built-in theme; copy theme files to change them.",
        discussion: """
            Blotter has a default theme built in. A site needs no Templates/ folder: a file in the site's \
            Templates/ replaces the theme's file of the same name, and every other file comes from the theme \
            (and gets its fixes with each new Blotter).
            """,
        subcommands: [List.self, Copy.self])

    /// `blotter theme list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every template and asset with the file it comes from: the site's or (theme)/.")

        @OptionGroup var site: SiteOptions

        func run() throws {
            let entries = ThemeCopy.list(siteDirectory: site.siteURL)
            let width = entries.map(\.name.count).max() ?? 0
            for entry in entries {
                let note = entry.isSite ? (entry.inTheme ? "  (replaces the theme's)" : "  (the site's own)") : ""
                Terminal.say(entry.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + entry.file + note)
            }
        }
    }

    /// `blotter theme copy`.
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy theme files into the site's Templates/ to change them (never overwrites a file).",
            discussion: """
                With no NAME, copies every file of the theme. A NAME is a template (incident, \
                partials/card), a file (assets/style.css) or a folder (partials). A file the site \
                has already is left as it is.
                """)

        @Argument(help: ArgumentHelp("Theme files to copy (default: all).", valueName: "name"))
        var names: [String] = []

        @OptionGroup var site: SiteOptions

        func run() throws {
            let outcomes = try ThemeCopy.copy(ThemeCopy.select(names), into: site.siteURL)
            for outcome in outcomes {
                switch outcome {
                case .wrote(let path): if !site.quiet { Terminal.say("Wrote \(path)") }
                case .kept(let path): Terminal.warning("\(path) exists: left as it is")
                }
            }
        }
    }
}
