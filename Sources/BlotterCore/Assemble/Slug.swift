internal import Foundation

/// URL names made from titles and taxonomy values.
public enum Slug {
    /// The longest slug made from a title.
    static let maxLength = 80

    /// `text` transliterated to lowercase ASCII words joined by `-`
    /// (`Café fire in Łódź` -> `cafe-fire-in-lodz`); empty if nothing is left.
    public static func make(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 128 }) { return asciiSlug(text) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for scalar in text.decomposedStringWithCanonicalMappingScalars() {
            let ascii: String
            if scalar.isASCII {
                let c = Character(scalar)
                ascii = c.isLetter || c.isNumber ? String(c).lowercased() : ""
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else if let mapped = transliteration[scalar] {
                ascii = mapped
            } else {
                ascii = ""
            }
            if ascii.isEmpty {
                pendingDash = !out.isEmpty
                continue
            }
            if pendingDash { out += "-" }
            pendingDash = false
            out += ascii
        }
        return truncated(out)
    }

    /// Whether `slug` is allowed as written in the `slug` field (at most 200 characters:
    /// it becomes a folder name).
    public static func isValid(_ slug: String) -> Bool {
        !slug.isEmpty && slug.utf8.count <= 200 && !slug.hasPrefix("-") && !slug.hasSuffix("-") && slug.utf8.allSatisfy {
            ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45
        }
    }
}

private extension Slug {
    /// The common case, on bytes.
    static func asciiSlug(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for byte in text.utf8 {
            let lowered: UInt8
            switch byte {
            case 97...122, 48...57: lowered = byte
            case 65...90: lowered = byte + 32
            default:
                pendingDash = !out.isEmpty
                continue
            }
            if pendingDash { out.append(45) }
            pendingDash = false
            out.append(lowered)
        }
        return truncated(String(decoding: out, as: UTF8.self))
    }

    static func truncated(_ slug: String) -> String {
        guard slug.count > maxLength else { return slug }
        let cut = slug.prefix(maxLength)
        if let dash = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: dash) > maxLength / 2 {
            return String(cut[..<dash])
        }
        return String(cut)
    }

    /// Letters that do not decompose into ASCII plus marks, and common scripts.
    static let transliteration: [Unicode.Scalar: String] = {
        var map: [Unicode.Scalar: String] = [:]
        let pairs: [(String, String)] = [
            ("łŁ", "l"), ("øØ", "o"), ("đĐðÐ", "d"), ("ħĦ", "h"), ("ıİ", "i"), ("ŧŦ", "t"), ("ſ", "s"),
            ("ß", "ss"), ("æÆ", "ae"), ("œŒ", "oe"), ("þÞ", "th"), ("ŋŊ", "ng"), ("ĸ", "k"),
            ("‘’‚‛′", ""),
        ]
        for (letters, ascii) in pairs { for s in letters.unicodeScalars { map[s] = ascii } }
        let cyrillic = "а a б b в v г g д d е e ж zh з z и i й y к k л l м m н n о o п p р r с s т t у u ф f "
            + "х kh ц ts ч ch ш sh щ shch ъ _ ы y ь _ э e ю yu я ya і i ї yi є ye ґ g"
        let greek = "α a β v γ g δ d ε e ζ z η i θ th ι i κ k λ l μ m ν n ξ x ο o π p ρ r σ s ς s τ t υ y "
            + "φ f χ ch ψ ps ω o"
        for table in [cyrillic, greek] {
            let words = table.split(separator: " ")
            for i in stride(from: 0, to: words.count - 1, by: 2) {
                let value = words[i + 1] == "_" ? "" : String(words[i + 1])
                for s in words[i].unicodeScalars {
                    map[s] = value
                    for u in String(s).uppercased().unicodeScalars { map[u] = value }
                }
            }
        }
        return map
    }()
}

private extension String {
    func decomposedStringWithCanonicalMappingScalars() -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        for scalar in unicodeScalars {
            if scalar.isASCII {
                scalars.append(scalar)
            } else {
                scalars.append(contentsOf: String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars)
            }
        }
        return scalars
    }
}
