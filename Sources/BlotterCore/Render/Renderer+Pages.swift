internal import Foundation

/// The HTML pages.
extension Renderer {
    /// The page of `job`, or nil when the job is not an HTML page.
    func renderPage(_ job: PageJob) -> [UInt8]? {
        switch job {
        case .incident(let i):
            return incidentPage(i, site.incidents[i])
        case .index(let n):
            let title = n == 1 ? site.config.title : "\(site.config.title), page \(n)"
            var context = page(PageMeta(kind: "index", title: title, description: site.config.description,
                                        path: paged("", n)))
            context["incidents"] = .list(cards(Array(site.incidents.indices), page: n))
            context["pagination"] = pagination(base: "", page: n, total: pageCount(site.incidents.count))
            return templates.render(.index, .map(context))
        case .listing(let t, let i, let n):
            return templates.render(.listing, .map(listing(t, i, page: n)))
        case .taxonomy(let t):
            return templates.render(.taxonomy, .map(overview(site.taxonomies[t])))
        case .page(let i):
            let published = site.pages[i]
            var meta = PageMeta(kind: "page", title: published.page.title,
                                description: published.page.summary ?? site.config.description, path: published.path)
            meta.image = published.page.image.map { builder.absoluteURL(builder.shareLink($0)) }
            var context = page(meta)
            let body = builder.withPhotos(Markdown.html(published.page.body), print: false)
            context["content"] = ["title": .text(published.page.title), "body_html": .text(body),
                                  "image": published.page.image.map { builder.image($0, src: builder.siteLink($0.src)) }.orAbsent,
                                  "extra": .map(TemplateFields(published.page.extra.mapValues(\.templateValue)))]
            return templates.render(.page, .map(context))
        case .search:
            let context = page(PageMeta(kind: "search", title: "Search", description: "Search the incident reports.",
                                        path: "search/"))
            return templates.renderBytes(named: "search", .map(context)) ?? []
        case .briefing(let i):
            let selected = site.briefings[i]
            let asOf = site.buildTime ?? Briefing.newestChange(selected, in: site) ?? site.now
            let rendered = site.config.briefings[i].briefing.render(selected, site: site, templates: templates,
                                                                     now: site.now, asOf: asOf)
            return Array((rendered.html ?? "").utf8)
        case .withdrawn(let i):
            return withdrawnPage(site.withdrawn[i])
        case .redirect(let i):
            return redirectPage(site.redirects[i])
        case .corrections(let n):
            return templates.render(.corrections, .map(correctionsPage(n)))
        case .authors:
            return templates.render(.taxonomy, .map(authorsPage()))
        case .author(let a, let n):
            return templates.render(.author, .map(authorPage(site.authors[a], page: n)))
        case .thread(let t):
            return templates.render(.thread, .map(threadPage(site.threads[t])))
        case .dataPage:
            var context = page(PageMeta(kind: "data", title: "Open data",
                                        description: "Our incident reports as data files to download, and what they hold.",
                                        path: DataFiles.pagePath))
            context["data"] = dataPageValue()
            return templates.renderBytes(named: "data", .map(context)) ?? []
        case .map:
            return templates.renderBytes(named: MapIndex.template, .map(mapPage())) ?? []
        case .notFound:
            let context = page(PageMeta(kind: "404", title: "Page not found", description: "This page does not exist.",
                                        path: "404.html"))
            return templates.render(.notFound, .map(context))
        default:
            return nil
        }
    }
}

/// What the head of a page says about it.
struct PageMeta {
    var kind: String
    var title: String
    var description: String
    var path: String
    /// Published and modified, for articles.
    var article: (Date, Date)?
    var image: String?
    var jsonLD: String?
    /// The Atom feed of this page's listing, if it has one: (title, path).
    var feed: (String, String)?
    /// Whether search engines are asked to leave the page out (`page.noindex`).
    var noindex = false
}

extension Renderer {
    /// The `site` and `page` values of a page.
    func page(_ meta: PageMeta) -> TemplateFields {
        var fields = builder.page(kind: meta.kind, title: meta.title, description: meta.description, path: meta.path)
        var feeds: [TemplateValue] = [
            ["title": .text(site.config.title), "url": .text(builder.url("feed.xml")), "type": "application/atom+xml"],
            ["title": .text(site.config.title), "url": .text(builder.url("feed.json")), "type": "application/feed+json"],
        ]
        if let (title, path) = meta.feed {
            feeds.append(["title": .text(title), "url": .text(builder.url(path)), "type": "application/atom+xml"])
        }
        fields["feeds"] = .list(feeds)
        fields["og_type"] = meta.article == nil ? "website" : "article"
        fields["published_iso"] = .absent
        fields["modified_iso"] = .absent
        if let (published, modified) = meta.article {
            fields["published_iso"] = .text(builder.dates.iso(published))
            fields["modified_iso"] = .text(builder.dates.iso(modified))
        }
        fields["image"] = meta.image.templateText
        fields["twitter_card"] = meta.image == nil ? "summary" : "summary_large_image"
        fields["json_ld_html"] = meta.jsonLD.templateText
        fields["noindex"] = .bool(meta.noindex)
        return ["site": siteContext, "page": .map(fields)]
    }
}

