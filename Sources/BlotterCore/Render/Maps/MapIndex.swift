/// Where the site's incidents are, for the maps: which have a position, and for each area
/// the frame and faint dots of its locator (made once per area, shared by its reports).
struct MapIndex: Sendable {
    /// site.yml's `map:`; nil when maps are off.
    let settings: MapSettings?
    /// The incidents with a position (indexes into `site.incidents`, newest first).
    let located: [Int]
    /// The groups a locator shows together: one per area with located incidents, and one
    /// for each located incident without an area.
    let groups: [Group]
    /// Each located incident's group.
    let groupOf: [Int: Int]

    /// Incidents drawn in one frame.
    struct Group: Sendable {
        /// The area's name (nil for an incident without an area).
        var area: String?
        /// Its located incidents, newest first.
        var incidents: [Int]
        /// Every spelling of the area's name among them (the GeoJSON's `area`), sorted.
        var areaNames: [String]
        /// The locator's frame, and its faint dots as SVG.
        var frame: PlotFrame
        var dots: String
        /// A hash of the positions: the pages that draw the group change with it.
        var hash: UInt64
    }

    /// The locator's size in pixels.
    static let locatorSize = (width: 320.0, height: 200.0)
    /// The grid the faint dots are thinned to, in pixels: a dense area draws at most one dot
    /// per cell (a few hundred at most), so a report's page stays small.
    static let dotGrid = 8.0

    /// Whether the site has a map: maps on and an incident with a position.
    var isOn: Bool { settings != nil && !located.isEmpty }

    init(site: Site) {
        settings = site.config.map
        guard settings != nil else {
            (located, groups, groupOf) = ([], [], [:])
            return
        }
        located = site.incidents.indices.filter { site.incidents[$0].incident.location.hasCoordinates }
        var groups: [Group] = []
        var groupOf: [Int: Int] = [:]
        let areas = site.taxonomies.first { $0.kind == .area }?.terms ?? []
        for term in areas {
            let members = term.incidents.filter { site.incidents[$0].incident.location.hasCoordinates }
            guard !members.isEmpty else { continue }
            for i in members { groupOf[i] = groups.count }
            groups.append(Self.group(term.name, members, site))
        }
        for i in located where groupOf[i] == nil {
            groupOf[i] = groups.count
            groups.append(Self.group(nil, [i], site))
        }
        self.groups = groups
        self.groupOf = groupOf
    }

    /// The group of incident `i`, if it has a position.
    func group(of i: Int) -> Group? { groupOf[i].map { groups[$0] } }

    /// The group of the area `term`, if any of its incidents has a position.
    func group(area term: Term) -> Group? {
        term.incidents.lazy.compactMap { groupOf[$0] }.first.map { groups[$0] }
    }
}

private extension MapIndex {
    static func group(_ area: String?, _ members: [Int], _ site: Site) -> Group {
        let points = members.map { site.incidents[$0].incident.location.point }
        let frame = PlotFrame(points, width: locatorSize.width, height: locatorSize.height, margin: 18)
        var hasher = StableHasher()
        var names: Set<String> = []
        for (i, point) in zip(members, points) {
            hasher.combine(site.incidents[i].path)
            hasher.combine(point.lat)
            hasher.combine(point.lon)
            if let name = site.incidents[i].incident.location.area { names.insert(name) }
        }
        return Group(area: area, incidents: members, areaNames: names.sorted(), frame: frame,
                     dots: dots(points, in: frame), hash: hasher.finalize())
    }

    /// The faint dots: one per cell of `dotGrid`, in the order of the cells.
    static func dots(_ points: [(lat: Double, lon: Double)], in frame: PlotFrame) -> String {
        var cells: [[Int]: (x: Double, y: Double)] = [:]
        for point in points {
            let p = frame.point(lat: point.lat, lon: point.lon)
            let cell = [Int((p.x / dotGrid).rounded(.down)), Int((p.y / dotGrid).rounded(.down))]
            if cells[cell] == nil { cells[cell] = p }
        }
        return cells.keys.sorted { $0[1] != $1[1] ? $0[1] < $1[1] : $0[0] < $1[0] }.map { cell in
            let p = cells[cell]!
            return "<circle cx=\"\(PlotFrame.number(p.x))\" cy=\"\(PlotFrame.number(p.y))\" r=\"3\"/>"
        }.joined()
    }
}

extension Location {
    /// The position (only for a location with `hasCoordinates`).
    var point: (lat: Double, lon: Double) { (lat ?? 0, lon ?? 0) }
}
