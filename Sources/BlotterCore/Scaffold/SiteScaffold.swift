public import Foundation

/// The files `blotter init` writes: a new site that builds and serves at once, with the
/// built-in theme. Pure: the settings and the current time in, `(path, text)` files out.
public enum SiteScaffold {
    /// What the new site is called and where it is, each checked as `site.yml` checks it.
    public struct Settings: Sendable, Equatable {
        public var title: String
        public var baseURL: String
        public var language: String
        public var timeZone: String

        /// What `blotter init` uses for a setting it is not given.
        public static let defaults = Settings(title: "Incident Desk", baseURL: "/", language: "en", timeZone: "UTC")

        public init(title: String, baseURL: String, language: String, timeZone: String) {
            (self.title, self.baseURL, self.language, self.timeZone) = (title, baseURL, language, timeZone)
        }
    }

    /// One file of the new site: its path relative to the site folder, and its text.
    public struct File: Sendable, Equatable {
        public var path: String
        public var text: String
    }

    /// The title as `site.yml` will hold it (trimmed), or the reason it cannot be used,
    /// naming the option (`--title`) so the command line can say it.
    public static func title(_ text: String) -> Result<String, BlotterError> {
        let title = text.trimmingCharacters(in: .whitespaces)
        if title.isEmpty { return .failure(refusal("--title", "the site needs a title")) }
        if title.unicodeScalars.contains(where: \.isControlCharacter) {
            return .failure(refusal("--title", "the title must be one line without control characters"))
        }
        return .success(title)
    }

    /// `text` with a final `/`, or why it cannot be a `base_url` (see `BaseURL`).
    public static func baseURL(_ text: String) -> Result<String, BlotterError> {
        BaseURL.normalised(text).mapError { refusal("--base-url", $0.message) }
    }

    /// `text` if it is a language tag `site.yml` accepts (`en`, `en-GB`).
    public static func language(_ text: String) -> Result<String, BlotterError> {
        SiteConfigParser.isLanguageTag(text) ? .success(text)
            : .failure(refusal("--language", "expected a language tag like en-GB or fr (24 characters at most), found \(quoted(text))"))
    }

    /// `text` if it names a timezone (`Europe/London`).
    public static func timeZone(_ text: String) -> Result<String, BlotterError> {
        TimeZone(identifier: text) != nil ? .success(text)
            : .failure(refusal("--timezone", "unknown timezone \(quoted(text)); use a name like Europe/London or America/Chicago"))
    }

    /// Every file of a new site for `settings` (already checked), sorted by path. The example
    /// incident happened two days before `now`, in the site's timezone, and was updated
    /// the day after: published, never in the future, whenever the site is built.
    public static func files(_ settings: Settings, now: Date) -> [File] {
        let zone = TimeZone(identifier: settings.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let example = ExampleIncident(now: now, zone: zone)
        return [
            File(path: ".gitignore", text: gitignore),
            File(path: "Content/incidents/\(example.folder)/\(ExampleIncident.slug).md", text: example.text),
            File(path: "Content/pages/about.md", text: aboutPage(settings, updated: example.today)),
            File(path: "Content/pages/corrections-policy.md", text: correctionsPage(settings, updated: example.today)),
            File(path: "README.md", text: readme(settings, example: example)),
            File(path: "Static/assets/images/\(ExampleIncident.imageName)", text: ExampleIncident.image),
            File(path: "site.yml", text: siteYAML(settings)),
        ]
    }
}

extension SiteScaffold {
    static func refusal(_ option: String, _ message: String) -> BlotterError {
        BlotterError(path: option, reason: .invalidOption(message))
    }

    /// `text` safe in running Markdown: the characters that could start emphasis, a link,
    /// code, a table cell or raw HTML are backslash-escaped.
    static func markdownText(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>|~".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
