@testable import BlotterCore
import Foundation
import Testing

/// The SHA-256 that names fingerprinted assets: the FIPS 180-2 example messages, and every
/// length around the padding's edges against coreutils' `sha256sum`.
@Suite struct SHA256Tests {
    static func hex(_ text: String) -> String { SHA256.hex(SHA256.digest(Array(text.utf8))) }

    @Test func fipsExampleMessages() {
        #expect(Self.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Self.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
            == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hex(SHA256.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The digest of a message given in pieces (the open-data files, hashed a chunk at a
    /// time) is the digest of the whole, however it is cut: pieces of every size from empty
    /// to longer than a block, at every offset around the block edges.
    @Test func aMessageInPiecesHasTheDigestOfTheWhole() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let whole = SHA256.digest(message)
        for size in [0, 1, 3, 55, 56, 63, 64, 65, 127, 128, 200, 1000] {
            for first in [0, 1, 55, 64, 100] where first <= message.count {
                var stream = SHA256.Stream()
                stream.update(Array(message[0..<first]))
                var start = first
                while start < message.count {
                    let end = size == 0 ? message.count : min(message.count, start + size)
                    stream.update(Array(message[start..<end]))
                    stream.update([])
                    start = end
                }
                #expect(stream.finish() == whole, "pieces of \(size) after \(first)")
            }
        }
        var empty = SHA256.Stream()
        #expect(SHA256.hex(empty.finish()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Lengths 0 to 200 (one, two and three blocks, and the lengths where the padding needs
    /// a block of its own), each a different run of bytes, compared with `sha256sum`.
    @Test func everyLengthAroundTheBlockEdgesMatchesSha256sum() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blotter-sha-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var expected: [String] = []
        for length in 0...200 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) }
            try Data(bytes).write(to: folder.appendingPathComponent("\(length)"))
            expected.append("\(SHA256.hex(SHA256.digest(bytes)))  \(length)")
        }
        let output = try DeploymentOutputTests.run("/usr/bin/sha256sum", (0...200).map(String.init), in: folder)
        #expect(String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init) == expected)
    }
}
