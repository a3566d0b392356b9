internal import Foundation

/// Feeds, sitemaps, robots.txt, the open-data files and the host's `_headers` and `_redirects`.
extension Renderer {
    func renderData(_ job: PageJob, path: String) -> OutputFile {
        let config = site.config
        switch job {
        case .siteAtom:
            return OutputFile(path: path, bytes: feeds.atom(title: config.title, path: path, alternate: "",
                                                            entries: siteFeedEntries))
        case .siteJSONFeed:
            return OutputFile(path: path, contents: feeds.json(path: path, entries: siteFeedEntries))
        case .termAtom(let t, let i):
            let term = site.taxonomies[t].terms[i]
            return OutputFile(path: path, bytes: feeds.atom(title: "\(config.title): \(term.name)", path: path,
                                                            alternate: term.path, entries: termFeedEntries[t][i]))
        case .sitemap:
            let parts = makeSitemapParts()
            return OutputFile(path: path, contents: parts.count == 1 ? sitemaps.urlset(parts[0]) : sitemaps.index(parts: parts))
        case .sitemapPart(let n):
            return OutputFile(path: path, contents: sitemaps.urlset(makeSitemapParts()[n - 1]))
        case .newsSitemap:
            return OutputFile(path: path, contents: sitemaps.news(site, now: site.now))
        case .robots:
            return OutputFile(path: path, contents: sitemaps.robots())
        case .authorAtom(let a):
            let author = site.authors[a]
            return OutputFile(path: path, bytes: feeds.atom(title: "\(config.title): \(author.author.name)", path: path,
                                                            alternate: author.path,
                                                            entries: FeedWriter.newest(author.incidents, in: site)))
        case .data(let part, let format):
            return data.file(format, of: dataFiles.parts[part].incidents, path: path)
        case .dataIndex:
            // Made when written (from the data files' digests), not when only checked.
            let renderer = self
            return OutputFile(path: path, chunks: 1) { _, out in out.write(renderer.dataIndex()) }
        case .correctionsAtom:
            return OutputFile(path: path, bytes: feeds.correctionsAtom(path: path,
                                                                       entries: Array(corrections.prefix(config.feedLimit))))
        case .hostHeaders:
            let linked = site.assets.entries.map(\.linked)
            return OutputFile(path: path, contents: HostConfig.headers(basePath: config.basePath, fingerprinted: linked))
        case .hostRedirects:
            return OutputFile(path: path, contents: HostConfig.redirects(basePath: config.basePath, aliases: site.redirects))
        case .nginxRedirects:
            return OutputFile(path: path, contents: nginxRedirectMap())
        default:
            return OutputFile(path: path, contents: "")
        }
    }

    /// Every HTML page with its last change, split into sitemap files of at most 50,000.
    /// Made for each sitemap file written (one in most sites), not held by the renderer.
    func makeSitemapParts() -> [ArraySlice<SitemapWriter.Entry>] {
        let changes = site.incidents.map(\.incident.lastModified)
        let entries = pageJobs.filter(\.isPage).map { job in
            SitemapWriter.Entry(path: sitemapPath(job), lastModified: lastModified(job, changes: changes))
        }
        guard !entries.isEmpty else { return [entries[...]] }
        return stride(from: 0, to: entries.count, by: SitemapWriter.maxURLs).map {
            entries[$0..<min($0 + SitemapWriter.maxURLs, entries.count)]
        }
    }
}

private extension Renderer {
    /// The page's address without `index.html`.
    func sitemapPath(_ job: PageJob) -> String {
        let path = outputPath(job)
        return path.hasSuffix("index.html") ? String(path.dropLast("index.html".count)) : path
    }

    /// The newest change among the incidents a page shows; a plain page's `updated`.
    /// `changes` holds each incident's last change.
    func lastModified(_ job: PageJob, changes: [Date]) -> Date? {
        func newest<C: Collection<Int>>(_ indices: C) -> Date? {
            indices.lazy.map { changes[$0] }.max()
        }
        switch job {
        case .incident(let i): return changes[i]
        case .index(let n): return newest(pageRange(n, of: site.incidents.count))
        case .listing(let t, let i, let n):
            let all = site.taxonomies[t].terms[i].incidents
            return newest(all[pageRange(n, of: all.count)])
        case .taxonomy(let t): return site.taxonomies[t].terms.compactMap { newest($0.incidents) }.max()
        case .page(let i): return site.pages[i].page.updated
        case .authors: return newest(site.authors.flatMap(\.incidents))
        case .author(let a, let n):
            let all = site.authors[a].incidents
            return newest(all[pageRange(n, of: all.count)])
        case .thread(let t): return newest(site.threads[t].incidents)
        case .map: return newest(maps.located)
        case .search, .briefing, .dataPage: return changes.max()
        case .corrections(let n):
            return corrections[pageRange(n, of: corrections.count)].map {
                site.incidents[$0.incident].incident.updates[$0.update].date.instant
            }.max()
        default: return nil
        }
    }
}
