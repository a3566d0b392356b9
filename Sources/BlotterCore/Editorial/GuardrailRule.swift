/// A guardrail for sensitive reports: a check of an incident against a law or a guideline
/// UK newsrooms report under (docs/editorial.md). Each has an id, which site.yml's
/// `guardrails:` and an incident's `editorial_override` name.
public enum GuardrailRule: String, CaseIterable, Sendable, Hashable {
    /// A report about suicide must show a support box.
    case suicideSupport = "suicide-support"
    /// No method of suicide in the title or summary.
    case suicideMethod = "suicide-method"
    /// "Committed suicide" implies a crime.
    case suicideLanguage = "suicide-language"
    /// Once someone is charged, no word that presumes their guilt.
    case presumptionOfGuilt = "presumption-of-guilt"
    /// No name of a person the law or a court keeps anonymous.
    case anonymity
    /// No name of someone dead before their family is told.
    case nextOfKin = "next-of-kin"

    /// How bad a finding is unless site.yml says otherwise.
    public var defaultSeverity: Diagnostic.Severity {
        switch self {
        case .suicideMethod, .suicideLanguage: return .warning
        case .suicideSupport, .presumptionOfGuilt, .anonymity, .nextOfKin: return .error
        }
    }

    /// The law or guideline the rule comes from, as its messages name it.
    public var guideline: String {
        switch self {
        case .suicideSupport, .suicideLanguage: return "Samaritans media guidelines"
        case .suicideMethod: return "Samaritans media guidelines; Editors' Code, clause 5"
        case .presumptionOfGuilt: return "Contempt of Court Act 1981"
        case .anonymity: return "Sexual Offences (Amendment) Act 1992; Children and Young Persons Act 1933, s.49"
        case .nextOfKin: return "IPSO guidance on reporting deaths and inquests"
        }
    }

    /// The words and phrases the rule looks for, before site.yml's `words` are added; empty
    /// for a rule without a list.
    public var defaultWords: [String] {
        switch self {
        case .suicideMethod: return Self.methodWords
        case .presumptionOfGuilt: return ["murderer", "murderers", "killer", "killers", "guilty", "evil"]
        case .suicideSupport, .suicideLanguage, .anonymity, .nextOfKin: return []
        }
    }

    /// Whether site.yml may add words to the rule.
    public var takesWords: Bool { !defaultWords.isEmpty }

    /// Words that describe a method of suicide (Samaritans: no method in headlines).
    static let methodWords = [
        "hanged", "hanging", "ligature", "noose", "overdose", "overdosed", "jumped from", "jumped off", "fell from",
        "hit by a train", "struck by a train", "in front of a train", "poisoned", "poisoning", "suffocated",
        "asphyxiation", "shot himself", "shot herself", "shot themselves", "gassed",
    ]

    /// The rule named `id`, or nil.
    static func named(_ id: String) -> GuardrailRule? { GuardrailRule(rawValue: id) }

    /// The message for an unknown id: the closest known one suggested, and the list.
    static func unknown(_ id: String) -> String {
        let ids = allCases.map(\.rawValue)
        let suggestion = Spelling.closest(to: id, among: ids).map { " (did you mean \"\($0)\"?)" } ?? ""
        return "unknown rule \(quoted(id))\(suggestion); the rules are " + ids.joined(separator: ", ")
    }
}

/// What a rule found: where, and what to say.
struct Finding: Sendable {
    var rule: GuardrailRule
    /// The field at fault, as diagnostics name it.
    var field: String
    /// Where it is.
    var place: Place
    /// What is wrong and what to do, without the guideline.
    var message: String
    /// The guideline, when more precise than the rule's (an anonymity's law).
    var guideline: String?

    /// Where a finding is.
    enum Place: Sendable {
        /// A UTF-8 range of the field's value.
        case text(String, Range<Int>)
        /// The start of a field's value (`content_warning`).
        case field(String)
    }
}