private extension Renderer {
    /// The page of incident `i`. (The incident is read through `published`, not copied:
    /// a copy is a retain and a release of each of its strings and lists.)
    func incidentPage(_ i: Int, _ published: PublishedIncident) -> [UInt8] {
        var meta = PageMeta(kind: "incident", title: published.incident.title,
                            description: published.incident.summary, path: published.path)
        meta.article = (published.incident.publishedMoment, published.incident.lastModified)
        meta.image = published.incident.image.map { builder.absoluteURL(builder.shareLink($0)) }
        meta.jsonLD = structuredData.incident(i)
        var context = page(meta)
        context["incident"] = withLocator(builder.incident(i, bodyHTML: bodies[i]), of: i)
        return templates.render(.incident, .map(context))
    }

    /// The page a withdrawn report leaves at its address: its title, when and why it was
    /// withdrawn; nothing else of it.
    func withdrawnPage(_ published: PublishedIncident) -> [UInt8] {
        let incident = published.incident
        let expired = incident.withdrawn == nil
        let reason = incident.withdrawn?.reason ?? Self.expiredReason
        let date = incident.withdrawn?.date ?? Moment(instant: incident.expires ?? site.now, precision: .minute)
        var meta = PageMeta(kind: "withdrawn", title: incident.title, description: "This report was withdrawn.",
                            path: published.path)
        meta.noindex = true
        var context = page(meta)
        context["incident"] = [
            "title": .text(incident.title), "url": .text(builder.url(published.path)),
            "permalink": .text(builder.permalink(published.path)),
            "withdrawn": ["date": builder.dates.context(date), "reason_html": .text(Markdown.inlineHTML(reason)),
                          "expired": .bool(expired)],
        ]
        return templates.render(.withdrawn, .map(context))
    }

    /// Why an expired report is gone, when its file does not say.
    static let expiredReason = "Reports like this one are removed after a set period, in line with our policy."

    /// Page `n` of /corrections/.
    func correctionsPage(_ n: Int) -> TemplateFields {
        let title = n == 1 ? "Corrections and clarifications" : "Corrections and clarifications, page \(n)"
        var meta = PageMeta(kind: "corrections", title: title,
                            description: "Every correction and clarification to our reports, newest first.",
                            path: paged("corrections/", n))
        meta.feed = ("\(site.config.title): corrections and clarifications", "corrections/feed.xml")
        var context = page(meta)
        context["corrections"] = .list(corrections[pageRange(n, of: corrections.count)].enumerated().map { k, ref in
            let published = site.incidents[ref.incident]
            let update = published.incident.updates[ref.update]
            let html = Markdown.footnotes(Markdown.inlineHTML(update.text), prefixedWith: "correction-\(k + 1)-")
            var fields = builder.update(update, html: .text(html), anchor: ref.anchor)
            fields["incident"] = ["title": .text(published.incident.title), "url": .text(builder.url(published.path))]
            fields["url"] = .text(builder.url(published.path) + "#" + ref.anchor)
            return .map(fields)
        })
        context["has_corrections"] = .bool(!corrections.isEmpty)
        context["pagination"] = pagination(base: "corrections/", page: n, total: pageCount(corrections.count))
        return context
    }

    /// Page `n` of an author's page: who they are, then their reports, newest first.
    func authorPage(_ published: PublishedAuthor, page n: Int) -> TemplateFields {
        let author = published.author
        let count = published.incidents.count
        var meta = PageMeta(kind: "author", title: n == 1 ? author.name : "\(author.name), page \(n)",
                            description: author.bio.map(Markdown.plainText) ?? "Reports by \(author.name).",
                            path: paged(published.path, n))
        meta.feed = ("\(site.config.title): \(author.name)", published.path + "feed.xml")
        meta.image = author.image.map { builder.absoluteURL(builder.shareLink($0)) }
        meta.jsonLD = structuredData.author(published)
        var context = page(meta)
        var fields = builder.author(published)
        fields["bio_html"] = author.bio.map { Markdown.inlineHTML($0) }.templateText
        // The longer text about them on the first page only; the list goes on below it.
        let body = n == 1 ? builder.withPhotos(Markdown.html(author.body), print: false) : ""
        fields["body_html"] = body.isEmpty ? .absent : .text(body)
        fields["email"] = author.email.templateText
        fields["links"] = .list(author.links.map { ["name": .text($0.name), "url": .text($0.url)] })
        fields["has_links"] = .bool(!author.links.isEmpty)
        fields["image"] = author.image.map { builder.image($0, src: builder.siteLink($0.src)) }.orAbsent
        fields["count"] = .int(count)
        fields["count_text"] = .text(count == 1 ? "1 report" : "\(count) reports")
        fields["feed_url"] = .text(builder.url(published.path + "feed.xml"))
        context["author"] = .map(fields)
        context["incidents"] = .list(cards(published.incidents, page: n))
        context["pagination"] = pagination(base: published.path, page: n, total: pageCount(count))
        return context
    }

