internal import Foundation

/// Photos as pages show them: `srcset` in WebP and in the photo's own format, `sizes`, and
/// `width` and `height` (the browser keeps the space before the photo arrives).
extension ContextBuilder {
    /// An image's value, its address `src` as the page links it. A site photo (`Photo`)
    /// also has `srcset`, `webp_srcset`, `sizes`, `width` and `height` (of `src`, the widest
    /// published width), `print_src` (the same: briefings print it) and `original` (the file
    /// itself, cleaned, at its own size).
    /// For `print` (briefings), `print_src` is the widest width as a `data:` address.
    func image(_ image: Image, src: String, print: Bool = false) -> TemplateValue {
        var fields: TemplateFields = ["src": .text(src), "alt": .text(image.alt), "caption": image.caption.templateText,
                                      "credit": image.credit.templateText, "decorative": .bool(image.decorative)]
        guard let photo = site.photos.photo(at: image.src) else { return .map(fields) }
        let links = photoLinks(photo)
        fields["src"] = .text(links.src)
        fields["print_src"] = .text(print ? printSource(photo) ?? links.src : links.src)
        fields["original"] = .text(links.original)
        fields["srcset"] = .text(links.srcset)
        fields["webp_srcset"] = .text(links.webpSrcset)
        fields["sizes"] = .text(site.config.images.sizes)
        fields["width"] = .text(String(links.width))
        fields["height"] = .text(String(links.height))
        return .map(fields)
    }

    /// The address of an image for link previews (`og:image`): a site photo's widest width
    /// (social networks show it at 1200 pixels at most), else `src`.
    func shareLink(_ image: Image) -> String {
        guard let photo = site.photos.photo(at: image.src) else { return siteLink(image.src) }
        return photoLinks(photo).src
    }

    /// A photo's addresses and size as a page gives them.
    struct PhotoLinks {
        var src: String
        var original: String
        var srcset: String
        var webpSrcset: String
        var width: Int
        var height: Int
    }

    func photoLinks(_ photo: Photo) -> PhotoLinks {
        PhotoLinks(src: url(photo.path(width: photo.largest, format: photo.format)), original: url(photo.path),
                   srcset: srcset(photo, photo.format), webpSrcset: srcset(photo, .webp), width: photo.largest,
                   height: photo.height(at: photo.largest))
    }

    /// The widest width of `photo` as a `data:` address (`PhotoSet.printData`).
    func printSource(_ photo: Photo) -> String? {
        site.photos.printData(photo, quality: site.config.images.quality)
    }

    private func srcset(_ photo: Photo, _ format: PhotoCodec.Format) -> String {
        photo.widths.map { "\(url(photo.path(width: $0, format: format))) \($0)w" }.joined(separator: ", ")
    }

    /// `html` (a Markdown body's) with each image that is a site photo given its widths and
    /// size, loaded lazily (a body's images are below the top of the page); for `print`
    /// (briefings), the widest width alone.
    func withPhotos(_ html: String, print: Bool) -> String {
        guard !site.photos.photos.isEmpty, html.containsBytes("<img src=\"/") else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count + 512)
        var rest = Substring(html)
        while let start = rest.range(of: "<img src=\"") {
            out += rest[..<start.lowerBound]
            let tagStart = start.lowerBound
            guard let end = rest[start.upperBound...].range(of: " />") else { break }
            let tag = rest[tagStart..<end.upperBound]
            out += photoTag(tag, print: print) ?? String(tag)
            rest = rest[end.upperBound...]
        }
        out += rest
        return out
    }

    /// cmark-gfm's `<img src="…" alt="…" title="…" />` of a site photo, as a `<picture>`.
    private func photoTag(_ tag: Substring, print: Bool) -> String? {
        let attributes = Self.attributes(tag)
        guard let src = attributes["src"],
              let photo = site.photos.photo(at: (src.removingPercentEncoding ?? src).replacingOccurrences(of: "&amp;", with: "&"))
        else { return nil }
        let links = photoLinks(photo)
        let alt = " alt=\"\(attributes["alt"] ?? "")\"" + (attributes["title"].map { " title=\"\($0)\"" } ?? "")
        let size = " width=\"\(links.width)\" height=\"\(links.height)\""
        if print { return "<img src=\"\(Self.escaped(printSource(photo) ?? links.src))\"\(alt)\(size)>" }
        let sizes = " sizes=\"\(Self.escaped(site.config.images.sizes))\""
        return "<picture><source type=\"image/webp\" srcset=\"\(Self.escaped(links.webpSrcset))\"\(sizes)>"
            + "<img src=\"\(Self.escaped(links.src))\" srcset=\"\(Self.escaped(links.srcset))\"\(sizes)\(alt)\(size)"
            + " loading=\"lazy\" decoding=\"async\"></picture>"
    }

    /// The attributes of a tag cmark-gfm wrote (values already escaped, in double quotes).
    private static func attributes(_ tag: Substring) -> [String: String] {
        var found: [String: String] = [:]
        var rest = tag
        while let equals = rest.range(of: "=\"") {
            let name = rest[..<equals.lowerBound].split(separator: " ").last.map(String.init) ?? ""
            guard let close = rest[equals.upperBound...].firstIndex(of: "\"") else { break }
            found[name] = String(rest[equals.upperBound..<close])
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
