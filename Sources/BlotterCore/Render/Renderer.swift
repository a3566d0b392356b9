internal import Foundation
internal import Synchronization

/// One file of the built site.
public struct OutputFile: Sendable {
    /// Path below the output root (`incidents/x/index.html`).
    public var path: String
    /// What to write.
    public var body: OutputBody

    /// A file whose text is made whole.
    init(path: String, contents: String) {
        self.init(path: path, bytes: contents.withBytes { Array($0) })
    }

    /// A file whose UTF-8 bytes are made whole.
    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.body = .whole(bytes)
    }

    /// A file made of pieces written one after another (never held whole).
    init(path: String, chunks: Int, chunk: @escaping @Sendable (Int, inout [UInt8]) -> Void) {
        self.path = path
        self.body = .chunks(count: chunks, chunk: chunk)
    }
}

/// The contents of an output file, as UTF-8 bytes.
public enum OutputBody: Sendable {
    /// All of it.
    case whole([UInt8])
    /// `count` pieces, appended by `chunk(i, &out)` in order.
    case chunks(count: Int, chunk: @Sendable (Int, inout [UInt8]) -> Void)
}

/// One page to render; the list of jobs is small, the HTML is made one job at a time.
enum PageJob: Sendable {
    case incident(Int)
    case index(page: Int)
    case listing(taxonomy: Int, term: Int, page: Int)
    case taxonomy(Int)
    case page(Int)
    case notFound
    case search
    case siteAtom
    case siteJSONFeed
    case termAtom(taxonomy: Int, term: Int)
    case sitemap
    case sitemapPart(Int)
    case newsSitemap
    case robots
    /// An open-data file: the whole site's or one year's (`DataFiles`), in one format.
    case data(part: Int, format: DataFiles.Format)
    /// `/data/index.json`, the list of the data files, and the page `/data/` that explains them.
    case dataIndex
    case dataPage
    case briefing(Int)
    /// The page of a withdrawn report (`Site.withdrawn`).
    case withdrawn(Int)
    /// `/corrections/`, paged, and its Atom feed.
    case corrections(page: Int)
    case correctionsAtom
    /// `/authors/`: every author (with the taxonomy template), and each author's page
    /// (`/authors/<key>/`, paged) and Atom feed.
    case authors
    case author(Int, page: Int)
    case authorAtom(Int)
    /// A story thread's page (`/threads/<first slug>/`).
    case thread(Int)
    /// `/map/`: every incident with a position on a map, and listed (`MapIndex`).
    case map
    /// `_headers` and `_redirects`, read by Netlify and Cloudflare Pages.
    case hostHeaders
    case hostRedirects
    /// The page at an old address (`Site.redirects`), and nginx's map of them all.
    case redirect(Int)
    case nginxRedirects

    /// Whether the job makes an HTML page listed in the sitemap.
    var isPage: Bool {
        switch self {
        case .incident, .index, .listing, .taxonomy, .page, .search, .briefing, .corrections, .authors, .author, .thread,
             .dataPage, .map:
            return true
        default: return false
        }
    }

    /// Whether the file lists every incident or page (open data, sitemaps): the preview
    /// writes these after the pages.
    var listsWholeSite: Bool {
        switch self {
        case .data, .dataIndex, .dataPage, .sitemap, .sitemapPart: return true
        default: return false
        }
    }

    /// Whether the file gives the sizes and digests of the data files: made after them, so
    /// that each is made once (`DataDigests`).
    var readsDataFiles: Bool {
        switch self {
        case .dataIndex, .dataPage: return true
        default: return false
        }
    }

    /// Whether the file changes with the time of the build (when no `--clock` is given).
    var followsClock: Bool {
        switch self {
        case .newsSitemap, .briefing: return true
        default: return false
        }
    }

    /// Whether the job makes an HTML file (the pages and /404.html).
    var isHTML: Bool {
        switch self {
        case .notFound, .withdrawn: return true
        default: return isPage
        }
    }
}

