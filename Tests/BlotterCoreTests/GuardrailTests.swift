import BlotterCore
import Foundation
import Testing

/// The guardrails for sensitive reports (docs/editorial.md), each asserted as the exact lines
/// an editor sees: every rule, site.yml's `guardrails:`, `editorial_override`, drafts.
@Suite struct GuardrailTests {
    static let path = "Content/incidents/a.md"

    /// The diagnostic lines of a site of one incident (with `guardrails` added to site.yml).
    func lines(_ incident: String, guardrails: String = "") throws -> [String] {
        let site = try TestSite([Self.path: incident], config: TestSite.minimalConfig + "\n" + guardrails)
        defer { site.delete() }
        return try site.diagnosticLines()
    }

    /// An incident: `front` replaces the status line and adds fields.
    func incident(title: String = "Man charged after Barking attack", status: String = "charges-brought",
                  summary: String = "A man appeared in court.", _ front: String = "", body: String = "Body.") -> String {
        """
        ---
        title: \(title)
        date: 2024-03-01T10:00:00Z
        location: Ripple Road, Barking
        status: \(status)
        summary: \(summary)
        \(front)
        ---
        \(body)
        """
    }

    // MARK: - Suicide

    @Test func aReportAboutSuicideNeedsASupportBox() throws {
        #expect(try lines(incident(status: "closed", "content_warning: Suicide")) == [
            "Content/incidents/a.md:7:18: error: support: this report is about suicide (its content_warning mentions "
                + "suicide) but shows no support box: add `support: [samaritans]` (Samaritans media guidelines; "
                + "rule suicide-support)",
        ])
        #expect(try lines(incident(status: "closed", "tags: [inquest, suicide]")) == [
            "Content/incidents/a.md:7:7: error: support: this report is about suicide (its tag \"suicide\" mentions "
                + "suicide) but shows no support box: add `support: [samaritans]` (Samaritans media guidelines; "
                + "rule suicide-support)",
        ])
        #expect(try lines(incident(status: "closed", summary: "A man took his own life at the station.")) == [
            "Content/incidents/a.md:6:10: error: support: this report is about suicide (its summary says \"took his "
                + "own life\") but shows no support box: add `support: [samaritans]` (Samaritans media guidelines; "
                + "rule suicide-support)",
        ])
        #expect(try lines(incident(status: "closed", "content_warning: suicide\nsupport: [samaritans]")) == [])
    }

    @Test func aMethodInTheTitleOrSummaryIsAWarning() throws {
        let text = incident(title: "Man hanged at Barking station", status: "closed",
                            summary: "Police said he was hit by a\n  train at 9am.", "content_warning: suicide\nsupport: samaritans",
                            body: "He hanged himself.")
        #expect(try lines(text) == [
            "Content/incidents/a.md:2:12: warning: title: \"hanged\" describes a method of suicide; keep the method "
                + "out of the title and summary, which listings, feeds and search engines show (Samaritans media "
                + "guidelines; Editors' Code, clause 5; rule suicide-method)",
            "Content/incidents/a.md:6:29: warning: summary: \"hit by a train\" describes a method of suicide; keep "
                + "the method out of the title and summary, which listings, feeds and search engines show (Samaritans "
                + "media guidelines; Editors' Code, clause 5; rule suicide-method)",
        ])
        // The same words in a report that is not about suicide are not the rule's business.
        #expect(try lines(incident(title: "Man hit by a train", status: "closed")) == [])
    }

    @Test func committedSuicideIsAWarningWithTheSuggestedWording() throws {
        let text = incident(status: "closed", """
            content_warning: suicide
            support: [samaritans]
            statements:
              - speaker: Coroner
                quote: "He committed suicide, the coroner found."
            """, body: "Friends said he had\nCommitted  suicide.")
        let advice = "implies a crime; write \"died by suicide\" or \"took their own life\" (Samaritans media "
            + "guidelines; rule suicide-language)"
        #expect(try lines(text) == [
            "Content/incidents/a.md:11:16: warning: statements[1].quote: \"committed suicide\" " + advice,
            "Content/incidents/a.md:14:1: warning: body: \"Committed  suicide\" " + advice,
        ])
    }

    // MARK: - Active proceedings

    @Test func wordsPresumingGuiltAreErrorsOnceCharged() throws {
        let text = incident(title: "Evil killer charged", summary: "He pleaded not guilty; police say he is guilty.", """
            timeline:
              - time: "10:00"
                text: The murderer is arrested.
            statements:
              - speaker: Victim's mother
                quote: He is a killer.
            """, body: "A pleaded guilty man.\nThe killers' car.")
        let why = "presumes the guilt of someone charged and awaiting trial; report the charge, not a verdict, until the "
            + "case ends (Contempt of Court Act 1981; rule presumption-of-guilt)"
        #expect(try lines(text) == [
            "Content/incidents/a.md:2:8: error: title: \"Evil\" " + why,
            "Content/incidents/a.md:2:13: error: title: \"killer\" " + why,
            "Content/incidents/a.md:6:50: error: summary: \"guilty\" " + why,
            "Content/incidents/a.md:9:15: error: timeline[1].text: \"murderer\" " + why,
            "Content/incidents/a.md:15:5: error: body: \"killers\" " + why,
        ])
        // Before a charge (and after the case), the rule does not apply.
        #expect(try lines(text.replacingOccurrences(of: "charges-brought", with: "closed")) == [])
    }

    // MARK: - Names that may not be published

    @Test func anAnonymousNameIsAnErrorAtEachPlace() throws {
        let text = incident(title: #""Barking \"attack\" on Jane Smith""#, status: "developing",
                            summary: ">-\n  Police are appealing for witnesses after\n  Jane Smith was attacked.", """
            people:
              - name: Jane Smith
                role: victim
                anonymity: lifelong
              - name: Tom Brown
                role: witness
                anonymity: youth
            timeline:
              - time: "10:00"
                text: Ms Smith calls police.
            statements:
              - speaker: DCI Jones
                quote: We thank Tom Brown.
            updates:
              - date: 2024-03-02
                text: Jane Smith has left hospital.
            """, body: "Neighbours saw\nJane Smith's car and Tom.")
        let smith = "names people[1], who is anonymous for life: nothing likely to identify them may be published "
            + "(Sexual Offences (Amendment) Act 1992; rule anonymity)"
        let brown = "names people[2], who is under 18 in youth proceedings: nothing likely to identify them may be "
            + "published (Children and Young Persons Act 1933, s.49; rule anonymity)"
        #expect(try lines(text) == [
            "Content/incidents/a.md:2:8: error: title: \"Jane Smith\" " + smith,  // escapes: the value's start
            "Content/incidents/a.md:8:3: error: summary: \"Jane Smith\" " + smith,
            "Content/incidents/a.md:18:14: error: timeline[1].text: \"Smith\" " + smith,
            "Content/incidents/a.md:21:21: error: statements[1].quote: \"Tom Brown\" " + brown,
            "Content/incidents/a.md:24:11: error: updates[1].text: \"Jane Smith\" " + smith,
            "Content/incidents/a.md:27:1: error: body: \"Jane Smith\" " + smith,
        ])
    }

    @Test func theDeadAreNotNamedBeforeTheirFamiliesAreTold() throws {
        let person = """
            people:
              - name: Ann Lee
                role: deceased
                next_of_kin_informed: false
            """
        #expect(try lines(incident(title: "Ann Lee dies in crash", status: "closed", person)) == [
            "Content/incidents/a.md:2:8: error: title: \"Ann Lee\" names people[1], who died, before their next of kin "
                + "are told (next_of_kin_informed: false); publish the name only once they have been (IPSO guidance "
                + "on reporting deaths and inquests; rule next-of-kin)",
        ])
        let told = person.replacingOccurrences(of: "false", with: "true")
        #expect(try lines(incident(title: "Ann Lee dies in crash", status: "closed", told)) == [])
    }

    // MARK: - site.yml

    @Test func siteSettingsTurnRulesOffChangeSeverityAndAddWords() throws {
        let text = incident(title: "Thug charged", summary: "The killer, a monster, was charged.", """
            content_warning: suicide
            editorial_override: [{rule: suicide-support, reason: the family asked, by: Editor}]
            """)
        let guardrails = """
            guardrails:
              suicide-support: off
              presumption-of-guilt:
                severity: warning
                words: [monster, thug]
            """
        let why = "presumes the guilt of someone charged and awaiting trial; report the charge, not a verdict, until the "
            + "case ends (Contempt of Court Act 1981; rule presumption-of-guilt)"
        #expect(try lines(text, guardrails: guardrails) == [
            "Content/incidents/a.md:2:8: warning: title: \"Thug\" " + why,
            "Content/incidents/a.md:6:14: warning: summary: \"killer\" " + why,
            "Content/incidents/a.md:6:24: warning: summary: \"monster\" " + why,
            "Content/incidents/a.md:8:22: note: editorial_override[1]: suicide-support overridden by Editor: the family "
                + "asked (the rule is off in site.yml)",
        ])
    }

    @Test func unknownRulesAndBadValuesInSiteSettings() throws {
        let guardrails = """
            guardrails:
              suicide-methd: off
              anonymity:
                words: [x]
              next-of-kin: loud
              presumption-of-guilt:
                severity:
            """
        #expect(try lines(incident(status: "closed"), guardrails: guardrails) == [
            "site.yml:12:3: error: guardrails.suicide-methd: unknown rule \"suicide-methd\" (did you mean "
                + "\"suicide-method\"?); the rules are suicide-support, suicide-method, suicide-language, "
                + "presumption-of-guilt, anonymity, next-of-kin",
            "site.yml:14:12: error: guardrails.anonymity.words: anonymity has no word list (suicide-method and "
                + "presumption-of-guilt have)",
            "site.yml:15:16: error: guardrails.next-of-kin: expected off, warning or error, found \"loud\"",
            "site.yml:17:14: error: guardrails.presumption-of-guilt.severity: expected off, warning or error",
        ])
    }

    // MARK: - Overrides

    @Test func anOverrideSilencesItsRuleAndIsListed() throws {
        let text = incident(summary: "The court heard the \"killer\" text.", """
            editorial_override:
              - rule: presumption-of-guilt
                reason: '"killer" is in the court''s own words'
                by: Jane Smith (Editor)
              - rule: anonymity
                reason: nobody is anonymous here
                by: Jane Smith (Editor)
            """)
        let site = try TestSite([Self.path: text])
        defer { site.delete() }
        let result = try site.build()
        #expect(!result.failed && result.published)
        #expect(result.diagnostics.map(\.description) == [
            "Content/incidents/a.md:8:5: note: editorial_override[1]: presumption-of-guilt overridden by Jane Smith "
                + "(Editor): \"killer\" is in the court's own words",
            "Content/incidents/a.md:11:5: note: editorial_override[2]: anonymity overridden by Jane Smith (Editor): "
                + "nobody is anonymous here (the rule finds nothing in this report now)",
        ])
        #expect(try site.check().diagnostics.jsonArray().contains(
            #"{"severity": "note", "file": "Content/incidents/a.md", "line": 8, "column": 5, "field": "editorial_override[1]", "#))
    }

    @Test func anOverrideOfAnUnknownRuleIsAnError() throws {
        let text = incident(status: "closed", """
            editorial_override:
              - rule: presumption-of-guilty
                reason: court's words
                by: Editor
            """)
        #expect(try lines(text) == [
            "Content/incidents/a.md:8:5: error: editorial_override[1].rule: unknown rule \"presumption-of-guilty\" (did "
                + "you mean \"presumption-of-guilt\"?); the rules are suicide-support, suicide-method, suicide-language, "
                + "presumption-of-guilt, anonymity, next-of-kin",
        ])
    }

    // MARK: - Drafts and the preview

    /// A draft is not published: what would be an error is a warning that says so.
    @Test func inADraftAnErrorIsAWarning() throws {
        #expect(try lines(incident(title: "Killer charged", "draft: true")) == [
            "Content/incidents/a.md:2:8: warning: title: \"Killer\" presumes the guilt of someone charged and awaiting "
                + "trial; report the charge, not a verdict, until the case ends (Contempt of Court Act 1981; rule "
                + "presumption-of-guilt); an error once the report is no longer a draft",
        ])
    }

    /// The build refuses a report that breaks a rule; the preview shows its page, with a warning.
    @Test func theBuildFailsAndThePreviewRenders() throws {
        let site = try TestSite([Self.path: incident(title: "Killer charged")])
        defer { site.delete() }
        let line = "Content/incidents/a.md:2:8: %@: title: \"Killer\" presumes the guilt of someone charged and "
            + "awaiting trial; report the charge, not a verdict, until the case ends (Contempt of Court Act 1981; rule "
            + "presumption-of-guilt)"
        let build = try site.build()
        #expect(build.failed && !build.published)
        #expect(build.diagnostics.map(\.description) == [line.replacingOccurrences(of: "%@", with: "error")])
        var live = Pipeline(preview: site.previewOptions(output: "Preview"))
        let preview = try live.rebuild()
        #expect(preview.diagnostics.map(\.description) == [line.replacingOccurrences(of: "%@", with: "warning")])
        #expect(FileManager.default.fileExists(
            atPath: site.root.appendingPathComponent("Preview/incidents/killer-charged/index.html").path))
    }
}
