/// A readable line diff for golden-file failures: the first differing lines with context.
package enum LineDiff {
    package static func describe(expected: String, actual: String, maxLines: Int = 12) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var i = 0
        while i < max(e.count, a.count), out.count < maxLines {
            let l = i < e.count ? String(e[i]) : nil
            let r = i < a.count ? String(a[i]) : nil
            if l != r {
                if let l { out.append("line \(i + 1) - \(l)") }
                if let r { out.append("line \(i + 1) + \(r)") }
            }
            i += 1
        }
        return out.joined(separator: "\n")
    }
}