/// Stage 4, render: templates over the site, one page at a time. Pure once
/// the templates are loaded; safe to call from many threads at once.
struct Renderer: Sendable {
    let site: Site
    let templates: TemplateSet
    let builder: ContextBuilder
    let siteContext: TemplateValue
    /// Each incident rendered once through `partials/card`, when a listing first shows it
    /// (listings repeat it; a build that renders a few listings renders a few cards).
    /// The other card fields are made when a listing template reads them (holding them
    /// for every incident cost 7 KB each, a third of a 50,000-incident build's memory).
    let cardHTML: CardCache
    /// The site feed's entries and each term feed's (by taxonomy, then term).
    let siteFeedEntries: [Int]
    /// The body HTML of every incident some feed carries, by index: made once, for the
    /// feeds and for those incidents' pages.
    let bodies: [Int: String]
    let termFeedEntries: [[[Int]]]
    let feeds: FeedWriter
    let sitemaps: SitemapWriter
    let data: OpenDataWriter
    /// The open-data files, and the sizes and digests of those made so far.
    let dataFiles: DataFiles
    let digests: DataDigests
    let structuredData: StructuredData
    /// The site's corrections and clarifications, newest first.
    let corrections: [CorrectionRef]
    /// Where the incidents are, for the maps.
    let maps: MapIndex
    /// A card field of incident `i`, made when a listing template reads it (one maker for
    /// every card, not a closure each).
    let cardFields: @Sendable (Int, String) -> TemplateValue?

    /// `memo` keeps per-incident pieces between the preview's rebuilds; a build has none.
    /// `previous` is the preview's last renderer when `site` differs from its site only in
    /// the `edited` incidents, none of which moved, was renamed or changed its taxonomies:
    /// the listing cards and feed contents of the others are taken from it.
    init(site: Site, templates: TemplateSet, memo: RenderMemo? = nil, previous: Renderer? = nil, edited: [Int] = [],
         digests: DataDigests = DataDigests()) {
        self.site = site
        self.templates = templates
        let builder = ContextBuilder(site: site)
        self.builder = builder
        let siteContext = builder.siteContext()
        self.siteContext = siteContext
        var cardInputs = Hasher()
        cardInputs.combine(siteContext)
        cardInputs.combine(templates.closureHash(TemplateSet.cardPartial))
        for published in site.authors { cardInputs.combine(published.author.revision) }  // bylines
        let cardKey = cardInputs.finalize()
        let card = { @Sendable (i: Int) -> String in
            memo.value(.card, of: site.incidents[i], inputs: cardKey) {
                let context: TemplateValue = ["site": siteContext, "incident": .map(builder.card(i))]
                return templates.render(named: TemplateSet.cardPartial, context, capacity: 0) ?? ""
            }
        }
        let content = { @Sendable (i: Int) -> String in
            memo.value(.feedContent, of: site.incidents[i], inputs: 0) { Markdown.html(site.incidents[i].incident.body) }
        }
        if let previous {
            var cards = previous.cardHTML.made
            var bodies = previous.bodies
            for i in edited {
                cards[i] = nil
                if bodies[i] != nil { bodies[i] = content(i) }
            }
            cardHTML = CardCache(cards, make: card)
            siteFeedEntries = previous.siteFeedEntries
            termFeedEntries = previous.termFeedEntries
            self.bodies = bodies
        } else {
            cardHTML = CardCache(Array(repeating: nil, count: site.incidents.count), make: card)
            siteFeedEntries = FeedWriter.newest(Array(site.incidents.indices), in: site)
            termFeedEntries = site.taxonomies.map { $0.terms.map { FeedWriter.newest($0.incidents, in: site) } }
            let inFeeds = Array(Set(siteFeedEntries + termFeedEntries.flatMap { $0.flatMap { $0 } })).sorted()
            let bodies = Parallel.map(inFeeds.count) { content(inFeeds[$0]) }
            self.bodies = Dictionary(uniqueKeysWithValues: zip(inFeeds, bodies))
        }
        feeds = FeedWriter(site: site, dates: builder.dates, content: bodies)
        sitemaps = SitemapWriter(config: site.config, dates: builder.dates)
        let dataFiles = previous?.dataFiles ?? DataFiles(site: site)
        self.dataFiles = dataFiles
        self.digests = previous?.digests ?? digests
        data = OpenDataWriter(site: site, dates: builder.dates, memo: memo, bodies: dataFiles.bodies)
        structuredData = StructuredData(site: site, dates: builder.dates)
        corrections = CorrectionRef.all(in: site)
        maps = MapIndex(site: site)
        cardFields = { i, key in builder.cardField(key, at: i) }
    }

