internal import Foundation

/// What a timer made by `blotter schedule` runs: `blotter build` of one site with the options
/// it was scheduled with, then `blotter schedule` again, which sets the timer to the next
/// time the site's output changes by itself.
public struct RebuildJob: Sendable, Equatable {
    /// The `blotter` binary, an absolute path.
    public var blotter: String
    /// The site folder, an absolute path.
    public var site: String
    /// Options of `build` besides `--site`: `--output DIR`, `--drafts`, `--future`, `--base-url URL`.
    public var options: [String]

    /// A job for the site folder `site`.
    public init(blotter: String, site: String, options: [String]) {
        self.blotter = blotter
        self.site = site
        self.options = options
    }

    /// The name of the units (`blotter-<site folder's name>`); the crontab lines are marked with
    /// `blotter-schedule:<site>` instead, which is unique.
    public var name: String {
        let folder = Slug.make((site as NSString).lastPathComponent)
        return "blotter-" + (folder.isEmpty ? "site" : String(folder.prefix(60)))
    }

    /// `blotter build --site SITE OPTIONS --quiet`.
    var build: [String] { [blotter, "build", "--site", site] + options + ["--quiet"] }

    /// `blotter schedule --site SITE OPTIONS` followed by `extra`.
    func schedule(_ extra: [String]) -> [String] { [blotter, "schedule", "--site", site] + options + extra }

    /// Why a path cannot go into a unit or a crontab line, if it cannot: a line break would end
    /// the line, and control characters have no place in either.
    public static func problem(_ path: String) -> String? {
        path.unicodeScalars.contains(where: \.isControlCharacter)
            ? "\"\(path.debugDescription.dropFirst().dropLast())\" holds a control character or line break" : nil
    }

    /// `text` on one line, its control characters shown as spaces (for comments).
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.isControlCharacter ? " " : $0 }))
    }
}
