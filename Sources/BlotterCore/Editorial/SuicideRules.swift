/// The Samaritans' media guidelines for reporting suicide (6th ed., 2020), and clause 5 of
/// the Editors' Code: signpost support, keep the method out of headlines, and do not
/// write that someone "committed" suicide.
extension GuardrailRule {
    /// Words in a text that say a report is about suicide.
    static let suicideWording = WordMatcher([
        "died by suicide", "took his own life", "took her own life", "took their own life", "killed himself",
        "killed herself", "killed themselves", "suspected suicide", "attempted suicide", "suicide attempt",
        "committed suicide", "commit suicide", "commits suicide", "committing suicide",
    ])

    /// "Commit suicide" in all its forms.
    static let crimeWording = WordMatcher(["commit suicide", "commits suicide", "committed suicide",
                                           "committing suicide"])

    /// Why `incident` is about suicide: the field that says so and a short reason, or nil.
    static func suicideTopic(_ incident: Incident, _ texts: [ScannedText]) -> (field: String, because: String)? {
        if let warning = incident.contentWarning, warning.lowercased().contains("suicid") {
            return ("content_warning", "its content_warning mentions suicide")
        }
        if let i = incident.tags.firstIndex(where: { $0.lowercased().contains("suicid") }) {
            return ("tags", "its tag \(quoted(incident.tags[i])) mentions suicide")
        }
        if let category = incident.category, category.lowercased().contains("suicid") {
            return ("category", "its category mentions suicide")
        }
        for text in texts where !text.isQuote {
            if let match = suicideWording.matches(in: text).first {
                return (text.field, "its \(text.field) says \(quoted(text.excerpt(match.range)))")
            }
        }
        return nil
    }

    /// suicide-support: a report about suicide without a support box.
    static func supportFindings(_ incident: Incident, _ texts: [ScannedText], config: SiteConfig) -> [Finding] {
        guard incident.support.isEmpty, let topic = suicideTopic(incident, texts) else { return [] }
        let add = config.supportOrder.first.map { "add `support: [\($0)]`" }
            ?? "add a help line to site.yml's `support` (Samaritans: 116 123) and name it in `support`"
        return [Finding(rule: .suicideSupport, field: "support", place: .field(topic.field),
                        message: "this report is about suicide (\(topic.because)) but shows no support box: \(add)")]
    }

    /// suicide-method: words that describe a method, in the title or summary of a report
    /// about suicide.
    static func methodFindings(_ incident: Incident, _ texts: [ScannedText], words: WordMatcher) -> [Finding] {
        let headlines = texts.filter { $0.field == "title" || $0.field == "summary" }
        guard headlines.contains(where: { !words.matches(in: $0).isEmpty }), suicideTopic(incident, texts) != nil
        else { return [] }
        return headlines.flatMap { text in
            words.matches(in: text).map { match in
                Finding(rule: .suicideMethod, field: text.field, place: .text(text.text, match.range),
                        message: "\(quoted(text.excerpt(match.range))) describes a method of suicide; keep "
                            + "the method out of the title and summary, which listings, feeds and search engines show")
            }
        }
    }

    /// suicide-language: "committed suicide" anywhere, statements' quotes too.
    static func languageFindings(_ texts: [ScannedText]) -> [Finding] {
        texts.flatMap { text in
            crimeWording.matches(in: text).map { match in
                Finding(rule: .suicideLanguage, field: text.field, place: .text(text.text, match.range),
                        message: "\(quoted(text.excerpt(match.range))) implies a crime; write \"died by suicide\" "
                            + "or \"took their own life\"")
            }
        }
    }
}
