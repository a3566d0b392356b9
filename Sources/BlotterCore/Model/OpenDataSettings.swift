/// site.yml's `data:` and `data_license:`: how the open data is published (docs/data.md).
public struct OpenDataSettings: Sendable, Equatable {
    /// Above this many incidents the data is published per year (`split_above`, default 5,000).
    public var splitAbove = 5000
    /// Whether the files carry each incident's Markdown body (`bodies`). Unset: the
    /// whole-site files do, the per-year files do not (the bodies are on the pages).
    public var bodies: Bool?
    /// The licence the data is published under (`data_license`), shown on `/data/` and in
    /// `/data/index.json`.
    public var license: License?

    /// A licence: its name and, if given, the address of its text.
    public struct License: Sendable, Equatable {
        public var name: String
        public var url: String?
    }

    /// Whether a site of `incidents` published incidents has its data per year.
    func splits(_ incidents: Int) -> Bool { incidents > splitAbove }
}

extension FieldReader {
    /// Reads `data: {split_above: N, bodies: bool}`.
    mutating func openData(_ node: YAMLNode, into settings: inout OpenDataSettings) {
        guard var f = mapping(node, field: "data") else { return }
        if let n = count(f.take("split_above"), "data.split_above") { settings.splitAbove = n }
        settings.bodies = bool(f.take("bodies"), "data.bodies")
        warnUnknown(f, parent: "data")
    }

    /// Reads `data_license`: a name (`CC BY 4.0`) or `{name, url}`.
    mutating func dataLicense(_ node: YAMLNode) -> OpenDataSettings.License? {
        guard case .mapping = node else { return string(node, "data_license").map { .init(name: $0) } }
        guard var f = mapping(node, field: "data_license") else { return nil }
        let name = requiredString(&f, "name", parent: "data_license")
        var url: String?
        if let urlNode = f.take("url"), let value = string(urlNode, "data_license.url") {
            if URLSafety.isSafeLink(value) { url = value } else {
                error("data_license.url", at: urlNode, "unsafe address \(quoted(value)); use an http(s) address or a site path")
            }
        }
        warnUnknown(f, parent: "data_license")
        return name.map { .init(name: $0, url: url) }
    }
}
