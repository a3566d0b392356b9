internal import Foundation

/// `permalinks:` in site.yml: the pattern of incident URLs (`Permalink`).
extension FieldReader {
    /// The incidents' pattern of a `permalinks: {incidents: /incidents/:year/:slug/}` mapping;
    /// nil (the default stays) when it is missing or wrong, with an error at the fault: an
    /// unknown `:token` at its own column.
    mutating func permalinks(_ node: YAMLNode) -> Permalink? {
        guard var f = mapping(node, field: "permalinks") else { return nil }
        let patternNode = f.take("incidents")
        for entry in f.unknown {
            error("permalinks." + entry.name, at: entry.key, "unknown kind of page; only `incidents` has a pattern")
        }
        guard let patternNode, let text = string(patternNode, "permalinks.incidents") else { return nil }
        switch Permalink.parse(text) {
        case .success(let permalink):
            return permalink
        case .failure(let refusal):
            var column = patternNode.mark.column
            if let offset = refusal.offset, case .scalar(let scalar) = patternNode, scalar.string == text {
                // A quoted value starts one column after its mark (the quote).
                column += offset + (scalar.plain ? 0 : 1)
            }
            report(.error, "permalinks.incidents", yamlLine: patternNode.mark.line, column: column, refusal.message)
            return nil
        }
    }
}
