internal import Foundation

/// `aliases:`: the old addresses of incidents and pages, each checked against the site's
/// base URL and every other address, and kept as a redirect (`Site.redirects`).
extension Assembler {
    /// The redirects of the site's incidents, tombstones and pages, by file path; an error at
    /// each alias that is not an address of this site, or that is already another page's
    /// address, a generated page's, or another alias.
    static func redirects(_ site: Site, diagnostics: inout [Diagnostic]) -> [Redirect] {
        var taken: [String: String] = [:]
        for item in site.incidents + site.withdrawn { taken[item.path] = item.incident.path }
        for page in site.pages { taken[page.path] = page.page.path }
        var sources = (site.incidents + site.withdrawn).filter { !$0.incident.aliases.isEmpty }.map {
            (file: $0.incident.path, aliases: $0.incident.aliases, to: $0.path)
        }
        sources += site.pages.filter { !$0.page.aliases.isEmpty }.map {
            (file: $0.page.path, aliases: $0.page.aliases, to: $0.path)
        }
        guard !sources.isEmpty else { return [] }
        sources.sort { $0.file < $1.file }
        let config = site.config
        var aliasOf: [String: String] = [:]
        var redirects: [Redirect] = []
        for source in sources {
            for (index, alias) in source.aliases.enumerated() {
                let problem: String
                switch aliasPath(alias.text, baseURL: config.baseURL) {
                case .failure(let refusal):
                    problem = refusal.message
                case .success(let path):
                    if let clash = clash(path, taken: taken, aliasOf: aliasOf, file: source.file,
                                         incidentFolder: config.permalink.firstSegment) {
                        problem = clash
                    } else {
                        aliasOf[path] = source.file
                        redirects.append(Redirect(from: path, to: source.to))
                        continue
                    }
                }
                diagnostics.append(Diagnostic(.error, file: source.file, line: alias.line, column: alias.column,
                                              field: "aliases[\(index + 1)]", message: problem))
            }
        }
        return redirects.sorted { $0.from < $1.from }
    }

    /// Why an alias cannot be used: it is an address of the site already.
    private static func clash(_ path: String, taken: [String: String], aliasOf: [String: String], file: String,
                              incidentFolder: String) -> String? {
        if let owner = taken[path] {
            return owner == file ? "/\(path) is this page's own address"
                : "/\(path) is the address of \(owner); an alias must be an address no page has"
        }
        if let owner = aliasOf[path] {
            return owner == file ? "/\(path) is given twice" : "/\(path) is also an alias of \(owner)"
        }
        let first = String(path.prefix { $0 != "/" })
        let generated = path == incidentFolder + "/" || path == "incidents/"
            || (reservedSegments.contains(first) && first != "incidents" && first != incidentFolder)
        return generated ? "/\(path) is the address of a generated page; an alias must be an address no page has" : nil
    }

    /// An alias as a path below the site root ending in `/` (`incidents/old/`): written as
    /// `/incidents/old/`, `incidents/old`, or a full URL on `baseURL`.
    static func aliasPath(_ text: String, baseURL: String) -> Result<String, AliasRefusal> {
        var path = Substring(text)
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            let base = baseURL.range(of: "://").map { baseURL[$0.upperBound...] }
            guard let base else {
                return .failure(AliasRefusal(message: "a full address cannot be checked against base_url \(quoted(baseURL)), "
                                             + "which is a path; write the old address as a path like /incidents/old/, "
                                             + "found \(quoted(text))"))
            }
            let lowered = rest.lowercased(), baseLowered = base.lowercased()
            guard text.lowercased().hasPrefix("http"), lowered.hasPrefix(baseLowered) || lowered + "/" == baseLowered else {
                return .failure(AliasRefusal(message: "not an address on this site's base_url (\(baseURL)); an alias is "
                                             + "an old address of this site, found \(quoted(text))"))
            }
            path = rest.dropFirst(min(base.count, rest.count))
        }
        if path.first == "/" { path = path.dropFirst() }
        guard !path.isEmpty else { return .failure(AliasRefusal(message: "the home page cannot be an alias")) }
        if !path.isEmpty, path.last != "/" { path += "/" }
        if path.contains("?") || path.contains("#") {
            return .failure(AliasRefusal(message: "an alias is a page's address, without a query ('?') or a fragment "
                                         + "('#'), found \(quoted(text))"))
        }
        let allowed = path.utf8.allSatisfy { byte in
            (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || (byte >= 0x30 && byte <= 0x39)
                || "-._~/".utf8.contains(byte)
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        guard allowed, !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            return .failure(AliasRefusal(message: "expected an address like /incidents/old-headline/ (letters, digits, "
                                         + "'-', '.', '_', '~' and '/', no empty, '.' or '..' folders), found \(quoted(text))"))
        }
        return .success(String(path))
    }

    /// Why an alias is refused.
    struct AliasRefusal: Error {
        var message: String
    }
}
