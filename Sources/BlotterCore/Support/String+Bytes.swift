/// Substring search and replacement on UTF-8 bytes. Foundation's versions go
/// through NSString and were a quarter of a large build's time.
extension String {
    /// Whether `needle` occurs in the string.
    func containsBytes(_ needle: String) -> Bool {
        firstByteOffset(of: needle, from: 0) != nil
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

    /// The byte offset of the first `needle` at or after `start`.
    func firstByteOffset(of needle: String, from start: Int) -> Int? {
        var haystack = self
        var pattern = needle
        return haystack.withUTF8 { h in pattern.withUTF8 { n in ByteSearch.first(n, in: h, from: start) } }
    }
}

/// The plain substring search both string helpers and the template parser use.
enum ByteSearch {
    /// The offset of the first `needle` in `haystack` at or after `start`.
    static func first<H: RandomAccessCollection, N: RandomAccessCollection>(_ needle: N, in haystack: H, from start: Int)
        -> Int? where H.Element == UInt8, N.Element == UInt8, H.Index == Int, N.Index == Int {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        let last = haystack.startIndex + haystack.count - needle.count
        var i = haystack.startIndex + start
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count, haystack[i + k] == needle[needle.startIndex + k] { k += 1 }
                if k == needle.count { return i - haystack.startIndex }
            }
            i += 1
        }
        return nil
    }
}
