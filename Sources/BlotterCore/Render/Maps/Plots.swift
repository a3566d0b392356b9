/// The static plots, inline SVG made here: no script, no tiles, no request to another
/// site (a report's page stays as private and as fast without the map as with it, and a
/// printed briefing needs no network). Numbers have one decimal, the same on every machine.
enum Plots {
    /// The colours: the report's mark, the other reports' faint dots, the frame.
    static let mark = "#b00020", faint = "#5f6368", ground = "#f4f1ea", edge = "#8a8a8a", ink = "#222"

    /// The locator of incident `i`: a marked dot among the faint dots of the other reports of
    /// its area, in the area's extent, with a scale bar. `id` names its title.
    static func locator(_ i: Int, in group: MapIndex.Group, site: Site, id: String) -> (svg: String, text: String) {
        let incident = site.incidents[i].incident
        let frame = group.frame
        let p = frame.point(lat: incident.location.point.lat, lon: incident.location.point.lon)
        let others = group.incidents.count - 1
        var text = "Map of where it happened: \(incident.location.name), the red ringed dot"
        if let area = group.area, others > 0 {
            text += ", among the \(others == 1 ? "other report" : "\(others) other reports") with a position in \(area) "
                + "(grey dots)"
        }
        text += ". North is up; the bar is \(frame.scaleBar.label)."
        var svg = open(frame, id: id, title: text, className: "locator-plot")
        svg += "<g fill=\"\(faint)\" fill-opacity=\"0.5\">\(group.dots)</g>" + scaleBar(frame)
        // The report's mark last: nothing covers it, not even the scale bar.
        svg += "<circle cx=\"\(n(p.x))\" cy=\"\(n(p.y))\" r=\"8\" fill=\"none\" stroke=\"\(mark)\" stroke-width=\"2.5\"/>"
        svg += "<circle cx=\"\(n(p.x))\" cy=\"\(n(p.y))\" r=\"3.5\" fill=\"\(mark)\"/>"
        return (svg + "</svg>", text)
    }

    /// The overview of a briefing: its incidents with a position, each a numbered dot (the
    /// number of the incident in the briefing) over their extent; nil when none has one.
    static func overview(_ numbered: [(number: Int, lat: Double, lon: Double)], title: String) -> String? {
        guard !numbered.isEmpty else { return nil }
        let frame = PlotFrame(numbered.map { ($0.lat, $0.lon) }, width: 640, height: 420, margin: 36)
        let svg = open(frame, id: "overview-title", title: title, className: "overview-plot")
        var placed: [(x: Double, y: Double)] = []
        var dots = "", labels = ""
        for item in numbered {
            let p = frame.point(lat: item.lat, lon: item.lon)
            let label = place(p, among: placed, frame: frame)
            placed.append(label)
            dots += "<circle cx=\"\(n(p.x))\" cy=\"\(n(p.y))\" r=\"3\" fill=\"\(mark)\"/>"
            if label.x != p.x || label.y != p.y {
                dots += "<path d=\"M\(n(p.x)) \(n(p.y))L\(n(label.x)) \(n(label.y))\" stroke=\"\(mark)\" stroke-width=\"1\"/>"
            }
            labels += "<circle cx=\"\(n(label.x))\" cy=\"\(n(label.y))\" r=\"10\" fill=\"#fff\" stroke=\"\(mark)\" "
                + "stroke-width=\"2\"/><text x=\"\(n(label.x))\" y=\"\(n(label.y + 4))\" text-anchor=\"middle\" "
                + "font-size=\"11\" font-weight=\"700\" fill=\"\(ink)\">\(item.number)</text>"
        }
        return svg + scaleBar(frame) + dots + labels + "</svg>"
    }
}

private extension Plots {
    static func n(_ value: Double) -> String { PlotFrame.number(value) }

    static func open(_ frame: PlotFrame, id: String, title: String, className: String) -> String {
        let (w, h) = (PlotFrame.number(frame.width, digits: 0), PlotFrame.number(frame.height, digits: 0))
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(className)\" role=\"img\" aria-labelledby=\"\(id)\" "
            + "viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" style=\"max-width:100%;height:auto\"><title id=\"\(id)\">\(XMLText.escape(title))</title>"
            + "<rect x=\"0.5\" y=\"0.5\" width=\"\(n(frame.width - 1))\" height=\"\(n(frame.height - 1))\" "
            + "fill=\"\(ground)\" stroke=\"\(edge)\"/>"
    }

    /// The scale bar in the bottom left corner, on a patch of the ground's colour that
    /// keeps dots beneath it from hiding it.
    static func scaleBar(_ frame: PlotFrame) -> String {
        let bar = frame.scaleBar
        let y = frame.height - 10
        return "<rect x=\"4\" y=\"\(n(y - 18))\" width=\"\(n(max(bar.pixels, 34) + 12))\" height=\"24\" "
            + "fill=\"\(ground)\" fill-opacity=\"0.85\"/>"
            + "<g fill=\"\(ink)\" font-size=\"11\"><path d=\"M10 \(n(y))h\(n(bar.pixels))\" stroke=\"\(ink)\" "
            + "stroke-width=\"2\"/><text x=\"10\" y=\"\(n(y - 5))\">\(bar.label)</text></g>"
    }

    /// Where a number's label goes: on its dot, or, when an earlier label is there, the
    /// first free place on a ring around it (joined to the dot by a line).
    static func place(_ p: (x: Double, y: Double), among placed: [(x: Double, y: Double)],
                      frame: PlotFrame) -> (x: Double, y: Double) {
        func free(_ q: (x: Double, y: Double)) -> Bool {
            q.x >= 12 && q.y >= 12 && q.x <= frame.width - 12 && q.y <= frame.height - 24
                && placed.allSatisfy { ($0.x - q.x) * ($0.x - q.x) + ($0.y - q.y) * ($0.y - q.y) >= 400 }
        }
        if free(p) { return p }
        // Eight directions, on rings 24, 48 and 72 pixels out (exact numbers: the same everywhere).
        let directions: [(Double, Double)] = [(0, -1), (1, 0), (0, 1), (-1, 0), (0.7071, -0.7071), (0.7071, 0.7071),
                                              (-0.7071, 0.7071), (-0.7071, -0.7071)]
        for ring in [24.0, 48, 72] {
            for (dx, dy) in directions {
                let q = (x: p.x + dx * ring, y: p.y + dy * ring)
                if free(q) { return q }
            }
        }
        return (p.x + 24, p.y - 24)
    }
}
