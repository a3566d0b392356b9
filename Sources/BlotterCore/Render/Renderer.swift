internal import Foundation

/// One file of the built site.
public struct OutputFile: Sendable {
    /// Path below the output root (`incidents/x/index.html`).
    public var path: String
    /// The bytes to write.
    public var contents: String
}

/// One page to render; the list of jobs is small, the HTML is made one job at a time.
enum PageJob: Sendable {
    case incident(Int)
    case index(page: Int)
    case listing(taxonomy: Int, term: Int, page: Int)
    case taxonomy(Int)
    case page(Int)
    case notFound
}

/// Stage 4, render: templates over the site, one page at a time. Pure once
/// the templates are loaded; safe to call from many threads at once.
struct Renderer: Sendable {
    let site: Site
    let templates: TemplateSet
    let builder: ContextBuilder
    let siteContext: TemplateValue
    /// Each incident rendered once through `partials/card` (listings repeat it).
    /// The other card fields are rebuilt per listing page: holding them for every
    /// incident cost 7 KB each, a third of a 50,000-incident build's memory.
    let cardHTML: [String?]

    init(site: Site, templates: TemplateSet) {
        self.site = site
        self.templates = templates
        let builder = ContextBuilder(site: site)
        self.builder = builder
        let siteContext = builder.siteContext()
        self.siteContext = siteContext
        self.cardHTML = Parallel.map(site.incidents.count) { i in
            let context: TemplateValue = ["site": siteContext, "incident": .map(builder.card(site.incidents[i]))]
            return templates.render(named: TemplateSet.cardPartial, context, capacity: 0)
        }
    }

    /// Every page of the site, in a fixed order.
    var jobs: [PageJob] {
        var jobs: [PageJob] = site.incidents.indices.map(PageJob.incident)
        jobs += (1...pageCount(site.incidents.count)).map { PageJob.index(page: $0) }
        for (t, taxonomy) in site.taxonomies.enumerated() {
            jobs.append(.taxonomy(t))
            for (i, term) in taxonomy.terms.enumerated() {
                jobs += (1...pageCount(term.incidents.count)).map { PageJob.listing(taxonomy: t, term: i, page: $0) }
            }
        }
        jobs += site.pages.indices.map(PageJob.page)
        jobs.append(.notFound)
        return jobs
    }

    /// Where a job's page is written.
    func outputPath(_ job: PageJob) -> String {
        switch job {
        case .incident(let i): return site.incidents[i].path + "index.html"
        case .index(let n): return paged("", n) + "index.html"
        case .listing(let t, let i, let n): return paged(site.taxonomies[t].terms[i].path, n) + "index.html"
        case .taxonomy(let t): return site.taxonomies[t].path + "index.html"
        case .page(let i): return site.pages[i].path + "index.html"
        case .notFound: return "404.html"
        }
    }

    /// Renders one page.
    func render(_ job: PageJob) -> OutputFile {
        let path = outputPath(job)
        switch job {
        case .incident(let i):
            let published = site.incidents[i]
            let incident = published.incident
            var context = page("incident", incident.title, incident.summary, published.path)
            context["incident"] = builder.incident(published)
            return OutputFile(path: path, contents: templates.render(.incident, .map(context)))
        case .index(let n):
            let title = n == 1 ? site.config.title : "\(site.config.title), page \(n)"
            var context = page("index", title, site.config.description, paged("", n))
            context["incidents"] = .list(slice(Array(site.incidents.indices), page: n))
            context["pagination"] = pagination(base: "", page: n, total: pageCount(site.incidents.count))
            return OutputFile(path: path, contents: templates.render(.index, .map(context)))
        case .listing(let t, let i, let n):
            let context = listing(site.taxonomies[t], site.taxonomies[t].terms[i], page: n)
            return OutputFile(path: path, contents: templates.render(.listing, .map(context)))
        case .taxonomy(let t):
            return OutputFile(path: path, contents: templates.render(.taxonomy, .map(overview(site.taxonomies[t]))))
        case .page(let i):
            let published = site.pages[i].page
            var context = page("page", published.title, published.summary ?? site.config.description, site.pages[i].path)
            context["content"] = ["title": .text(published.title), "body_html": .text(Markdown.html(published.body)),
                                  "extra": .map(published.extra.mapValues(\.templateValue))]
            return OutputFile(path: path, contents: templates.render(.page, .map(context)))
        case .notFound:
            let context = page("404", "Page not found", "This page does not exist.", "404.html")
            return OutputFile(path: path, contents: templates.render(.notFound, .map(context)))
        }
    }
}

