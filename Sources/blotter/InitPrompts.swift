import ArgumentParser
import BlotterCore
import Foundation

/// The settings `blotter init` was given (nil: not given), each already checked.
struct InitSettings {
    var title: String?
    var baseURL: String?
    var language: String?
    var timeZone: String?

    /// These settings, with `defaults` for the ones not given.
    func settings(defaults: SiteScaffold.Settings) -> SiteScaffold.Settings {
        SiteScaffold.Settings(title: title ?? defaults.title, baseURL: baseURL ?? defaults.baseURL,
                              language: language ?? defaults.language, timeZone: timeZone ?? defaults.timeZone)
    }
}

/// The questions `blotter init` asks on a terminal, for the settings its options left out.
enum InitPrompts {
    /// Asks for each setting `given` lacks, with its default in brackets (an empty answer
    /// takes it); an answer that cannot be used is explained and asked again. End of input
    /// (Ctrl-D) stops `init` before anything is written.
    static func ask(_ given: inout InitSettings, defaults: SiteScaffold.Settings) throws {
        Terminal.say("A new Blotter site. Press Enter to take the answer in brackets; change any of them later in site.yml.")
        if given.title == nil {
            given.title = try ask("Site title", defaults.title, check: SiteScaffold.title)
        }
        if given.baseURL == nil {
            given.baseURL = try ask("Address it will be published at, e.g. https://incidents.example.org/",
                                    defaults.baseURL, check: SiteScaffold.baseURL)
        }
        if given.language == nil {
            given.language = try ask("Language of the reports, e.g. en-GB", defaults.language, check: SiteScaffold.language)
        }
        if given.timeZone == nil {
            given.timeZone = try ask("Timezone of the newsroom, e.g. Europe/London", defaults.timeZone,
                                     check: SiteScaffold.timeZone)
        }
    }

    private static func ask(_ question: String, _ fallback: String,
                            check: (String) -> Result<String, BlotterError>) throws -> String {
        while true {
            FileHandle.standardOutput.write(Data("\(question) [\(fallback)]: ".utf8))
            guard let line = readLine() else {
                Terminal.say("")
                Terminal.error("init: no answer; nothing was written")
                throw ExitCode(2)
            }
            let answer = line.trimmingCharacters(in: .whitespaces)
            switch check(answer.isEmpty ? fallback : answer) {
            case .success(let value): return value
            case .failure(let error): Terminal.say("  " + Self.reason(error) + "; try again.")
            }
        }
    }

    /// The message of a refused answer without the option's name (`--timezone: `).
    private static func reason(_ error: BlotterError) -> String {
        if case .invalidOption(let why) = error.reason { return why }
        return error.description
    }
}
