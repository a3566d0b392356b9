/// Names that may not be published: of people the law or a court keeps anonymous, and of the
/// dead before their families are told.
extension GuardrailRule {
    /// anonymity: the name of a person with `anonymity` other than `none`, at each place it
    /// appears in the title, summary, timeline, statements and body.
    static func anonymityFindings(_ incident: Incident, _ texts: [ScannedText]) -> [Finding] {
        incident.people.enumerated().flatMap { index, person -> [Finding] in
            guard person.anonymity != .none, let name = person.name else { return [] }
            let (why, law) = switch person.anonymity {
            case .lifelong: ("is anonymous for life", "Sexual Offences (Amendment) Act 1992")
            case .youth: ("is under 18 in youth proceedings", "Children and Young Persons Act 1933, s.49")
            case .courtOrder, .none: ("is protected by a court order", "the court's order; Contempt of Court Act 1981")
            }
            return nameFindings(name, in: texts, rule: .anonymity, guideline: law) { found in
                "\(quoted(found)) names people[\(index + 1)], who \(why): nothing likely to identify them may be "
                    + "published"
            }
        }
    }

    /// next-of-kin: the name of someone dead whose family has not been told, wherever it appears.
    static func nextOfKinFindings(_ incident: Incident, _ texts: [ScannedText]) -> [Finding] {
        incident.people.enumerated().flatMap { index, person -> [Finding] in
            guard person.role == .deceased, person.nextOfKinInformed == false, let name = person.name else { return [] }
            return nameFindings(name, in: texts, rule: .nextOfKin, guideline: nil) { found in
                "\(quoted(found)) names people[\(index + 1)], who died, before their next of kin are told "
                    + "(next_of_kin_informed: false); publish the name only once they have been"
            }
        }
    }

    /// Each place `name`, or its last word on its own (the surname: "Ms Smith"), appears.
    private static func nameFindings(_ name: String, in texts: [ScannedText], rule: GuardrailRule, guideline: String?,
                                     message: (String) -> String) -> [Finding] {
        let scanned = ScannedText(field: "", text: name)
        var forms = [name]
        if scanned.words.count > 1, let last = scanned.words.last, last.count > 1 { forms.append(scanned.excerpt(last)) }
        let matcher = WordMatcher(forms)
        return texts.flatMap { text in
            matcher.matches(in: text).map { match in
                Finding(rule: rule, field: text.field, place: .text(text.text, match.range),
                        message: message(text.excerpt(match.range)), guideline: guideline)
            }
        }
    }
}
