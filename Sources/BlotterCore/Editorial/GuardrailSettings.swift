/// site.yml's `guardrails:`: which rules run, how bad their findings are, and the words
/// added to their lists (docs/editorial.md).
public struct GuardrailSettings: Sendable {
    /// Each rule's level where site.yml sets one.
    public var levels: [GuardrailRule: Level] = [:]
    /// Words site.yml adds to a rule's list.
    public var addedWords: [GuardrailRule: [String]] = [:]

    /// No settings: every rule runs at its default severity with its own words.
    public init() {}

    /// How much a rule's findings matter.
    public enum Level: String, Sendable, CaseIterable {
        /// The rule does not run.
        case off
        /// Its findings are warnings.
        case warning
        /// Its findings are errors (a build fails).
        case error
    }

    /// The severity of `rule`'s findings; nil when it is off.
    public func severity(of rule: GuardrailRule) -> Diagnostic.Severity? {
        switch levels[rule] {
        case .off: return nil
        case .warning: return .warning
        case .error: return .error
        case nil: return rule.defaultSeverity
        }
    }

    /// The matcher of `rule`'s words: its defaults and site.yml's.
    func words(for rule: GuardrailRule) -> WordMatcher {
        guard let added = addedWords[rule], !added.isEmpty else {
            return Self.defaultMatchers[rule] ?? WordMatcher([])
        }
        return WordMatcher(rule.defaultWords + added)
    }

    /// The default lists, made once.
    private static let defaultMatchers: [GuardrailRule: WordMatcher] = Dictionary(
        uniqueKeysWithValues: GuardrailRule.allCases.filter(\.takesWords).map { ($0, WordMatcher($0.defaultWords)) })
}

extension FieldReader {
    /// Reads `guardrails:`: each key a rule id, each value a level (`off`, `warning`,
    /// `error`) or `{severity, words}`. An unknown id or a bad value is an error.
    mutating func guardrails(_ node: YAMLNode) -> GuardrailSettings {
        var settings = GuardrailSettings()
        guard let rules = mapping(node, field: "guardrails") else { return settings }
        for entry in rules.entries {
            let field = "guardrails.\(entry.name)"
            guard let rule = GuardrailRule.named(entry.name) else {
                error(field, at: entry.key, GuardrailRule.unknown(entry.name))
                continue
            }
            if case .mapping = entry.value {
                guard var f = mapping(entry.value, field: field) else { continue }
                if let levelNode = f.take("severity") { settings.levels[rule] = level(levelNode, field + ".severity") }
                if let wordsNode = f.take("words") {
                    if rule.takesWords {
                        settings.addedWords[rule] = stringList(wordsNode, field + ".words")
                    } else {
                        let lists = GuardrailRule.allCases.filter(\.takesWords).map(\.rawValue).joined(separator: " and ")
                        error(field + ".words", at: wordsNode, "\(rule.rawValue) has no word list (\(lists) have)")
                    }
                }
                warnUnknown(f, parent: field)
            } else {
                settings.levels[rule] = level(entry.value, field)
            }
        }
        return settings
    }

    private mutating func level(_ node: YAMLNode, _ field: String) -> GuardrailSettings.Level? {
        guard case .scalar = node else {
            _ = string(node, field)  // says what was found instead
            return nil
        }
        let text = string(node, field) ?? ""
        if let level = GuardrailSettings.Level(rawValue: text.lowercased()) { return level }
        error(field, at: node, "expected off, warning or error" + (text.isEmpty ? "" : ", found \(quoted(text))"))
        return nil
    }
}
