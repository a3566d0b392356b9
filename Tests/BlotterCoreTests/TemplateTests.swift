import BlotterCore
import Testing

/// The Mustache engine on its own: every kind of tag, the context stack, partials,
/// inheritance and whitespace, each asserted as whole output.
@Suite struct TemplateTests {
    /// Renders `main` with the other templates beside it (and an empty one of each page kind,
    /// which a template set needs).
    static func render(_ main: String, _ context: TemplateValue, _ others: [String: String] = [:]) -> String {
        let kinds = Dictionary(uniqueKeysWithValues: TemplateSet.Kind.allCases.map { ($0.rawValue, "") })
        let templates = kinds.merging(others) { $1 }.merging(["main": main]) { $1 }
        let files = templates.sorted { $0.key < $1.key }
            .map { SourceFile(path: "Templates/\($0.key).mustache", text: $0.value) }
        let (set, diagnostics) = TemplateSet.load(files)
        guard let set else { return "error: " + diagnostics.map(\.message).joined(separator: "; ") }
        return set.render(named: "main", context) ?? "missing"
    }

    static let incident: TemplateValue = [
        "title": "Fire at <Mill> & \"Co\" 'Ltd'",
        "count": 3,
        "urgent": true,
        "closed": false,
        "empty": "",
        "none": [],
        "tags": ["fire", "road"],
        "place": ["name": "Dagenham", "area": ["name": "Barking & Dagenham", "slug": "barking"]],
        "people": [["name": "Ann", "role": "officer"], ["name": "Bo"]],
        "site": ["title": "Blotter"],
    ]

