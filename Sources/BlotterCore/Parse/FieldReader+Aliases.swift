internal import Foundation

/// `aliases:` of incidents and pages: the old addresses that redirect to the page.
extension FieldReader {
    /// The addresses of an `aliases` list (a single text counts as a list of one), each with
    /// its place in the file; whether they are good addresses is for assembly to say, which
    /// knows the base URL and every other address.
    mutating func aliases(_ node: YAMLNode?) -> [Alias] {
        guard let node else { return [] }
        let items: [YAMLNode] = if case .sequence(let seq, _) = node { seq } else { [node] }
        if case .mapping = node {
            error("aliases", at: node, "expected a list of addresses, found \(describe(node))")
            return []
        }
        return items.enumerated().compactMap { index, item in
            guard let text = string(item, "aliases[\(index + 1)]") else { return nil }
            return Alias(text: text, line: item.mark.line + lineOffset, column: item.mark.column)
        }
    }
}
