/// site.yml's `images:`: the widths photos are published in, their quality, and the `sizes`
/// pages give browsers (docs/format.md, "Photos").
public struct PhotoSettings: Sendable, Equatable, Hashable {
    /// The widths in pixels (`widths`, default 480, 800, 1200, 1600), ascending; a photo is
    /// never made wider than it is.
    public var widths = [480, 800, 1200, 1600]
    /// JPEG and WebP quality, 1-100 (`quality`, default 82).
    public var quality = 82
    /// How wide the lead photo is shown (`sizes`): the theme's column is 42rem at most.
    public var sizes = "(min-width: 46rem) 42rem, 100vw"

    /// The largest width.
    var largest: Int { widths.last ?? 1600 }
}

extension FieldReader {
    /// Reads `images: {widths: [N, ...], quality: N, sizes: text}`.
    mutating func photoSettings(_ node: YAMLNode, into settings: inout PhotoSettings) {
        guard var f = mapping(node, field: "images") else { return }
        if let list = f.take("widths") {
            var widths: [Int] = []
            for (index, item) in sequence(list, "images.widths").enumerated() {
                guard let width = count(item, "images.widths[\(index + 1)]") else { continue }
                guard (16...8192).contains(width) else {
                    error("images.widths[\(index + 1)]", at: item, "expected a width from 16 to 8192 pixels, found \(width)")
                    continue
                }
                widths.append(width)
            }
            if !widths.isEmpty { settings.widths = Array(Set(widths)).sorted() }
        }
        if let qualityNode = f.take("quality"), let quality = count(qualityNode, "images.quality") {
            if (1...100).contains(quality) { settings.quality = quality } else {
                error("images.quality", at: qualityNode, "expected a quality from 1 to 100, found \(quality)")
            }
        }
        if let sizes = f.take("sizes").flatMap({ string($0, "images.sizes") }) { settings.sizes = sizes }
        warnUnknown(f, parent: "images")
    }
}
