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

    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        FileHandle.standardError.write(Data((diagnostics.map { visible($0.description) }.joined(separator: "\n") + "\n").utf8))
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
        let warnings = diagnostics.count - errors
        var text = "\(plural(errors, "error")) in \(plural(files, "file"))"
        if warnings > 0 { text += ", \(plural(warnings, "warning"))" }
        return text
    }
}
