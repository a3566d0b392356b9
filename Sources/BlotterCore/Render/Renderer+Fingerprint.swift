/// What each output file is made from, hashed alike in every run (`StableHasher`): the
/// pipeline renders a file again only when its fingerprint differs from the one the file
/// in the output was made with (the preview's folder, or the kept previous build a build
/// writes over), so an edit to one incident re-renders that incident's page, the listing
/// pages that show it, the feeds that carry it, the data files that hold it (its year's, on
/// a site with its data per year) with their index, and nothing else.
extension Renderer {
    /// The fingerprint of each job (`paths` are their output paths). `settings` hashes
    /// what every file may depend on (site.yml and the build options); the site context
    /// (page list, incident count, ...) is added here.
    func fingerprints(_ jobs: [PageJob], paths: [String], settings: UInt64) -> [UInt64] {
        var hasher = StableHasher()
        hasher.combine(settings)
        siteContext.stableHash(into: &hasher)
        // Bylines are on every kind of page: an author's edit makes every file again.
        for published in site.authors { hasher.combine(published.author.revision) }
        let base = hasher.finalize()
        let incidents = site.incidents.map { published in
            var hasher = StableHasher()
            hasher.combine(published.incident.revision)
            hasher.combine(published.path)
            return hasher.finalize()
        }
        // The data files depend on site.yml, the options and their incidents, not on the site
        // context (a new incident of 2024 leaves the file of 2023 as it is); the index and the
        // page /data/ on every data file.
        let data = dataFiles.files.map { dataFingerprint($0.part, $0.format, settings: settings, incidents: incidents) }
        return jobs.indices.map { k in
            switch jobs[k] {
            case .data(let part, let format): return dataFingerprint(part, format, settings: settings, incidents: incidents)
            case .dataIndex: return dataListFingerprint(settings, data)
            case .dataPage:
                var hasher = StableHasher()
                hasher.combine(base)
                hasher.combine(templates.closureHash("data"))
                hasher.combine(dataListFingerprint(settings, data))
                return hasher.finalize()
            default: return fingerprint(jobs[k], path: paths[k], base: base, incidents: incidents)
            }
        }
    }

