import Foundation

// ThemeEmbedder THEME-FOLDER OUTPUT.swift: writes the files of the theme folder as a Swift
// source file (see Plugins/EmbedTheme). Each file is base64 text: a literal the compiler reads
// fast, whatever the file holds. Files are sorted by path; hidden files are left out.

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: ThemeEmbedder THEME-FOLDER OUTPUT.swift\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[1], isDirectory: true).standardizedFileURL
var paths: [String] = []
if let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                             options: [.skipsHiddenFiles]) {
    for case let url as URL in walk where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        paths.append(String(url.standardizedFileURL.path.dropFirst(folder.path.count + 1)))
    }
}
var source = """
    // Generated from Templates/ by the EmbedTheme build plugin at each build: do not edit.

    extension Theme {
        /// The theme's files, by path below Templates/, as base64.
        static let encoded: [(path: String, base64: String)] = [

    """
for path in paths.sorted() {
    guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) else {
        FileHandle.standardError.write(Data("ThemeEmbedder: cannot read Templates/\(path)\n".utf8))
        exit(1)
    }
    let escaped = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    source += "        (\"\(escaped)\", \"\(data.base64EncodedString())\"),\n"
}
source += "    ]\n}\n"
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: arguments[2]), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("ThemeEmbedder: cannot write \(arguments[2]): \(error)\n".utf8))
    exit(1)
}
