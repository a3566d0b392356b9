internal import Foundation

/// Stage 3, the links between incidents and to their authors: bylines, story threads
/// (`follows`) and related incidents, each checked against what the site publishes.
extension Assembler {
    /// Sets `site.authors`, `site.threads` and `site.links` from the published incidents'
    /// `authors`, `follows` and `related`. `all` is every parsed incident (drafts and
    /// incidents published later too): a link to one of them is a warning, not an error.
    static func link(_ site: inout Site, authors: [Author], all: [SharedIncident], diagnostics: inout [Diagnostic]) {
        site.authors = authors.sorted { $0.key < $1.key }.map { PublishedAuthor(author: $0, incidents: []) }
        let references = References(site, all: all)
        var links = Site.Links()
        var parent: [Int: Int] = [:]
        var related: [Int: Set<Int>] = [:]
        for i in site.incidents.indices {
            let incident = site.incidents[i].incident
            for (k, key) in incident.authors.enumerated() {
                guard let a = references.author(key, field: "authors[\(k + 1)]", of: incident, &diagnostics) else { continue }
                guard links.authors[i]?.contains(a) != true else { continue }
                links.authors[i, default: []].append(a)
                site.authors[a].incidents.append(i)
            }
            if let slug = incident.follows, let j = references.incident(slug, field: "follows", of: incident, &diagnostics) {
                parent[i] = j
            }
            for (k, slug) in incident.related.enumerated() {
                guard let j = references.incident(slug, field: "related[\(k + 1)]", of: incident, &diagnostics),
                      j != i else { continue }
                related[i, default: []].insert(j)
                related[j, default: []].insert(i)
            }
        }
        breakLoops(&parent, in: site, &diagnostics)
        links.follows = parent
        (site.threads, links.thread) = threads(parent, in: site)
        for (i, others) in related {
            let shown = others.filter { j in links.thread[i] == nil || links.thread[j] != links.thread[i] }
            if !shown.isEmpty { links.related[i] = shown.sorted() }
        }
        site.links = links
    }

    /// Removes the `follows` links that close a loop (a follows b, b follows a), with an error
    /// at the first report of each loop by path.
    private static func breakLoops(_ parent: inout [Int: Int], in site: Site, _ diagnostics: inout [Diagnostic]) {
        var done: Set<Int> = []
        for start in parent.keys.sorted() where !done.contains(start) {
            var path: [Int] = []
            var onPath: [Int: Int] = [:]
            var node: Int? = start
            while let i = node, !done.contains(i), onPath[i] == nil {
                onPath[i] = path.count
                path.append(i)
                node = parent[i]
            }
            done.formUnion(path)
            guard let i = node, let at = onPath[i] else { continue }
            let loop = Array(path[at...])
            let first = loop.min { site.incidents[$0].incident.path < site.incidents[$1].incident.path }!
            let k = loop.firstIndex(of: first)!
            let order = Array(loop[k...] + loop[..<k]) + [first]
            let incident = site.incidents[first].incident
            let place = incident.marks.location(of: "follows")
            let chain = order.map { site.incidents[$0].slug }.joined(separator: " → ")
            diagnostics.append(Diagnostic(
                .error, file: incident.path, line: place.line, column: place.column, field: "follows",
                message: "`follows` makes a loop (\(chain)): a report cannot follow one of its own later developments; "
                    + "remove `follows` from the earliest of them", kind: .reference))
            parent[first] = nil
        }
    }

    /// The threads `parent` makes (each incident that others follow, with all that follow it,
    /// however far down), oldest first, and the thread of each incident in one.
    private static func threads(_ parent: [Int: Int], in site: Site) -> ([StoryThread], [Int: Int]) {
        var children: [Int: [Int]] = [:]
        for (child, of) in parent { children[of, default: []].append(child) }
        let roots = children.keys.filter { parent[$0] == nil }.sorted { a, b in
            isEarlier(site.incidents[a].incident, site.incidents[b].incident)
        }
        var threads: [StoryThread] = []
        var thread: [Int: Int] = [:]
        var paths: Set<String> = []
        for root in roots {
            var members: [Int] = []
            var pending = [root]
            while let next = pending.popLast() {
                members.append(next)
                pending += children[next] ?? []
            }
            members.sort { isEarlier(site.incidents[$0].incident, site.incidents[$1].incident) }
            let base = "threads/\(site.incidents[root].slug)"
            var path = base + "/"
            var n = 2
            while !paths.insert(path).inserted {
                path = "\(base)-\(n)/"
                n += 1
            }
            for member in members { thread[member] = threads.count }
            threads.append(StoryThread(incidents: members, path: path))
        }
        return (threads, thread)
    }

