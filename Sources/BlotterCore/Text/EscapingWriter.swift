/// Copies text while replacing some ASCII bytes, in runs (most text has nothing to replace).
/// A class: each writer is made once, and its scans' closures then hold one reference
/// instead of a copy of its tables (a retain of shared storage per call, as a struct).
final class EscapingWriter: Sendable {
    /// The replacement of each byte that has one (empty: dropped).
    private let replacements: [[UInt8]]
    /// Bit `b` set when byte `b` (below 64, then 64 to 127) has a replacement.
    private let low: UInt64, high: UInt64
    /// The replaced bytes from 0x20 up, each in all sixteen lanes of a vector (at most six;
    /// unused ones repeat the first), and whether bytes below 0x20 may be replaced: sixteen
    /// bytes at a time are skipped when none of them can be.
    private let special: (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>)
    private let controls: Bool
    /// Whether the vector test applies (no more than six replaced bytes from 0x20 up).
    private let vectorwise: Bool

    /// A writer replacing each ASCII byte for which `replacement` gives a string.
    init(_ replacement: (UInt8) -> String?) {
        let table = (0..<128).map { replacement(UInt8($0)) }
        replacements = table.map { Array(($0 ?? "").utf8) }
        var masks: (UInt64, UInt64) = (0, 0)
        for (byte, value) in table.enumerated() where value != nil {
            if byte < 64 { masks.0 |= 1 << UInt64(byte) } else { masks.1 |= 1 << UInt64(byte - 64) }
        }
        (low, high) = masks
        controls = masks.0 & 0xFFFF_FFFF != 0
        let printable = (0x20..<0x80).filter { table[$0] != nil }.map { SIMD16<UInt8>(repeating: UInt8($0)) }
        vectorwise = printable.count <= 6
        // With none, a byte no text can hold (UTF-8 never has 0xFF).
        let vectors = printable.isEmpty ? [SIMD16<UInt8>](repeating: SIMD16(repeating: 0xFF), count: 6)
                                        : (0..<6).map { $0 < printable.count ? printable[$0] : printable[0] }
        special = (vectors[0], vectors[1], vectors[2], vectors[3], vectors[4], vectors[5])
    }

    /// HTML or XML text: `& < > "` as entities, `'` as `apostrophe`; with `dropControls`,
    /// the control characters XML 1.0 forbids (all but tab and line ends) removed.
    static func markup(apostrophe: String, dropControls: Bool) -> EscapingWriter {
        EscapingWriter { byte in
            switch byte {
            case 38: return "&amp;"
            case 60: return "&lt;"
            case 62: return "&gt;"
            case 34: return "&quot;"
            case 39: return apostrophe
            case 9, 10, 13: return nil
            case 0..<32: return dropControls ? "" : nil
            default: return nil
            }
        }
    }

    /// Appends `text` to `out`, replacing the bytes this writer replaces. Sixteen bytes are
    /// tested at once; in a block with a hit, each candidate byte is found from the bit mask
    /// of the test (a JSON text has a line end or quote every few dozen bytes).
    func append(_ text: String, to out: inout [UInt8]) {
        text.withBytes { bytes in
            var runStart = 0
            @inline(__always) func replace(_ i: Int) {
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                out.append(contentsOf: replacements[Int(bytes[i])])
                runStart = i + 1
            }
            var i = 0
            if vectorwise, let base = bytes.baseAddress {
                let raw = UnsafeRawPointer(base)
                while i + 16 <= bytes.count {
                    var hits = candidates(raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self))
                    while hits != 0 {
                        let j = i + hits.trailingZeroBitCount
                        hits &= hits &- 1
                        if isReplaced(bytes[j]) { replace(j) }
                    }
                    i += 16
                }
            }
            while i < bytes.count {
                if isReplaced(bytes[i]) { replace(i) }
                i += 1
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
    }

    /// Whether `text` holds a byte this writer replaces.
    func replacesAny(of text: String) -> Bool {
        return text.withBytes { firstReplaced($0, from: 0) != nil }
    }

    /// The offset of the first byte at or after `start` that has a replacement.
    @inline(__always)
    private func firstReplaced(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        if vectorwise, let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 16 <= bytes.count {
                if mayReplace(raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)) {
                    for j in i..<i + 16 where isReplaced(bytes[j]) { return j }
                }
                i += 16
            }
        }
        while i < bytes.count {
            if isReplaced(bytes[i]) { return i }
            i += 1
        }
        return nil
    }

    @inline(__always)
    private func isReplaced(_ byte: UInt8) -> Bool {
        let b = UInt64(byte)
        return b < 64 ? (low >> b) & 1 != 0 : b < 128 && (high >> (b - 64)) & 1 != 0
    }

    /// Whether any byte of `vector` may be replaced.
    @inline(__always)
    private func mayReplace(_ vector: SIMD16<UInt8>) -> Bool { hits(vector).bits != 0 }

    /// The lanes of `vector` that may be replaced: equal to a replaced byte, or below 0x20
    /// when such bytes are replaced.
    @inline(__always)
    private func hits(_ vector: SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>> {
        var hit = (vector .== special.0) .| (vector .== special.1) .| (vector .== special.2)
        hit = hit .| (vector .== special.3) .| (vector .== special.4) .| (vector .== special.5)
        if controls { hit = hit .| (vector .< SIMD16(repeating: 0x20)) }
        return hit
    }

    /// The same as bits: bit `k` set when lane `k` may be replaced.
    @inline(__always)
    private func candidates(_ vector: SIMD16<UInt8>) -> UInt64 { hits(vector).bits }
}

extension SIMDMask where Storage == SIMD16<Int8> {
    /// The mask as bits: bit `k` set when lane `k` is. Each lane is 0x00 or 0xFF; their top
    /// bits are gathered eight lanes at a time by one multiplication (what x86's pmovmskb
    /// does in one instruction; `any` and `all` are a call and a loop over the lanes).
    @inline(__always)
    var bits: UInt64 {
        let lanes = unsafeBitCast(_storage, to: (UInt64, UInt64).self)
        let gather: UInt64 = 0x0002_0408_1020_4081
        let low = ((lanes.0 & 0x8080_8080_8080_8080) &* gather) >> 56
        let high = ((lanes.1 & 0x8080_8080_8080_8080) &* gather) >> 56
        return low | high << 8
    }
}
