internal import Yams

/// A position in YAML text: 1-based line and column (columns count characters).
struct YAMLMark: Sendable, Hashable {
    var line: Int
    var column: Int
}

/// A YAML node of front matter or `site.yml`, with the position diagnostics name.
enum YAMLNode: Sendable, Equatable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode], YAMLMark)
    case mapping([YAMLPair], YAMLMark)
    /// An alias Yams left unresolved (it resolves them; kept so nothing is lost).
    case alias(YAMLMark)

    var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): return scalar.mark
        case .sequence(_, let mark), .mapping(_, let mark), .alias(let mark): return mark
        }
    }
}

/// A scalar: its text as written (no type resolution) and whether it was plain (unquoted).
struct YAMLScalar: Sendable, Equatable {
    var string: String
    var plain: Bool
    var mark: YAMLMark
}

/// One `key: value` entry of a mapping.
struct YAMLPair: Sendable, Equatable {
    var key: YAMLNode
    var value: YAMLNode
}

enum YAMLReader {
    /// The node tree of `yaml` (nil for an empty document). Front matter in the
    /// block style newsrooms write is read by `QuickYAML`; anything else it does not
    /// take on (anchors, tags, multi-line quoted text, syntax errors...) goes to Yams,
    /// so results and error messages are the same either way.
    static func compose(_ yaml: String) throws -> YAMLNode? {
        switch QuickYAML.compose(yaml) {
        case .document(let node): return node
        case .notHandled: return try composeWithYams(yaml)
        }
    }

    /// The tree as Yams reads it.
    static func composeWithYams(_ yaml: String) throws -> YAMLNode? {
        guard let root = try Yams.compose(yaml: yaml, .basic, .default, .utf8) else { return nil }
        var converter = Converter()
        return converter.convert(root)
    }

    /// Converts Yams nodes. An alias is a copy of its anchor's node, so collections are
    /// converted once per source position: a few lines of nested aliases stand for
    /// billions of values and must not be expanded here.
    private struct Converter {
        private struct Key: Hashable {
            var isMapping: Bool
            var mark: YAMLMark
        }
        private var done: [Key: YAMLNode] = [:]

        mutating func convert(_ node: Node) -> YAMLNode {
            let mark = node.mark.map { YAMLMark(line: $0.line, column: $0.column) } ?? YAMLMark(line: 1, column: 1)
            switch node {
            case .scalar(let scalar):
                return .scalar(YAMLScalar(string: scalar.string, plain: scalar.style == .plain, mark: mark))
            case .sequence(let sequence):
                let key = Key(isMapping: false, mark: mark)
                if let known = done[key] { return known }
                let converted = YAMLNode.sequence(sequence.map { convert($0) }, mark)
                done[key] = converted
                return converted
            case .mapping(let mapping):
                let key = Key(isMapping: true, mark: mark)
                if let known = done[key] { return known }
                let converted = YAMLNode.mapping(mapping.map { YAMLPair(key: convert($0.key), value: convert($0.value)) }, mark)
                done[key] = converted
                return converted
            case .alias:
                return .alias(mark)
            }
        }
    }
}

/// How the fast reader's tree compares with Yams' on a text (for tests).
package enum YAMLReaderComparison: Equatable, Sendable {
    /// The fast reader read it, to the same tree (text, style and positions) as Yams.
    case same
    /// The fast reader left it to Yams.
    case leftToYams
    /// The trees differ (a defect): both described.
    case different(quick: String, yams: String)
    /// The fast reader read text that Yams rejects (a defect).
    case yamsRejected(String)

    package static func of(_ yaml: String) -> YAMLReaderComparison {
        guard case .document(let quick) = QuickYAML.compose(yaml) else { return .leftToYams }
        do {
            let yams = try YAMLReader.composeWithYams(yaml)
            return quick == yams ? .same : .different(quick: String(describing: quick), yams: String(describing: yams))
        } catch {
            return .yamsRejected(String(describing: error))
        }
    }
}
