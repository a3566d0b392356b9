internal import Foundation

/// site.yml's `map:`: the map pages (`/map/`, each area's map, the locator of each report
/// with a position) and where their background comes from (docs/format.md, "Maps").
///
/// `map: false` turns every map off; `map: true` or no `map:` at all keeps the defaults,
/// OpenStreetMap's standard tiles with its attribution.
public struct MapSettings: Sendable, Equatable {
    /// The tile address, with `{z}`, `{x}` and `{y}` (and optionally `{s}` and `{r}`) for
    /// Leaflet to fill in; nil: no tiles, the markers on a plain background (`tiles: false`).
    public var tiles: String? = MapSettings.openStreetMapTiles
    /// The credit the tile provider asks for, as Markdown (links allowed), shown in the
    /// map's corner.
    public var attribution = MapSettings.openStreetMapAttribution

    /// OpenStreetMap's standard tiles. Its usage policy
    /// (https://operations.osmfoundation.org/policies/tiles/) asks for the attribution, a
    /// valid Referer (browsers send one) and no heavy use; a busy site uses its own tiles.
    public static let openStreetMapTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    /// The credit OpenStreetMap's licence asks for.
    public static let openStreetMapAttribution = "© [OpenStreetMap](https://www.openstreetmap.org/copyright) contributors"

    /// The placeholders a tile address may hold besides `{z}`, `{x}` and `{y}`.
    static let optionalPlaceholders = ["{s}", "{r}"]
}

extension FieldReader {
    /// Reads `map:`: `false` (no maps), `true`, or `{tiles, attribution}`; nil when maps are off.
    mutating func map(_ node: YAMLNode) -> MapSettings? {
        if case .scalar = node {
            guard let text = string(node, "map") else { return MapSettings() }
            switch text.lowercased() {
            case "true", "yes", "on": return MapSettings()
            case "false", "no", "off": return nil
            default:
                error("map", at: node, "expected false (no maps), true, or the fields tiles and attribution, "
                      + "found \(quoted(text))")
                return MapSettings()
            }
        }
        guard var f = mapping(node, field: "map") else { return MapSettings() }
        var settings = MapSettings()
        if let tilesNode = f.take("tiles"), let text = string(tilesNode, "map.tiles") {
            switch text.lowercased() {
            case "false", "no", "off", "none": settings.tiles = nil
            default:
                if let problem = Self.tileProblem(text) {
                    error("map.tiles", at: tilesNode, problem + ", found \(quoted(text))")
                } else {
                    settings.tiles = text
                }
            }
        }
        if let attributionNode = f.take("attribution") {
            settings.attribution = string(attributionNode, "map.attribution") ?? ""
            if settings.attribution.isEmpty, settings.tiles != nil {
                error("map.attribution", at: attributionNode, "the tiles' credit is needed (their licence asks "
                      + "for it); write the one your tile provider gives")
                settings.attribution = MapSettings.openStreetMapAttribution
            }
        }
        warnUnknown(f, parent: "map")
        return settings
    }

    /// What is wrong with a tile address, or nil.
    static func tileProblem(_ text: String) -> String? {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || text.hasPrefix("/") else {
            return "expected an http(s) address or a site path, like \(MapSettings.openStreetMapTiles)"
        }
        let missing = ["{z}", "{x}", "{y}"].filter { !text.contains($0) }
        if !missing.isEmpty {
            return "expected a tile address with {z}, {x} and {y} in it (missing \(missing.joined(separator: ", "))), "
                + "like \(MapSettings.openStreetMapTiles)"
        }
        var rest = text
        for placeholder in ["{z}", "{x}", "{y}"] + MapSettings.optionalPlaceholders {
            rest = rest.replacingOccurrences(of: placeholder, with: "")
        }
        if rest.contains("{") || rest.contains("}") || rest.contains(where: { $0 == "\"" || $0 == "<" || $0 == ">" || $0 == " " }) {
            return "expected only {z}, {x}, {y}, {s} and {r} between braces, and no spaces, quotes or angle brackets"
        }
        return nil
    }
}