private extension Renderer {
    func page(_ kind: String, _ title: String, _ description: String, _ path: String) -> TemplateFields {
        ["site": siteContext, "page": builder.page(kind: kind, title: title, description: description, path: path)]
    }

    func paged(_ base: String, _ n: Int) -> String { n == 1 ? base : base + "page/\(n)/" }

    func pageCount(_ items: Int) -> Int { max(1, (items + site.config.perPage - 1) / site.config.perPage) }

    func slice(_ indices: [Int], page: Int) -> [TemplateValue] {
        let start = (page - 1) * site.config.perPage
        return indices[min(start, indices.count)..<min(start + site.config.perPage, indices.count)].map { i in
            var card = builder.card(site.incidents[i])
            card["card_html"] = cardHTML[i].templateText
            return .map(card)
        }
    }

    func taxonomyValue(_ taxonomy: Taxonomy) -> TemplateValue {
        ["name": .text(taxonomy.kind.segment), "title": .text(taxonomy.kind.title), "url": .text(builder.url(taxonomy.path))]
    }

    func listing(_ taxonomy: Taxonomy, _ term: Term, page n: Int) -> TemplateFields {
        let count = term.incidents.count
        let title = n == 1 ? term.name : "\(term.name), page \(n)"
        var context = page("listing", title, "\(count) \(count == 1 ? "incident" : "incidents"): \(term.name).",
                           paged(term.path, n))
        context["term"] = ["name": .text(term.name), "slug": .text(term.slug), "url": .text(builder.url(term.path)),
                           "count": .int(count)]
        context["taxonomy"] = taxonomyValue(taxonomy)
        context["incidents"] = .list(slice(term.incidents, page: n))
        context["pagination"] = pagination(base: term.path, page: n, total: pageCount(count))
        return context
    }

    func overview(_ taxonomy: Taxonomy) -> TemplateFields {
        var context = page("taxonomy", taxonomy.kind.title,
                           "All \(taxonomy.kind.title.lowercased()) with incidents.", taxonomy.path)
        context["taxonomy"] = taxonomyValue(taxonomy)
        context["terms"] = .list(taxonomy.terms.map { term in
            ["name": .text(term.name), "slug": .text(term.slug), "url": .text(builder.url(term.path)),
             "count": .int(term.incidents.count)]
        })
        context["has_terms"] = .bool(!taxonomy.terms.isEmpty)
        return context
    }

    /// Previous/next links and a window of page numbers around the current one.
    func pagination(base: String, page: Int, total: Int) -> TemplateValue {
        func link(_ n: Int) -> TemplateValue { .text(builder.url(paged(base, n))) }
        var numbers: [TemplateValue] = []
        var last = 0
        for n in 1...total where n == 1 || n == total || abs(n - page) <= 2 {
            if n > last + 1 { numbers.append(["is_gap": true]) }
            numbers.append(["number": .int(n), "url": link(n), "is_current": .bool(n == page)])
            last = n
        }
        var value: TemplateFields = ["current": .int(page), "total": .int(total), "has_pages": .bool(total > 1),
                                     "pages": .list(numbers)]
        if page > 1 { value["previous_url"] = link(page - 1) }
        if page < total { value["next_url"] = link(page + 1) }
        return .map(value)
    }
}
