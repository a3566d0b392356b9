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
    let siteContext: [String: any Sendable]
    let cards: [[String: any Sendable]]

    init(site: Site, templates: TemplateSet) {
        self.site = site
        self.templates = templates
        self.builder = ContextBuilder(site: site)
        self.siteContext = builder.siteContext()
        self.cards = site.incidents.map(builder.card)
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
        case .index(let n): return n == 1 ? "index.html" : "page/\(n)/index.html"
        case .listing(let t, let i, let n):
            let term = site.taxonomies[t].terms[i]
            return (n == 1 ? term.path : term.path + "page/\(n)/") + "index.html"
        case .taxonomy(let t): return site.taxonomies[t].path + "index.html"
        case .page(let i): return site.pages[i].path + "index.html"
        case .notFound: return "404.html"
        }
    }

    /// Renders one page.
    func render(_ job: PageJob) -> OutputFile {
        switch job {
        case .incident(let i):
            let published = site.incidents[i]
            var context = page("incident", published.incident.title, published.incident.summary, published.path)
            context["incident"] = builder.incident(published)
            return OutputFile(path: published.path + "index.html", contents: templates.render(.incident, context))
        case .index(let n):
            let path = n == 1 ? "" : "page/\(n)/"
            var context = page("index", n == 1 ? site.config.title : "\(site.config.title), page \(n)",
                               site.config.description, path)
            context["incidents"] = slice(Array(site.incidents.indices), page: n)
            context["pagination"] = pagination(base: "", page: n, total: pageCount(site.incidents.count))
            return OutputFile(path: path + "index.html", contents: templates.render(.index, context))
        case .listing(let t, let i, let n):
            return listing(site.taxonomies[t], site.taxonomies[t].terms[i], page: n)
        case .taxonomy(let t):
            return overview(site.taxonomies[t])
        case .page(let i):
            let published = site.pages[i]
            var context = page("page", published.page.title, published.page.summary ?? site.config.description,
                               published.path)
            context["content"] = ["title": published.page.title, "body_html": Markdown.html(published.page.body),
                                  "extra": published.page.extra.mapValues(\.templateValue)] as [String: any Sendable]
            return OutputFile(path: published.path + "index.html", contents: templates.render(.page, context))
        case .notFound:
            let context = page("404", "Page not found", "This page does not exist.", "404.html")
            return OutputFile(path: "404.html", contents: templates.render(.notFound, context))
        }
    }
}

private extension Renderer {
    func page(_ kind: String, _ title: String, _ description: String, _ path: String) -> [String: any Sendable] {
        var context = builder.base(kind: kind, title: title, description: description, path: path)
        context["site"] = siteContext
        return context
    }

    func pageCount(_ items: Int) -> Int { max(1, (items + site.config.perPage - 1) / site.config.perPage) }

    func slice(_ indices: [Int], page: Int) -> [[String: any Sendable]] {
        let start = (page - 1) * site.config.perPage
        return indices[min(start, indices.count)..<min(start + site.config.perPage, indices.count)].map { cards[$0] }
    }

    func listing(_ taxonomy: Taxonomy, _ term: Term, page n: Int) -> OutputFile {
        let path = n == 1 ? term.path : term.path + "page/\(n)/"
        let title = n == 1 ? term.name : "\(term.name), page \(n)"
        let count = term.incidents.count
        var context = page("listing", title, "\(count) \(count == 1 ? "incident" : "incidents"): \(term.name).", path)
        context["term"] = ["name": term.name, "slug": term.slug, "url": builder.url(term.path), "count": count]
            as [String: any Sendable]
        context["taxonomy"] = ["name": taxonomy.kind.segment, "title": taxonomy.kind.title,
                               "url": builder.url(taxonomy.path)]
        context["incidents"] = slice(term.incidents, page: n)
        context["pagination"] = pagination(base: term.path, page: n, total: pageCount(count))
        return OutputFile(path: path + "index.html", contents: templates.render(.listing, context))
    }

    func overview(_ taxonomy: Taxonomy) -> OutputFile {
        var context = page("taxonomy", taxonomy.kind.title, "All \(taxonomy.kind.title.lowercased()) with incidents.",
                           taxonomy.path)
        context["taxonomy"] = ["name": taxonomy.kind.segment, "title": taxonomy.kind.title,
                               "url": builder.url(taxonomy.path)]
        context["terms"] = taxonomy.terms.map { term -> [String: any Sendable] in
            ["name": term.name, "slug": term.slug, "url": builder.url(term.path), "count": term.incidents.count]
        }
        context["has_terms"] = !taxonomy.terms.isEmpty
        return OutputFile(path: taxonomy.path + "index.html", contents: templates.render(.taxonomy, context))
    }

    /// Previous/next links and a window of page numbers around the current one.
    func pagination(base: String, page: Int, total: Int) -> [String: any Sendable] {
        func link(_ n: Int) -> String { builder.url(n == 1 ? base : base + "page/\(n)/") }
        var numbers: [[String: any Sendable]] = []
        var last = 0
        for n in 1...total where n == 1 || n == total || abs(n - page) <= 2 {
            if n > last + 1 { numbers.append(["is_gap": true]) }
            numbers.append(["number": n, "url": link(n), "is_current": n == page])
            last = n
        }
        var value: [String: any Sendable] = ["current": page, "total": total, "has_pages": total > 1, "pages": numbers]
        if page > 1 { value["previous_url"] = link(page - 1) }
        if page < total { value["next_url"] = link(page + 1) }
        return value
    }
}
