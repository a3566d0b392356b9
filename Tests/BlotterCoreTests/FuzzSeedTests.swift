import BlotterCore
import Foundation
import Testing

/// The fuzzer's seeds and seeded mutations of them, through the same differential check as
/// the fuzz target (`scripts/fuzz.sh`): the fast readers agree with Yams and cmark-gfm.
@Suite struct FuzzSeedTests {
    static let seeds = TestSite.repositoryRoot.appendingPathComponent("Tests/Fuzz/Seeds")

    static func seedFiles() throws -> [[UInt8]] {
        try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted().map { name in
            Array(try Data(contentsOf: seeds.appendingPathComponent(name)))
        }
    }

    @Test func seedsAgree() throws {
        let files = try Self.seedFiles()
        #expect(files.count >= 50)
        for file in files {
            #expect(throws: Never.self) { try DifferentialCheck.check(file) }
        }
    }

    /// Byte flips, cut and repeated runs, and Markdown and YAML punctuation dropped in.
    @Test func mutationsAgree() throws {
        let punctuation = Array("*_`[]()!<>#-+|:&'\"\\\n\t {}~^=".utf8)
        var generator = SystemRandomNumberGenerator.Seeded(seed: 18)
        var checked = 0
        for seed in try Self.seedFiles() where !seed.isEmpty {
            for _ in 0..<40 {
                var bytes = seed
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    let at = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: bytes[at] = punctuation.randomElement(using: &generator)!
                    case 1: bytes.insert(punctuation.randomElement(using: &generator)!, at: at)
                    case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...40, using: &generator)))
                    default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 30)], at: at)
                    }
                    if bytes.isEmpty { bytes = [10] }
                }
                #expect(throws: Never.self) { try DifferentialCheck.check(bytes) }
                checked += 1
            }
        }
        #expect(checked > 2_000)
    }
}
