/// SHA-256 (FIPS 180-4), for the names of fingerprinted assets and their Subresource
/// Integrity values: the same bytes give the same digest on every machine and in every
/// run, which Swift's `Hasher` (seeded per process) does not. Linux has no CryptoKit;
/// the assets hashed are a few stylesheets and scripts, so a plain implementation does.
/// Checked against the FIPS 180-2 example messages (SHA256Tests).
struct SHA256 {
    /// The 32-byte digest of `bytes`.
    static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        // Allocated once at their size: the published record hashes 100,000 short messages a build.
        let count = bytes.count
        var message: [UInt8] = []
        message.reserveCapacity((count + 8) / 64 * 64 + 64)
        message += bytes
        let bits = UInt64(count) &* 8
        // Padding: a 1 bit, zeros to 56 bytes mod 64, then the length in bits (big-endian).
        message.append(0x80)
        message += repeatElement(0, count: (64 + 56 - message.count % 64) % 64)
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        var state = initial
        var w = [UInt32](repeating: 0, count: 64)
        for start in stride(from: 0, to: message.count, by: 64) {
            compress(&state, message[start..<start + 64], schedule: &w)
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in state {
            for shift in stride(from: 24, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        return digest
    }

    /// `bytes` (a digest or part of one) in lowercase hexadecimal, two digits a byte.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes { text += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: text, as: UTF8.self)
    }
}

extension SHA256 {
    /// SHA-256 of a message given in pieces (the open-data files, hashed as they are made
    /// without being held whole). Gives what `digest` gives for the pieces joined.
    struct Stream {
        private var state = SHA256.initial
        private var pending: [UInt8] = []
        private var length: UInt64 = 0
        private var w = [UInt32](repeating: 0, count: 64)

        init() {}

        /// Adds `bytes` to the message.
        mutating func update(_ bytes: [UInt8]) {
            length &+= UInt64(bytes.count)
            var start = 0
            if !pending.isEmpty {
                let taken = min(64 - pending.count, bytes.count)
                pending += bytes[0..<taken]
                start = taken
                guard pending.count == 64 else { return }
                SHA256.compress(&state, pending[...], schedule: &w)
                pending.removeAll(keepingCapacity: true)
            }
            while start + 64 <= bytes.count {
                SHA256.compress(&state, bytes[start..<start + 64], schedule: &w)
                start += 64
            }
            pending += bytes[start...]
        }

        /// The 32-byte digest of everything added.
        mutating func finish() -> [UInt8] {
            var tail = pending
            tail.append(0x80)
            tail += repeatElement(0, count: (64 + 56 - tail.count % 64) % 64)
            let bits = length &* 8
            for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
            for start in stride(from: 0, to: tail.count, by: 64) {
                SHA256.compress(&state, tail[start..<start + 64], schedule: &w)
            }
            var digest: [UInt8] = []
            for word in state {
                for shift in stride(from: 24, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
            }
            return digest
        }
    }
}

private extension SHA256 {
    static let initial: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// Folds one 64-byte block into `state`; `w` is the message schedule's storage.
    static func compress(_ state: inout [UInt32], _ block: ArraySlice<UInt8>, schedule w: inout [UInt32]) {
        let base = block.startIndex
        for t in 0..<16 {
            let i = base + 4 * t
            w[t] = UInt32(block[i]) << 24 | UInt32(block[i + 1]) << 16 | UInt32(block[i + 2]) << 8 | UInt32(block[i + 3])
        }
        for t in 16..<64 {
            let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
            let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        let k = Self.k
        for t in 0..<64 {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        // Added one by one: an array literal here was an allocation per block.
        state[0] &+= a
        state[1] &+= b
        state[2] &+= c
        state[3] &+= d
        state[4] &+= e
        state[5] &+= f
        state[6] &+= g
        state[7] &+= h
    }
}
