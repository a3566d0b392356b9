internal import Foundation

/// How `ChromiumPrinter` prints: with which Chromium, what it may load, in how many parts,
/// and how long it may take to answer.
public struct PrintSettings: Sendable {
    /// Chromium's binary.
    public var chromium: String
    /// What Chromium may load (the print folder is added by the printer).
    public var access: PrintAccess
    /// The parts to print in (`BLOTTER_PRINT_PARTS`), nil for the default; at most `maxParts`.
    public var parts: Int?
    /// How long Chromium may take to answer one DevTools command (`BLOTTER_DEVTOOLS_TIMEOUT`),
    /// printing a part included.
    public var commandSeconds: Double
    /// Told how printing goes (from any thread), for a progress line.
    public var progress: (@Sendable (PrintProgress) -> Void)?

    /// The default `commandSeconds`: a 212-incident briefing of 842 pages prints whole in 25 s
    /// at most on 2 cores, so this leaves room for a briefing several times as long, and a
    /// Chromium that hangs fails the briefing in 3 minutes.
    public static let defaultCommandSeconds = 180.0

    /// The most parts a briefing is printed in, one Chromium each: twice the cores (4 on a
    /// smaller machine), and never more than 16.
    public static var maxParts: Int { min(16, max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)) }

    /// Creates settings.
    public init(chromium: String, access: PrintAccess, parts: Int? = nil,
                commandSeconds: Double = PrintSettings.defaultCommandSeconds) {
        self.chromium = chromium
        self.access = access
        self.parts = parts
        self.commandSeconds = commandSeconds
    }

    /// How many parts a briefing of `incidents` is printed in: `parts` if set (at most
    /// `maxParts` and one per incident), else one per core, up to 4, with at least 25
    /// incidents in each (a shorter briefing prints in a few seconds, and a part costs a
    /// Chromium start).
    func partCount(incidents: Int) -> Int {
        if let parts { return max(1, min(parts, Self.maxParts, incidents)) }
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4, incidents / 25))
    }
}

/// How far `ChromiumPrinter` has got.
public enum PrintProgress: Sendable, Equatable {
    /// Printing the briefing whole, in one Chromium.
    case whole
    /// Printing in parts at once: `printed` of `parts` are done.
    case parts(printed: Int, of: Int)
    /// The parts are printed; the page numbers of `pages` pages are being drawn and the parts joined.
    case margins(pages: Int)
}
