internal import Foundation

/// A 64-bit hash that is the same in every run of Blotter: what the pipeline's memory
/// records (a file's text, an output file's fingerprint) must compare equal in the next
/// build, and Swift's `Hasher` is seeded anew in each process. It detects changes; it is
/// not for defending against collisions made on purpose (nobody gains from one here).
///
/// Eight bytes at a time, each word mixed in with a multiply and a rotation (as xxHash's
/// rounds), and the result avalanched at the end (MurmurHash3's finaliser).
struct StableHasher {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var length: UInt64 = 0

    init() {}

    mutating func combine(word: UInt64) {
        state = ((state ^ (word &* 0xC2B2_AE3D_27D4_EB4F)) << 31 | (state ^ (word &* 0xC2B2_AE3D_27D4_EB4F)) >> 33)
            &* 0x9E37_79B1_85EB_CA87
        length &+= 8
    }

    mutating func combine(_ value: Int) { combine(word: UInt64(bitPattern: Int64(value))) }
    mutating func combine(_ value: UInt64) { combine(word: value) }
    mutating func combine(_ value: Bool) { combine(word: value ? 1 : 2) }
    mutating func combine(_ value: Double) { combine(word: value.bitPattern) }
    mutating func combine(_ value: Date) { combine(value.timeIntervalSince1970) }
    mutating func combine(_ value: Date?) {
        if let value { combine(value) } else { combine(word: 3) }
    }
    mutating func combine(_ value: String?) {
        if let value { combine(value) } else { combine(word: 4) }
    }

    /// The text's UTF-8 bytes and their count (so that "ab", "c" and "a", "bc" differ).
    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    mutating func combine(bytes: UnsafeRawBufferPointer) {
        var i = 0
        while i + 8 <= bytes.count {
            combine(word: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        combine(word: tail ^ (UInt64(bytes.count) << 56))
    }

    /// The hash; never 0 (0 stands for "nothing recorded").
    func finalize() -> UInt64 {
        var h = state ^ length
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h == 0 ? 1 : h
    }

    /// The hash of one text.
    static func hash(_ text: String) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(text)
        return hasher.finalize()
    }

    /// The hash of some bytes.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var hasher = StableHasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }
}

extension TemplateValue {
    /// Everything a template can read of this value, hashed the same in every run.
    func stableHash(into hasher: inout StableHasher) {
        switch self {
        case .text(let text):
            hasher.combine(word: 11)
            hasher.combine(text)
        case .bool(let flag):
            hasher.combine(word: 12)
            hasher.combine(flag)
        case .int(let number):
            hasher.combine(word: 13)
            hasher.combine(number)
        case .list(let items):
            hasher.combine(word: 14)
            hasher.combine(items.count)
            for item in items { item.stableHash(into: &hasher) }
        case .map(let fields):
            hasher.combine(word: 15)
            fields.stableHash(into: &hasher)
        case .date(let date):
            hasher.combine(word: 16)
            date.stableHash(into: &hasher)
        case .fields(let source):
            hasher.combine(word: 17)
            hasher.combine(source.identity)
            hasher.combine(source.revision)
            source.given.stableHash(into: &hasher)
        }
    }
}
