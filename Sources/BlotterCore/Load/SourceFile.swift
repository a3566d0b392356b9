internal import Foundation

/// The text of one input file, normalised: no byte-order mark, `\n` line ends, and no
/// control characters but tabs.
public struct SourceFile: Sendable {
    /// The path relative to the site folder, with `/` separators.
    public var path: String
    /// The text.
    public var text: String
    /// Warnings about the text itself (control characters), given with the file's others.
    public var notes: [Diagnostic] = []

    /// Creates a source file from raw text, removing a UTF-8 BOM and CR line ends. Control
    /// characters (a NUL, a form feed, ...) cannot be shown on a page and make its HTML
    /// invalid: each becomes a space, and a warning names the first.
    public init(path: String, text: String) {
        self.path = path
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.containsByte(13) {
            text = text.replacingBytes("\r\n", with: "\n").replacingBytes("\r", with: "\n")
        }
        if let replaced = text.replacingControls() {
            let more = replaced.count > 1 ? " (and \(replaced.count - 1) more in this file)" : ""
            notes.append(Diagnostic(.warning, file: path, line: replaced.first.line, column: replaced.first.column,
                                    field: "", message: "control character U+\(replaced.first.scalar.hexCode) shown as a space\(more)",
                                    kind: .controlCharacter))
            text = replaced.text
        }
        self.text = text
    }
}

extension String {
    /// Whether the text may hold a control character other than a tab or line feed: a
    /// byte below 0x20 (but 9 and 10), DEL, or 0xC2 (which starts U+0080 to U+00BF).
    /// Sixteen bytes are tested at once: every file is looked at.
    var mayHoldControls: Bool { withBytes(Self.mayHoldControls) }

    /// The same for bytes. The compared vectors are made once, before the loop: made from
    /// literals inside it, they were built lane by lane for every block, and this scan took
    /// a third of a 10,000-incident build.
    private static func mayHoldControls(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let space = SIMD16<UInt8>(repeating: 0x20), tab = SIMD16<UInt8>(repeating: 9)
            let lineFeed = SIMD16<UInt8>(repeating: 10), delete = SIMD16<UInt8>(repeating: 0x7F)
            let c1 = SIMD16<UInt8>(repeating: 0xC2)
            while i + 16 <= bytes.count {
                let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                // Tabs and line feeds are among the bytes below 0x20: XOR leaves the others.
                let controls = (v .< space) .^ ((v .== tab) .| (v .== lineFeed))
                if (controls .| (v .== delete) .| (v .== c1)).bits != 0 { return true }
                i += 16
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if (b < 0x20 && b != 9 && b != 10) || b == 0x7F || b == 0xC2 { return true }
            i += 1
        }
        return false
    }
}

/// A file published as it is: one of the site's `Static/` (at the same path below the
/// output) or `Templates/assets/` (below `assets/`), or an asset of the theme.
public struct AssetFile: Sendable {
    /// Where its bytes come from.
    public enum Source: Sendable {
        /// A file on disk (an absolute path).
        case file(String)
        /// A file of the theme compiled into Blotter.
        case theme([UInt8])
    }

    public var source: Source
    /// The path relative to the site folder (`Static/logo.png`), or the theme file's label
    /// (`(theme)/assets/style.css`): for messages and the preview's watcher.
    public var relativePath: String
    /// Path in the output, relative to its root (`assets/style.css`).
    public var outputPath: String

    public init(sourcePath: String, relativePath: String, outputPath: String) {
        source = .file(sourcePath)
        self.relativePath = relativePath
        self.outputPath = outputPath
    }

    init(theme file: Theme.File) {
        source = .theme(file.bytes)
        relativePath = file.label
        outputPath = file.path
    }

    /// Whether it is the theme's.
    var isTheme: Bool {
        if case .theme = source { return true }
        return false
    }

    /// Its bytes.
    func bytes() throws(BlotterError) -> [UInt8] {
        switch source {
        case .theme(let bytes): return bytes
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw BlotterError(path: relativePath, reason: .cannotRead("unreadable"))
            }
            return [UInt8](data)
        }
    }
}