    /// A data file's: `settings`, its path and the incidents it holds.
    private func dataFingerprint(_ part: Int, _ format: DataFiles.Format, settings: UInt64, incidents: [UInt64]) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(settings)
        hasher.combine(dataFiles.path(part, format))
        hasher.combine(dataFiles.bodies)
        hasher.combine(dataFiles.parts[part].incidents.count)
        for i in dataFiles.parts[part].incidents {
            hasher.combine(incidents[i])
            hasher.combine(data.linkKey(i))  // its byline and thread, which other files can change
        }
        return hasher.finalize()
    }

    /// What lists the data files (the index and the page): `settings` and every file's fingerprint.
    private func dataListFingerprint(_ settings: UInt64, _ files: [UInt64]) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine("data files")
        hasher.combine(settings)
        hasher.combine(site.incidents.count)
        for file in files { hasher.combine(file) }
        return hasher.finalize()
    }

    /// `incidents` holds each incident's reading and URL, hashed.
    private func fingerprint(_ job: PageJob, path: String, base: UInt64, incidents: [UInt64]) -> UInt64 {
        func combine(_ i: Int, into hasher: inout StableHasher) { hasher.combine(incidents[i]) }
        func combineEverything(into hasher: inout StableHasher) {
            hasher.combine(incidents.count)
            for key in incidents { hasher.combine(key) }
            for published in site.pages { hasher.combine(published.page.revision) }
        }
        var hasher = StableHasher()
        hasher.combine(base)
        hasher.combine(path)
        switch job {
        case .incident(let i):
            hasher.combine(templates.closureHash(TemplateSet.Kind.incident.rawValue))
            combine(i, into: &hasher)
            let links = site.links
            for a in links.authors[i] ?? [] { hasher.combine(a) }
            hasher.combine(links.thread[i].map { site.threads[$0].path } ?? "")
            hasher.combine(links.follows[i] ?? -1)
            for j in neighbours(of: i) { combine(j, into: &hasher) }
            hasher.combine(maps.group(of: i)?.hash ?? 0)  // its locator draws the others of its area
        case .index(let n):
            hasher.combine(listingTemplates(.index))
            hasher.combine(pageCount(site.incidents.count))
            for i in pageRange(n, of: site.incidents.count) { combine(i, into: &hasher) }
        case .listing(let t, let i, let n):
            let term = site.taxonomies[t].terms[i]
            hasher.combine(listingTemplates(.listing))
            hasher.combine(term.name)
            hasher.combine(term.incidents.count)
            for i in term.incidents[pageRange(n, of: term.incidents.count)] { combine(i, into: &hasher) }
            if n == 1, term.kind == .area { hasher.combine(maps.group(area: term)?.hash ?? 0) }  // its map
        case .taxonomy(let t):
            hasher.combine(templates.closureHash(TemplateSet.Kind.taxonomy.rawValue))
            for term in site.taxonomies[t].terms {
                hasher.combine(term.name)
                hasher.combine(term.slug)
                hasher.combine(term.incidents.count)
            }
        case .page(let i):
            hasher.combine(templates.closureHash(TemplateSet.Kind.page.rawValue))
            hasher.combine(site.pages[i].page.revision)
        case .notFound:
            hasher.combine(templates.closureHash(TemplateSet.Kind.notFound.rawValue))
        case .search:
            hasher.combine(templates.closureHash("search"))
        case .map:
            hasher.combine(templates.closureHash(MapIndex.template))
            combineEverything(into: &hasher)
        case .siteAtom, .siteJSONFeed:
            for i in siteFeedEntries { combine(i, into: &hasher) }
        case .termAtom(let t, let i):
            hasher.combine(site.taxonomies[t].terms[i].name)
            for i in termFeedEntries[t][i] { combine(i, into: &hasher) }
        case .briefing:
            hasher.combine(templates.closureHash(Briefing.template))
            hasher.combine(site.now)
            combineEverything(into: &hasher)
        case .newsSitemap:
            hasher.combine(site.now)
            combineEverything(into: &hasher)
        case .sitemap, .sitemapPart, .robots:
            combineEverything(into: &hasher)
        case .data, .dataIndex, .dataPage:
            break  // made above
        case .withdrawn(let i):
            hasher.combine(templates.closureHash(TemplateSet.Kind.withdrawn.rawValue))
            hasher.combine(site.withdrawn[i].incident.revision)
            hasher.combine(site.withdrawn[i].path)
            hasher.combine(site.withdrawn[i].incident.isWithdrawn(at: site.now))
        case .corrections(let n):
            hasher.combine(templates.closureHash(TemplateSet.Kind.corrections.rawValue))
            hasher.combine(pageCount(corrections.count))
            for ref in corrections[pageRange(n, of: corrections.count)] {
                combine(ref.incident, into: &hasher)
                hasher.combine(ref.update)
            }
        case .correctionsAtom:
            // With no entries, the feed's `updated` is the site's newest change.
            if corrections.isEmpty { combineEverything(into: &hasher) }
            for ref in corrections.prefix(site.config.feedLimit) {
                combine(ref.incident, into: &hasher)
                hasher.combine(ref.update)
            }
        case .authors:
            hasher.combine(templates.closureHash(TemplateSet.Kind.taxonomy.rawValue))
            for author in site.authors { hasher.combine(author.incidents.count) }
        case .author(let a, let n):
            let author = site.authors[a]
            hasher.combine(listingTemplates(.author))
            hasher.combine(pageCount(author.incidents.count))
            for i in author.incidents[pageRange(n, of: author.incidents.count)] { combine(i, into: &hasher) }
        case .authorAtom(let a):
            for i in FeedWriter.newest(site.authors[a].incidents, in: site) { combine(i, into: &hasher) }
        case .thread(let t):
            hasher.combine(templates.closureHash(TemplateSet.Kind.thread.rawValue))
            for i in site.threads[t].incidents { combine(i, into: &hasher) }
        case .hostHeaders:
            break  // the base path and the assets' fingerprinted names: in `base`, with the site context
        case .hostRedirects, .nginxRedirects:
            for redirect in site.redirects {
                hasher.combine(redirect.from)
                hasher.combine(redirect.to)
            }
        case .redirect(let i):
            hasher.combine(site.redirects[i].to)
        }
        return hasher.finalize()
    }
}

private extension Renderer {
    /// A listing's template and the card partial its entries are rendered with.
    func listingTemplates(_ kind: TemplateSet.Kind) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(templates.closureHash(kind.rawValue))
        hasher.combine(templates.closureHash(TemplateSet.cardPartial))
        return hasher.finalize()
    }
}