    /// Every file of the site, in a fixed order.
    var jobs: [PageJob] {
        var jobs = pageJobs
        jobs += [.siteAtom, .siteJSONFeed, .correctionsAtom]
        for (t, taxonomy) in site.taxonomies.enumerated() {
            jobs += taxonomy.terms.indices.map { PageJob.termAtom(taxonomy: t, term: $0) }
        }
        jobs += site.authors.indices.map(PageJob.authorAtom)
        jobs += [.sitemap, .newsSitemap, .robots, .hostHeaders, .hostRedirects]
        if !site.redirects.isEmpty { jobs.append(.nginxRedirects) }
        jobs += dataFiles.files.map { PageJob.data(part: $0.part, format: $0.format) }
        jobs.append(.dataIndex)
        return jobs + sitemapPartJobs
    }

    /// The parts of a sitemap of more than 50,000 pages (none for a smaller site).
    var sitemapPartJobs: [PageJob] {
        let pages = pageJobs.count(where: \.isPage)
        let parts = (pages + SitemapWriter.maxURLs - 1) / SitemapWriter.maxURLs
        return parts > 1 ? (1...parts).map { PageJob.sitemapPart($0) } : []
    }

    /// The files whose fingerprint includes incident `i` (its page, the listing pages and
    /// feeds that show it, the whole-site files) and those that follow the clock: after an
    /// edit that leaves the site's structure alone, no other file can have changed.
    func jobs(showing i: Int) -> [PageJob] {
        let perPage = site.config.perPage
        var jobs: [PageJob] = [.incident(i), .index(page: i / perPage + 1), .siteAtom, .siteJSONFeed]
        for (t, taxonomy) in site.taxonomies.enumerated() {
            for (k, term) in taxonomy.terms.enumerated() {
                guard let position = term.incidents.firstIndex(of: i) else { continue }
                jobs += [.listing(taxonomy: t, term: k, page: position / perPage + 1), .termAtom(taxonomy: t, term: k)]
            }
        }
        jobs += [.sitemap, .newsSitemap, .correctionsAtom, .dataIndex, .dataPage]
        let part = dataFiles.part(of: i)
        jobs += DataFiles.Format.allCases.map { PageJob.data(part: part, format: $0) }
        jobs += (1...pageCount(corrections.count)).map { PageJob.corrections(page: $0) }
        // Its thread and related incidents show its title; its authors' pages and feeds list it.
        let links = site.links
        jobs += neighbours(of: i).map(PageJob.incident)
        if let t = links.thread[i] { jobs.append(.thread(t)) }
        for a in links.authors[i] ?? [] {
            guard let position = site.authors[a].incidents.firstIndex(of: i) else { continue }
            jobs += [.author(a, page: position / perPage + 1), .authorAtom(a)]
        }
        if links.authors[i] != nil { jobs.append(.authors) }
        jobs += site.config.briefings.indices.map(PageJob.briefing)
        jobs += mapJobs(showing: i)
        return jobs + sitemapPartJobs
    }

    /// The HTML pages.
    var pageJobs: [PageJob] {
        var jobs: [PageJob] = site.incidents.indices.map(PageJob.incident)
        jobs += (1...pageCount(site.incidents.count)).map { PageJob.index(page: $0) }
        for (t, taxonomy) in site.taxonomies.enumerated() {
            jobs.append(.taxonomy(t))
            for (i, term) in taxonomy.terms.enumerated() {
                jobs += (1...pageCount(term.incidents.count)).map { PageJob.listing(taxonomy: t, term: i, page: $0) }
            }
        }
        jobs += site.pages.indices.map(PageJob.page)
        jobs += site.config.briefings.indices.map(PageJob.briefing)
        jobs += (1...pageCount(corrections.count)).map { PageJob.corrections(page: $0) }
        jobs += site.withdrawn.indices.map(PageJob.withdrawn)
        if !site.authors.isEmpty { jobs.append(.authors) }
        for (a, author) in site.authors.enumerated() {
            jobs += (1...pageCount(author.incidents.count)).map { PageJob.author(a, page: $0) }
        }
        jobs += site.threads.indices.map(PageJob.thread)
        jobs += site.redirects.indices.map(PageJob.redirect)
        if site.config.search { jobs.append(.search) }
        if maps.isOn { jobs.append(.map) }
        jobs.append(.dataPage)
        jobs.append(.notFound)
        return jobs
    }

