internal import Foundation
internal import Synchronization

/// The `.gz` and `.br` copies of one build's text files, made by the thread that writes
/// each file, right after it (`Precompression` makes them).
final class Compressor: Sendable {
    let staging: StagingFolder
    /// Where each text file's copies go: every text file's, whatever its size, which is
    /// known only once it is rendered (the staging folder keeps these paths and deletes
    /// others; a file too small for copies deletes its own).
    let copyPaths: [String]
    /// Text files whose copy would replace another file of the site (a `Static/x.js.gz`): not compressed.
    private let left: Set<String>
    private let nanoseconds = Atomic<Int>(0)
    private let made = Atomic<Int>(0)

    /// For a build of the files at `paths` into `staging`.
    init(paths: [String], staging: StagingFolder) {
        self.staging = staging
        let taken = Set(paths)
        var copyPaths: [String] = []
        var left: Set<String> = []
        for path in paths where Precompression.isText(path) {
            let copies = Precompression.copies(of: path)
            if copies.contains(where: taken.contains) { left.insert(path) } else { copyPaths += copies }
        }
        self.copyPaths = copyPaths
        self.left = left
    }

    /// Makes the copies of `file`, which is written already.
    func compress(_ file: OutputFile) throws(BlotterError) {
        guard Precompression.isText(file.path), !left.contains(file.path) else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        let folder = staging.staging.path
        let compressed: Result<Bool, BlotterError>
        switch file.body {
        case .whole(let bytes):
            compressed = bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(BlotterError) in
                    try Precompression.write(copiesOf: file.path, bytes: buffer, in: folder, reused: staging.reused)
                }
            }
        case .chunks:
            compressed = Result { () throws(BlotterError) in
                try Precompression.write(copiesOf: file.path, in: folder, reused: staging.reused)
            }
        }
        if try compressed.get() { made.add(1, ordering: .relaxed) }
        nanoseconds.add(Int(DispatchTime.now().uptimeNanoseconds - start), ordering: .relaxed)
    }

    /// Makes the copies of the text files below `relative` (Pagefind's folder, new in every build).
    func compressFolder(_ relative: String) throws(BlotterError) {
        var files: [String] = [], folders: [String] = [], others: [String] = []
        let base = staging.staging.path + "/"
        StagingFolder.collect(base + relative, files: &files, folders: &folders, others: &others)
        for path in files.sorted() where Precompression.isText(path) {
            try Precompression.write(copiesOf: String(path.dropFirst(base.count)), in: staging.staging.path, reused: false)
        }
    }

    /// Prints the time spent compressing and how many files were compressed (with `BLOTTER_TIMING`).
    func report() {
        StageClock.report("precompression (CPU, \(made.load(ordering: .relaxed)) files compressed)",
                          seconds: Double(nanoseconds.load(ordering: .relaxed)) / 1e9)
    }
}
