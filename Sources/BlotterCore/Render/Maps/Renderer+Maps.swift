/// The map pages: `/map/`, each area's map, and the locator on each report with a position
/// (docs/templates.md, "Maps"). The interactive maps are the theme's `assets/map.js` over
/// Leaflet; their markers come from the GeoJSON data files, and every page lists the same
/// incidents as links, which is how readers without JavaScript and screen readers get them.
extension MapIndex {
    /// The map page's template and address.
    static let template = "map"
    static let pagePath = "map/"
    /// The most incidents `/map/` lists beneath the map (the newest); the map shows them all,
    /// and each area's page and the data files list the rest. Keeps a big site's page small.
    static let listLimit = 500
    /// How far `/map/#lat,lon,zoom` zooms in, from a report's "See it on the map".
    static let focusZoom = 16
}

extension Renderer {
    /// The files that change when incident `i` is edited in place: the map page lists it,
    /// its area's first page has its map, and the locators of its area draw it.
    func mapJobs(showing i: Int) -> [PageJob] {
        guard maps.isOn, let group = maps.group(of: i) else { return [] }
        var jobs: [PageJob] = [.map]
        jobs += group.incidents.filter { $0 != i }.map(PageJob.incident)
        if let t = site.taxonomies.firstIndex(where: { $0.kind == .area }),
           let k = site.taxonomies[t].terms.firstIndex(where: { $0.incidents.contains(i) }) {
            jobs.append(.listing(taxonomy: t, term: k, page: 1))
        }
        return jobs
    }

    /// The context of `/map/`.
    func mapPage() -> TemplateFields {
        let count = maps.located.count
        var context = page(PageMeta(kind: "map", title: "Map",
                                    description: "Where the incidents we report happened, on a map and as a list.",
                                    path: MapIndex.pagePath))
        let listed = maps.located.prefix(MapIndex.listLimit)
        let unlocated = site.incidents.count - count
        let days = maps.located.map { day(of: $0) }
        var fields = mapView(areas: [], label: "Map of every report with a position")
        fields["incidents"] = .list(listed.map(mapEntry))
        fields["count"] = .int(count)
        fields["count_text"] = .text(count == 1 ? "1 report" : "\(count) reports")
        fields["listed"] = .int(listed.count)
        fields["is_capped"] = .bool(listed.count < count)
        fields["unlocated"] = .int(unlocated)
        fields["unlocated_text"] = unlocated == 0 ? .absent
            : .text(unlocated == 1 ? "1 report has no position and is not on the map"
                        : "\(unlocated) reports have no position and are not on the map")
        fields["statuses"] = .list(Status.allCases.map { ["key": .text($0.rawValue), "label": .text($0.label)] })
        fields["first_day"] = days.min().templateText
        fields["last_day"] = days.max().templateText
        fields["latest_url"] = .text(builder.url(""))
        fields["areas_url"] = .text(builder.url(TaxonomyKind.area.segment + "/"))
        context["map"] = .map(fields)
        return context
    }

    /// The map of an area's listing (on its first page: the map shows all of the area's
    /// incidents whatever the page, so one is enough), or absent when none has a position.
    func areaMap(_ term: Term) -> TemplateValue {
        guard maps.isOn, let group = maps.group(area: term) else { return .absent }
        var fields = mapView(areas: group.areaNames, label: "Map of the reports in \(term.name)")
        let count = group.incidents.count
        fields["count"] = .int(count)
        fields["count_text"] = .text(count == 1 ? "1 report" : "\(count) reports")
        fields["map_url"] = .text(builder.url(MapIndex.pagePath))
        return .map(fields)
    }

    /// `incident` (a report's fields) with its `locator`, when it has a position.
    func withLocator(_ incident: TemplateValue, of i: Int) -> TemplateValue {
        guard case .map(var fields) = incident else { return incident }
        fields["locator"] = .absent
        if maps.isOn, let group = maps.group(of: i) {
            let location = site.incidents[i].incident.location
            let (svg, text) = Plots.locator(i, in: group, site: site, id: "locator-title")
            fields["locator"] = [
                "svg_html": .text(svg), "text": .text(text),
                "map_url": .text(builder.url(MapIndex.pagePath) + "#\(location.point.lat),\(location.point.lon),"
                                 + "\(MapIndex.focusZoom)"),
                "others": .int(group.incidents.count - 1), "area": group.area.templateText,
            ]
        }
        return .map(fields)
    }
}

private extension Renderer {
    /// What the glue script reads from the map's element: the GeoJSON files, the tiles
    /// and their credit, the areas to show (none: all) and the status labels (the template
    /// adds the site's address, with which the script makes the GeoJSON's links local).
    func mapView(areas: [String], label: String) -> TemplateFields {
        let settings = maps.settings ?? MapSettings()
        let sources = dataFiles.files.filter { $0.format == .geojson }.map { builder.url(dataFiles.path($0.part, $0.format)) }
        let labels = Status.allCases.map { JSONText.quote($0.rawValue) + ":" + JSONText.quote($0.label) }
        return [
            "sources": .text(sources.joined(separator: " ")),
            "tiles": settings.tiles.templateText,
            "attribution_html": .text(Markdown.inlineHTML(settings.attribution)),
            "areas_json": .text("[" + areas.map(JSONText.quote).joined(separator: ",") + "]"),
            "labels_json": .text("{" + labels.joined(separator: ",") + "}"),
            "label": .text(label),
        ]
    }

    /// One incident of the list beneath the map.
    func mapEntry(_ i: Int) -> TemplateValue {
        let published = site.incidents[i]
        var fields: TemplateFields = [
            "title": .text(published.incident.title), "url": .text(builder.url(published.path)),
            "date": builder.dates.context(published.incident.date), "day": .text(day(of: i)),
            "status": builder.status(published.incident.status),
        ]
        fields["location"] = builder.cardField("location", at: i)
        return .map(fields)
    }

    /// The incident's day in the site's timezone (`2024-06-22`), as the filter compares it.
    func day(of i: Int) -> String { String(builder.dates.iso(site.incidents[i].incident.date).prefix(10)) }
}