    /// Where a job's file is written.
    func outputPath(_ job: PageJob) -> String {
        switch job {
        case .incident(let i): return site.incidents[i].path + "index.html"
        case .index(let n): return paged("", n) + "index.html"
        case .listing(let t, let i, let n): return paged(site.taxonomies[t].terms[i].path, n) + "index.html"
        case .taxonomy(let t): return site.taxonomies[t].path + "index.html"
        case .page(let i): return site.pages[i].path + "index.html"
        case .notFound: return "404.html"
        case .search: return "search/index.html"
        case .siteAtom: return "feed.xml"
        case .siteJSONFeed: return "feed.json"
        case .termAtom(let t, let i): return site.taxonomies[t].terms[i].path + "feed.xml"
        case .sitemap: return "sitemap.xml"
        case .sitemapPart(let n): return SitemapWriter.partPath(n)
        case .newsSitemap: return "news-sitemap.xml"
        case .robots: return "robots.txt"
        case .data(let part, let format): return dataFiles.path(part, format)
        case .dataIndex: return DataFiles.indexPath
        case .dataPage: return DataFiles.pagePath + "index.html"
        case .briefing(let i): return "briefings/\(site.config.briefings[i].name)/index.html"
        case .withdrawn(let i): return site.withdrawn[i].path + "index.html"
        case .corrections(let n): return paged("corrections/", n) + "index.html"
        case .correctionsAtom: return "corrections/feed.xml"
        case .authors: return "authors/index.html"
        case .author(let a, let n): return paged(site.authors[a].path, n) + "index.html"
        case .authorAtom(let a): return site.authors[a].path + "feed.xml"
        case .thread(let t): return site.threads[t].path + "index.html"
        case .map: return MapIndex.pagePath + "index.html"
        case .hostHeaders: return "_headers"
        case .hostRedirects: return "_redirects"
        case .redirect(let i): return site.redirects[i].from + "index.html"
        case .nginxRedirects: return HostRules.redirectMap
        }
    }

    /// Renders one file.
    func render(_ job: PageJob) -> OutputFile {
        let path = outputPath(job)
        if let page = renderPage(job) { return OutputFile(path: path, bytes: page) }
        return renderData(job, path: path)
    }
}

extension Renderer {
    func paged(_ base: String, _ n: Int) -> String { n == 1 ? base : base + "page/\(n)/" }

    /// The incidents whose pages show incident `i`: the others of its thread, and those
    /// related to it.
    func neighbours(of i: Int) -> [Int] {
        let links = site.links
        let thread = links.thread[i].map { site.threads[$0].incidents.filter { $0 != i } } ?? []
        return thread + (links.related[i] ?? [])
    }

    func pageCount(_ items: Int) -> Int { max(1, (items + site.config.perPage - 1) / site.config.perPage) }

    /// The positions of the items on listing page `n` (1-based) of `count` items.
    func pageRange(_ n: Int, of count: Int) -> Range<Int> {
        let perPage = site.config.perPage
        return min((n - 1) * perPage, count)..<min(n * perPage, count)
    }
}

/// Strings made once each, when first asked for, by whichever rendering thread asks first
/// (two may make the same one at once; they agree).
final class CardCache: Sendable {
    private let slots: Mutex<[String?]>
    private let make: @Sendable (Int) -> String

    /// A cache holding `made` (nil: not made yet), making the others with `make`.
    init(_ made: [String?], make: @escaping @Sendable (Int) -> String) {
        slots = Mutex(made)
        self.make = make
    }

    subscript(i: Int) -> String {
        if let made = slots.withLock({ $0[i] }) { return made }
        let value = make(i)
        slots.withLock { $0[i] = value }
        return value
    }

    /// What is made so far.
    var made: [String?] { slots.withLock { $0 } }
}
