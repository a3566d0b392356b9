import BlotterCore
import Foundation

/// Output to the terminal: diagnostics and errors on stderr, results on stdout.
enum Terminal {
    /// Whether stderr is a terminal (for the progress line).
    static let isInteractive = isatty(2) == 1

    static func error(_ message: String) {
        guard !Interruption.isStopping else { return }  // the signal's own message says it
        FileHandle.standardError.write(Data(("error: " + visible(message) + "\n").utf8))
    }

    /// A line on stdout, written at once (not buffered).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((visible(line) + "\n").utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data(("warning: " + visible(message) + "\n").utf8))
    }

    /// How many warnings of one kind `build`, `serve` and `brief` print before summing up the rest.
    static let warningsPerKind = 20

    /// Prints every diagnostic (`check`), or with `limit`, every error and note and the first
    /// `limit` warnings of each kind, followed by a line for each kind that had more: a flood
    /// of one warning (40,000 slug collisions) does not bury the errors.
    static func printDiagnostics(_ diagnostics: [Diagnostic], limit: Int? = nil) {
        guard !diagnostics.isEmpty else { return }
        var lines: [String] = []
        var shown: [Diagnostic.Kind: Int] = [:]
        var kinds: [Diagnostic.Kind] = []
        for diagnostic in diagnostics {
            if diagnostic.isWarning, let limit {
                let count = shown[diagnostic.kind, default: 0]
                if count == 0 { kinds.append(diagnostic.kind) }
                shown[diagnostic.kind] = count + 1
                if count >= limit { continue }
            }
            lines.append(visible(diagnostic.description))
        }
        for kind in kinds {
            let more = shown[kind, default: 0] - (limit ?? 0)
            guard more > 0 else { continue }
            lines.append("\u{2026} and \(count(more)) more \(kind.rawValue) warning\(more == 1 ? "" : "s"): "
                         + "`blotter check` lists them all")
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// `text` with its control characters written out (`\u{1B}`): a file named with an
    /// escape sequence or a line break cannot recolour the terminal or split a diagnostic
    /// over two lines.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: \.isControlCharacter) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isControlCharacter { out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Rewrites the progress line in place.
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
    }

    static func clearProgress() {
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// `1234` -> `1,234`.
    static func count(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    static func plural(_ n: Int, _ word: String) -> String {
        "\(count(n)) \(word)\(n == 1 ? "" : "s")"
    }

    static func errorSummary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter(\.isError).count
        let files = Set(diagnostics.filter(\.isError).map(\.file)).count
        let warnings = diagnostics.count(where: \.isWarning)
        var text = "\(plural(errors, "error")) in \(plural(files, "file"))"
        if warnings > 0 { text += ", \(plural(warnings, "warning"))" }
        return text + (overrides(diagnostics).map { ", " + $0 } ?? "")
    }

    /// "2 editorial overrides" when the diagnostics list any (as notes).
    static func overrides(_ diagnostics: [Diagnostic]) -> String? {
        let count = diagnostics.count(where: { $0.severity == .note && $0.kind == .guardrail })
        return count == 0 ? nil : plural(count, "editorial override")
    }
}