    @Test func variables() {
        #expect(Self.render("{{title}}|{{{title}}}|{{& title}}|{{ title }}", Self.incident)
            == "Fire at &lt;Mill&gt; &amp; &quot;Co&quot; &#39;Ltd&#39;|Fire at <Mill> & \"Co\" 'Ltd'|"
            + "Fire at <Mill> & \"Co\" 'Ltd'|Fire at &lt;Mill&gt; &amp; &quot;Co&quot; &#39;Ltd&#39;")
        #expect(Self.render("[{{count}}][{{urgent}}][{{closed}}][{{missing}}][{{place}}][{{tags}}]", Self.incident)
            == "[3][true][false][][][]")
        #expect(Self.render("{{place.name}}/{{place.area.name}}/{{place.area.slug}}/{{place.nowhere.name}}/{{title.x}}",
                            Self.incident) == "Dagenham/Barking &amp; Dagenham/barking//")
    }

    @Test func sections() {
        #expect(Self.render("{{#tags}}<{{.}}>{{/tags}}", Self.incident) == "<fire><road>")
        #expect(Self.render("{{#people}}{{name}} ({{role}}{{^role}}none{{/role}}) in {{place.name}}; {{/people}}", Self.incident)
            == "Ann (officer) in Dagenham; Bo (none) in Dagenham; ")
        #expect(Self.render("{{#place}}{{name}}, {{#area}}{{name}} {{site.title}} {{count}}{{/area}}{{/place}}", Self.incident)
            == "Dagenham, Barking &amp; Dagenham Blotter 3")
        #expect(Self.render("{{#place.area}}{{slug}}{{/place.area}}{{#place.nowhere}}x{{/place.nowhere}}", Self.incident)
            == "barking")
        #expect(Self.render("{{#urgent}}u{{/urgent}}{{#closed}}c{{/closed}}{{#empty}}e{{/empty}}{{#none}}n{{/none}}"
                            + "{{#missing}}m{{/missing}}{{#count}}{{count}}{{/count}}", Self.incident) == "u3")
        #expect(Self.render("{{^urgent}}u{{/urgent}}{{^closed}}c{{/closed}}{{^empty}}e{{/empty}}{{^none}}n{{/none}}"
                            + "{{^missing}}m{{/missing}}{{^tags}}t{{/tags}}", Self.incident) == "cenm")
        #expect(Self.render("{{#urgent}}{{.}}{{/urgent}}", Self.incident) == "true")
        #expect(Self.render("{{#tags}}{{#people}}{{name}}{{/people}}-{{/tags}}", Self.incident) == "AnnBo-AnnBo-")
    }

    @Test func whitespaceAndDelimiters() {
        let text = """
            <ul>
              {{#tags}}
              <li>{{.}}</li>
              {{/tags}}
              {{! a comment line }}
            </ul>
            {{=<% %>=}}
            <%title%> {{title}}
            <%={{ }}=%>
            {{count}}{{! inline }}!

            """
        #expect(Self.render(text, Self.incident) == """
            <ul>
              <li>fire</li>
              <li>road</li>
            </ul>
            Fire at &lt;Mill&gt; &amp; &quot;Co&quot; &#39;Ltd&#39; {{title}}
            3!

            """)
    }

    @Test func partials() {
        let others = ["partials/person": "<b>{{name}}</b>{{#role}} {{.}}{{/role}}\n", "loop": "[{{> loop}}]"]
        // A standalone partial is indented like its tag: each line of the partial's own text.
        #expect(Self.render("{{#people}}\n  {{> partials/person}}\n{{/people}}", Self.incident, others)
            == "  <b>Ann</b> officer\n  <b>Bo</b>\n")
        #expect(Self.render("<ul>\n\t{{> item}}\n</ul>", ["text": "a\nb"], ["item": "<li>\n{{text}}\n\n</li>\n"])
            == "<ul>\n\t<li>\n\ta\nb\n\n\t</li>\n</ul>")
        #expect(Self.render("a{{> partials/person}}b", ["name": "Cy"], others) == "a<b>Cy</b>\nb")
        // A partial that includes itself stops at the depth limit instead of recursing forever.
        #expect(Self.render("{{> loop}}", [:], others)
            == String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
    }

    @Test func inheritance() {
        let others = [
            "layout": """
                <title>{{$title}}{{site.title}}{{/title}}</title>
                <main>
                {{$content}}
                nothing here
                {{/content}}
                </main>
                {{$footer}}footer of {{site.title}}{{/footer}}

                """,
            "section": """
                {{<layout}}
                {{$title}}Section: {{$name}}unnamed{{/name}}{{/title}}
                {{$content}}
                <section>{{$inner}}inner default{{/inner}}</section>
                {{/content}}
                {{/layout}}
                """,
            "partials/tag": "<i>{{.}}</i>",
        ]
        #expect(Self.render("{{<layout}}{{/layout}}", Self.incident, others) == """
            <title>Blotter</title>
            <main>
            nothing here
            </main>
            footer of Blotter

            """)
        #expect(Self.render("""
            {{<layout}}
            {{$title}}{{title}}{{/title}}
            {{$content}}
            {{#tags}}{{> partials/tag}}{{/tags}}
            {{/content}}
            {{/layout}}
            """, Self.incident, others) == """
            <title>Fire at &lt;Mill&gt; &amp; &quot;Co&quot; &#39;Ltd&#39;</title>
            <main>
            <i>fire</i><i>road</i>
            </main>
            footer of Blotter

            """)
        // The page's own override wins over the template between it and the layout.
        #expect(Self.render("""
            {{<section}}
            {{$name}}{{place.name}}{{/name}}
            {{$inner}}{{count}} incidents{{/inner}}
            {{$footer}}page footer{{/footer}}
            {{/section}}
            """, Self.incident, others) == """
            <title>Section: Dagenham</title>
            <main>
            <section>3 incidents</section>
            </main>
            page footer

            """)
        #expect(Self.render("{{<section}}{{/section}}", Self.incident, others) == """
            <title>Section: unnamed</title>
            <main>
            <section>inner default</section>
            </main>
            footer of Blotter

            """)
    }
}
