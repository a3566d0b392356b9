/// The Contempt of Court Act 1981: once proceedings are active, a publication that creates a
/// substantial risk of serious prejudice is contempt, whatever was meant (strict liability).
/// Calling someone charged a "killer" before the verdict is the classic case.
extension GuardrailRule {
    /// Phrases that excuse a word at their end: a plea is a fact of the proceedings, and
    /// "not guilty" presumes nothing.
    static let pleas = WordMatcher(["not guilty", "plead guilty", "pleads guilty", "pleaded guilty", "pleading guilty",
                                    "pled guilty"])

    /// presumption-of-guilt: while `status` is `charges-brought`, words that presume guilt in
    /// the title, summary, timeline or body (a statement's quote is the speaker's words).
    static func presumptionFindings(_ incident: Incident, _ texts: [ScannedText], words: WordMatcher) -> [Finding] {
        guard incident.status == .chargesBrought else { return [] }
        return texts.filter { !$0.isQuote }.flatMap { text in
            let found = words.matches(in: text)
            let excused = found.isEmpty ? [] : Set(pleas.matches(in: text).map(\.range.upperBound))
            return found.filter { !excused.contains($0.range.upperBound) }.map { match in
                Finding(rule: .presumptionOfGuilt, field: text.field, place: .text(text.text, match.range),
                        message: "\(quoted(text.excerpt(match.range))) presumes the guilt of someone charged "
                            + "and awaiting trial; report the charge, not a verdict, until the case ends")
            }
        }
    }
}
