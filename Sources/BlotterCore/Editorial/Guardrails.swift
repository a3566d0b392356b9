/// Stage 2, the editorial review: each incident, once parsed, is held to the newsroom's
/// standards (docs/editorial.md): the guardrails for sensitive reports, the overrides an
/// editor recorded, and the placeholders `blotter new` left. Pure, and per file, so it runs
/// in parallel with the parse and is remembered with the file's reading.
enum Guardrails {
    /// What the review finds in `incident`, read from `file` with `config`: errors, warnings,
    /// and a note for each override.
    static func review(_ incident: Incident, file: SourceFile, config: SiteConfig) -> [Diagnostic] {
        var places = SourcePlaces(text: file.text, marks: incident.marks)
        var diagnostics = Placeholders.check(incident, file: file)
        let texts = incident.scannedTexts()
        var overridden: [GuardrailRule: Int] = [:]  // findings silenced, by rule
        for (index, override) in incident.overrides.enumerated() {
            if let rule = GuardrailRule.named(override.rule) { overridden[rule] = 0 } else {
                diagnostics.append(Diagnostic(.error, file: file.path, line: override.line, column: override.column,
                                              field: "editorial_override[\(index + 1)].rule",
                                              message: GuardrailRule.unknown(override.rule), kind: .guardrail))
            }
        }
        for rule in GuardrailRule.allCases {
            guard let severity = config.guardrails.severity(of: rule) else { continue }
            let findings = rule.findings(in: incident, texts, config: config)
            if let silenced = overridden[rule] {
                overridden[rule] = silenced + findings.count
                continue
            }
            for finding in findings {
                diagnostics.append(diagnostic(finding, severity: severity, draft: incident.draft, file: file.path,
                                              places: &places))
            }
        }
        for (index, override) in incident.overrides.enumerated() {
            guard let rule = GuardrailRule.named(override.rule), let silenced = overridden[rule] else { continue }
            // Listed even when it silences nothing: an override left in place would hide a later mistake.
            let idle = config.guardrails.severity(of: rule) == nil ? " (the rule is off in site.yml)"
                : silenced == 0 ? " (the rule finds nothing in this report now)" : ""
            diagnostics.append(Diagnostic(.note, file: file.path, line: override.line, column: override.column,
                                          field: "editorial_override[\(index + 1)]",
                                          message: "\(rule.rawValue) overridden by \(override.by): \(override.reason)\(idle)",
                                          kind: .guardrail))
        }
        return diagnostics
    }

    /// A finding as a diagnostic: its message with the guideline and the rule's id. In a
    /// draft, which is not published, an error is a warning that says so.
    private static func diagnostic(_ finding: Finding, severity: Diagnostic.Severity, draft: Bool, file: String,
                                   places: inout SourcePlaces) -> Diagnostic {
        let location = switch finding.place {
        case .text(let value, let range): places.location(field: finding.field, value: value, range: range)
        case .field(let field): places.fieldStart(field)
        }
        var message = "\(finding.message) (\(finding.guideline ?? finding.rule.guideline); rule \(finding.rule.rawValue))"
        var severity = severity
        if draft, severity == .error {
            severity = .warning
            message += "; an error once the report is no longer a draft"
        }
        return Diagnostic(severity, file: file, line: location.line, column: location.column, field: finding.field,
                          message: message, kind: .guardrail)
    }
}

extension GuardrailRule {
    /// What the rule finds in `incident`, whose texts are `texts`.
    func findings(in incident: Incident, _ texts: [ScannedText], config: SiteConfig) -> [Finding] {
        switch self {
        case .suicideSupport: return Self.supportFindings(incident, texts, config: config)
        case .suicideMethod: return Self.methodFindings(incident, texts, words: config.guardrails.words(for: self))
        case .suicideLanguage: return Self.languageFindings(texts)
        case .presumptionOfGuilt:
            return Self.presumptionFindings(incident, texts, words: config.guardrails.words(for: self))
        case .anonymity: return Self.anonymityFindings(incident, texts)
        case .nextOfKin: return Self.nextOfKinFindings(incident, texts)
        }
    }
}
