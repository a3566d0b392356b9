import Foundation
import PackagePlugin

/// Compiles the repository's `Templates/` (the default theme) into BlotterCore: every file
/// of it becomes bytes in a generated Swift file, so an installed `blotter` needs no
/// `Templates/` folder beside it. The generated file depends on each theme file, so an edit
/// to `Templates/` rebuilds it; the output is the same for the same files (sorted, no dates).
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let theme = context.package.directoryURL.appending(path: "Templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "ThemeFiles.swift")
        return [.buildCommand(
            displayName: "Embedding the default theme (Templates/)",
            executable: try context.tool(named: "ThemeEmbedder").url,
            arguments: [theme.path(percentEncoded: false), output.path(percentEncoded: false)],
            inputFiles: Self.files(under: theme),
            outputFiles: [output])]
    }

    /// Every regular file below `folder` (hidden ones skipped, as the build skips them).
    static func files(under folder: URL) -> [URL] {
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys,
                                                        options: [.skipsHiddenFiles]) else { return [] }
        return walk.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: Set(keys)).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }
}