    /// `/authors/`: every author with how many reports they have, through the taxonomy
    /// template (`taxonomy.name` is `authors`).
    func authorsPage() -> TemplateFields {
        var context = page(PageMeta(kind: "taxonomy", title: "Authors", description: "Who writes our reports.",
                                    path: "authors/"))
        context["taxonomy"] = ["name": "authors", "title": "Authors", "url": .text(builder.url("authors/"))]
        context["terms"] = .list(site.authors.map { published in
            ["name": .text(published.author.name), "slug": .text(published.author.key),
             "url": .text(builder.url(published.path)), "count": .int(published.incidents.count)]
        })
        context["has_terms"] = .bool(!site.authors.isEmpty)
        return context
    }

    /// The page of a story thread: its incidents in the order things happened.
    func threadPage(_ thread: StoryThread) -> TemplateFields {
        let first = site.incidents[thread.incidents[0]].incident
        var meta = PageMeta(kind: "thread", title: "The story so far: \(first.title)",
                            description: "\(thread.incidents.count) reports in order, from the first.",
                            path: thread.path)
        meta.jsonLD = structuredData.thread(thread)
        var context = page(meta)
        context["thread"] = .map(builder.threadValue(thread))
        return context
    }

    /// Listing entries of one page, built here (see `cardHTML`).
    func cards(_ indices: [Int], page: Int) -> [TemplateValue] {
        indices[pageRange(page, of: indices.count)].map { i in
            let published = site.incidents[i]
            return .fields(FieldSource(given: ["card_html": .text(cardHTML[i])], identity: published.path,
                                       revision: published.incident.revision, index: i, make: cardFields))
        }
    }

    func taxonomyValue(_ taxonomy: Taxonomy) -> TemplateValue {
        ["name": .text(taxonomy.kind.segment), "title": .text(taxonomy.kind.title), "url": .text(builder.url(taxonomy.path))]
    }

    func listing(_ t: Int, _ i: Int, page n: Int) -> TemplateFields {
        let taxonomy = site.taxonomies[t]
        let term = taxonomy.terms[i]
        let count = term.incidents.count
        let title = n == 1 ? term.name : "\(term.name), page \(n)"
        var meta = PageMeta(kind: "listing", title: title,
                            description: "\(count) \(count == 1 ? "incident" : "incidents"): \(term.name).",
                            path: paged(term.path, n))
        meta.feed = ("\(site.config.title): \(term.name)", term.path + "feed.xml")
        var context = page(meta)
        context["term"] = ["name": .text(term.name), "slug": .text(term.slug), "url": .text(builder.url(term.path)),
                           "count": .int(count), "count_text": .text(Briefing.incidents(count)),
                           "feed_url": .text(builder.url(term.path + "feed.xml"))]
        context["taxonomy"] = taxonomyValue(taxonomy)
        context["incidents"] = .list(cards(term.incidents, page: n))
        context["pagination"] = pagination(base: term.path, page: n, total: pageCount(count))
        let said = taxonomy.kind == .agency ? statements(by: term, on: term.incidents[pageRange(n, of: count)]) : []
        context["statements"] = .list(said)
        context["has_statements"] = .bool(!said.isEmpty)
        context["map"] = n == 1 && taxonomy.kind == .area ? areaMap(term) : .absent
        return context
    }

    /// The statements an agency gave, declined or left unanswered in `incidents`, newest
    /// incident first: those whose `organisation` (else `speaker`) is the agency.
    func statements(by agency: Term, on incidents: ArraySlice<Int>) -> [TemplateValue] {
        incidents.flatMap { i -> [TemplateValue] in
            let published = site.incidents[i]
            return published.incident.statements.compactMap { statement -> TemplateValue? in
                guard Slug.term(statement.organisation ?? statement.speaker) == agency.slug else { return nil }
                return ["incident": ["title": .text(published.incident.title), "url": .text(builder.url(published.path))],
                        "speaker": .text(statement.speaker), "role": statement.role.templateText,
                        "date": statement.date.map(builder.dates.context).orAbsent,
                        "is_statement": .bool(statement.response == .statement),
                        "response_text": statement.response == .statement ? .absent
                            : .text(builder.responseText(statement))]
            }
        }
    }

    func overview(_ taxonomy: Taxonomy) -> TemplateFields {
        var context = page(PageMeta(kind: "taxonomy", title: taxonomy.kind.title,
                                    description: "All \(taxonomy.kind.title.lowercased()) with incidents.",
                                    path: taxonomy.path))
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
            if n > last + 1 { numbers.append(["is_gap": true, "number": .absent, "url": .absent, "is_current": false]) }
            numbers.append(["is_gap": false, "number": .int(n), "url": link(n), "is_current": .bool(n == page)])
            last = n
        }
        return ["current": .int(page), "total": .int(total), "has_pages": .bool(total > 1), "pages": .list(numbers),
                "previous_url": page > 1 ? link(page - 1) : .absent, "next_url": page < total ? link(page + 1) : .absent]
    }
}