    /// Story order: by the time it happened, then by file.
    static func isEarlier(_ a: borrowing Incident, _ b: borrowing Incident) -> Bool {
        a.date.instant != b.date.instant ? a.date.instant < b.date.instant : a.path < b.path
    }
}

/// Looks up what incidents name, with a diagnostic at the name when it is not in the site.
private struct References {
    let authorIndex: [String: Int]
    let authorKeys: [String]
    let incidentIndex: [String: Int]
    /// Slugs that several published incidents share (a `permalinks` pattern with the date
    /// lets them), with their addresses.
    let shared: [String: [String]]
    /// Slugs of incidents that exist but are not published in this build (drafts, later ones).
    let unpublished: Set<String>
    let withdrawn: Set<String>
    let slugs: [String]

    init(_ site: Site, all: [SharedIncident]) {
        authorKeys = site.authors.map(\.author.key)
        authorIndex = Dictionary(authorKeys.enumerated().map { ($1, $0) }) { first, _ in first }
        var index: [String: Int] = [:]
        var shared: [String: [String]] = [:]
        for (i, published) in site.incidents.enumerated() {
            guard let first = index[published.slug] else {
                index[published.slug] = i
                continue
            }
            if shared[published.slug] == nil { shared[published.slug] = ["/" + site.incidents[first].path] }
            shared[published.slug]!.append("/" + published.path)
        }
        incidentIndex = index
        self.shared = shared
        slugs = site.incidents.map(\.slug)
        withdrawn = Set(site.withdrawn.map(\.slug))
        unpublished = Set(all.map(\.baseSlug)).subtracting(index.keys)
    }

    /// The index of author `key` in `Site.authors`.
    func author(_ key: String, field: String, of incident: borrowing Incident, _ diagnostics: inout [Diagnostic]) -> Int? {
        if let a = authorIndex[key] { return a }
        let message: String
        if authorKeys.isEmpty {
            message = "unknown author \(quoted(key)): there are no authors yet; add Content/authors/\(key).md with their `name`"
        } else {
            let target = Array(key.lowercased())
            let closest = authorKeys.map { ($0, Spelling.distance(target, Array($0))) }
                .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
            let shown = closest.prefix(8).joined(separator: ", ")
            let more = closest.count > 8 ? " and \(closest.count - 8) more" : ""
            message = "unknown author \(quoted(key)); known authors, closest first: \(shown)\(more) (Content/authors/)"
        }
        report(message, field: field, of: incident, &diagnostics)
        return nil
    }

    /// The index in `Site.incidents` of the incident published at `slug`.
    func incident(_ slug: String, field: String, of incident: borrowing Incident, _ diagnostics: inout [Diagnostic]) -> Int? {
        if let addresses = shared[slug] {
            report("\(quoted(slug)) is the slug of \(addresses.count) reports (\(addresses.sorted().joined(separator: ", "))); "
                   + "give the one you mean a `slug` of its own", field: field, of: incident, &diagnostics)
            return nil
        }
        if let i = incidentIndex[slug] { return i }
        let place = incident.marks.location(of: field)
        if withdrawn.contains(slug) || unpublished.contains(slug) {
            let why = withdrawn.contains(slug) ? "was withdrawn: no link to it is shown"
                : "is not published (a draft, or published later): the link appears when it is"
            diagnostics.append(Diagnostic(.warning, file: incident.path, line: place.line, column: place.column,
                                          field: field, message: "the incident \(quoted(slug)) \(why)", kind: .reference))
            return nil
        }
        var message = "no published incident has the slug \(quoted(slug))"
        if let guess = Spelling.closest(to: slug, among: slugs) { message += "; did you mean \(quoted(guess))?" }
        report(message, field: field, of: incident, &diagnostics)
        return nil
    }

    private func report(_ message: String, field: String, of incident: borrowing Incident, _ diagnostics: inout [Diagnostic]) {
        let place = incident.marks.location(of: field)
        diagnostics.append(Diagnostic(.error, file: incident.path, line: place.line, column: place.column, field: field,
                                      message: message, kind: .reference))
    }
}
