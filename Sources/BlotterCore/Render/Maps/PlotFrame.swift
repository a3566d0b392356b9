internal import Foundation

/// A rectangle of the Earth drawn in a box of `width` × `height` pixels, north up: what the
/// static plots (the report's locator, the briefing's overview) are drawn in. The extent
/// of the points given, with a margin, fills the box in one direction; distances are true
/// in both directions (the longitudes shrunk by the cosine of the middle latitude), which
/// at a borough's size is as good as any map projection.
struct PlotFrame: Sendable {
    let width: Double
    let height: Double
    /// The strip at the bottom kept for the scale bar: no point is drawn in it.
    let strip: Double
    /// Pixels per degree of latitude.
    let scale: Double
    let centreLat: Double
    let centreLon: Double
    /// cos(latitude) at the centre: a degree of longitude in degrees of latitude.
    let shrink: Double

    /// Metres in a degree of latitude.
    static let metresPerDegree = 111_320.0

    /// A frame holding `points` (lat, lon) at least `margin` pixels inside the edges, never
    /// narrower than `minimumMetres` (one point, or two on the same street, still show where
    /// they are).
    init(_ points: [(lat: Double, lon: Double)], width: Double, height: Double, margin: Double,
         strip: Double = 20, minimumMetres: Double = 800) {
        self.width = width
        self.height = height
        self.strip = strip
        let lats = points.map(\.lat), lons = points.map(\.lon)
        let (minLat, maxLat) = (lats.min() ?? 0, lats.max() ?? 0)
        let (minLon, maxLon) = (lons.min() ?? 0, lons.max() ?? 0)
        centreLat = (minLat + maxLat) / 2
        centreLon = (minLon + maxLon) / 2
        shrink = max(cos(centreLat * .pi / 180), 0.01)
        let least = minimumMetres / Self.metresPerDegree
        let spanY = max(maxLat - minLat, least)
        let spanX = max((maxLon - minLon) * shrink, least)
        scale = min((width - 2 * margin) / spanX, (height - strip - 2 * margin) / spanY)
    }

    /// Where a point is drawn, in pixels from the top left.
    func point(lat: Double, lon: Double) -> (x: Double, y: Double) {
        (width / 2 + (lon - centreLon) * shrink * scale, (height - strip) / 2 - (lat - centreLat) * scale)
    }

    /// A scale bar: a round length in metres no longer than a quarter of the width, its
    /// length in pixels, and how it reads ("500 m", "2 km").
    var scaleBar: (pixels: Double, label: String) {
        let metresPerPixel = Self.metresPerDegree / scale
        let lengths: [Double] = [10, 20, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 25_000,
                                 50_000, 100_000, 200_000, 250_000, 500_000, 1_000_000]
        let metres = lengths.last { $0 / metresPerPixel <= width / 4 } ?? lengths[0]
        let label = metres >= 1000 ? "\(Self.number(metres / 1000, digits: 1).trimmedZero) km" : "\(Int(metres)) m"
        return (metres / metresPerPixel, label)
    }

    /// `value` with `digits` decimals (0 to 3), the same on every machine: no locale, no
    /// exponent, no "-0".
    static func number(_ value: Double, digits: Int = 1) -> String {
        let factor = [1.0, 10, 100, 1000][min(max(digits, 0), 3)]
        let scaled = Int((value * factor).rounded())
        let whole = abs(scaled) / Int(factor), part = abs(scaled) % Int(factor)
        let sign = scaled < 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fraction = String(part)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}

private extension String {
    /// `2.0` -> `2`, `2.5` stays.
    var trimmedZero: String { hasSuffix(".0") ? String(dropLast(2)) : self }
}
