internal import Foundation

/// Substring search and replacement on UTF-8 bytes. Foundation's versions go
/// through NSString and were a quarter of a large build's time.
extension UInt8 {
    /// `A-Z`, `a-z` or `0-9`.
    var isASCIIAlphanumeric: Bool {
        (self | 0x20 >= 97 && self | 0x20 <= 122) || (self >= 48 && self <= 57)
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 in place. Unlike `withUTF8`, which is mutating,
    /// this needs no copy of the string, so no retain and release of its storage: a big build
    /// reads millions of strings that both threads share, and each count change is an atomic
    /// write to memory the other core reads too.
    @inline(__always)
    package func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }

    /// Whether `needle` occurs in the string.
    func containsBytes(_ needle: String) -> Bool {
        firstByteOffset(of: needle, from: 0) != nil
    }

    /// Whether the byte occurs in the string's UTF-8 (memchr, not a generic loop).
    func containsByte(_ byte: UInt8) -> Bool {
        withBytes { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// Every occurrence of `target` replaced by `replacement`.
    func replacingBytes(_ target: String, with replacement: String) -> String {
        guard var offset = firstByteOffset(of: target, from: 0) else { return self }
        let bytes = Array(utf8)
        let targetCount = target.utf8.count
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var copied = 0
        while true {
            out.append(contentsOf: bytes[copied..<offset])
            out.append(contentsOf: replacement.utf8)
            copied = offset + targetCount
            guard let next = firstByteOffset(of: target, from: copied) else { break }
            offset = next
        }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// FNV-1a of the UTF-8 bytes: the same on every run and machine, and cheap for short names.
    var fnv1a: UInt32 {
        withBytes { bytes in
            var hash: UInt32 = 2_166_136_261
            for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            return hash
        }
    }

    /// The byte offset of the first `needle` at or after `start`.
    func firstByteOffset(of needle: String, from start: Int) -> Int? {
        withBytes { h in needle.withBytes { n in ByteSearch.first(n, in: h, from: start) } }
    }

    /// `text` put before the first (or, with `last`, the last) `tag`; nil when there is none.
    package func inserting(_ text: String, beforeTag tag: String, last: Bool = false) -> String? {
        guard let offset = withBytes({ ByteSearch.tag(tag, in: $0, last: last) }) else { return nil }
        let at = utf8.index(utf8.startIndex, offsetBy: offset)
        return String(self[..<at]) + text + String(self[at...])
    }
}

/// The plain substring search both string helpers and the template parser use:
/// memchr finds each candidate first byte, memcmp checks the rest.
package enum ByteSearch {
    /// The offset of the first `needle` in `haystack` at or after `start`.
    static func first(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int)
        -> Int? {
        guard let n = needle.baseAddress, let h = haystack.baseAddress, !needle.isEmpty,
              start >= 0, needle.count <= haystack.count - start else { return nil }
        let first = Int32(needle[0])
        let last = haystack.count - needle.count
        var i = start
        while i <= last {
            guard let hit = memchr(h + i, first, last - i + 1) else { return nil }
            let offset = h.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(h + offset, n, needle.count) == 0 { return offset }
            i = offset + 1
        }
        return nil
    }

    /// The same for byte arrays.
    static func first(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        needle.withUnsafeBufferPointer { n in haystack.withUnsafeBufferPointer { h in first(n, in: h, from: start) } }
    }

    /// The offset of the first (or, with `last`, the last) `tag` in `bytes`, such as `</head>`
    /// or `</BODY>`: ASCII letters in any case, HTML's own rule for tag names.
    package static func tag(_ tag: String, in bytes: UnsafeBufferPointer<UInt8>, last: Bool) -> Int? {
        let lower = { (byte: UInt8) in byte >= 65 && byte <= 90 ? byte + 32 : byte }
        let needle = tag.utf8.map(lower)
        guard !needle.isEmpty, needle.count <= bytes.count else { return nil }
        let starts = 0...(bytes.count - needle.count)
        let matches = { (start: Int) in needle.indices.allSatisfy { lower(bytes[start + $0]) == needle[$0] } }
        return last ? starts.reversed().first(where: matches) : starts.first(where: matches)
    }
}

extension Array where Element == UInt8 {
    /// `text` put before the first (or, with `last`, the last) `tag` (`ByteSearch.tag`); nil
    /// when there is none.
    package func inserting(_ text: String, beforeTag tag: String, last: Bool = false) -> [UInt8]? {
        guard let at = withUnsafeBufferPointer({ ByteSearch.tag(tag, in: $0, last: last) }) else { return nil }
        return Array(self[..<at]) + Array(text.utf8) + Array(self[at...])
    }
}

/// Output made as UTF-8 bytes: appending to a byte array is a copy, while a String
/// also tracks its character count and whether it is ASCII on every append.
extension Array where Element == UInt8 {
    /// Appends the UTF-8 of `text`.
    @inline(__always)
    mutating func write(_ text: String) {
        text.withBytes { append(contentsOf: $0) }
    }
}
