internal import Foundation

/// Stage 2, parse: an author from `Content/authors/<key>.md`.
public enum AuthorParser {
    /// The folder of author files.
    static let folder = "Content/authors"

    /// Parses `file`, whose key is its file name (`Content/authors/jane-doe.md`: `jane-doe`).
    public static func parse(_ file: SourceFile) -> (Author?, [Diagnostic]) {
        var (reader, f, body): (FieldReader, Fields, String)
        switch FieldReader.open(file) {
        case .read(let r, let fields, let b, _): (reader, f, body) = (r, fields, b)
        case .failed(let diagnostics): return (nil, diagnostics)
        }
        let key = self.key(file.path)
        if !Slug.isValid(key) {
            reader.report(.error, "file", at: f.mark,
                          "the file name \(quoted(key)) is the author's key and the address of their page: "
                              + "use lowercase letters, digits and '-' (jane-doe.md)")
        }
        let name = reader.requiredString(&f, "name")
        let role = f.take("role").flatMap { reader.string($0, "role") }
        let bio = f.take("bio").flatMap { reader.string($0, "bio") }
        var email: String?
        if let node = f.take("email"), let text = reader.string(node, "email") {
            if isEmail(text) { email = text } else {
                reader.error("email", at: node, "expected an address like name@example.org, found \(quoted(text))")
            }
        }
        let links = reader.sequence(f.take("links"), "links").enumerated().compactMap { index, item in
            reader.authorLink(item, field: "links[\(index + 1)]")
        }
        let image = f.take("image").flatMap { reader.image($0) }
        for entry in f.unknown {
            reader.warning(entry.name, at: entry.key, "unknown field; it is ignored", kind: .unknownField)
        }
        guard let name, !reader.diagnostics.containsErrors else { return (nil, reader.diagnostics) }
        return (Author(path: file.path, key: key, name: name, role: role, bio: bio, email: email, links: links,
                       image: image, body: body), reader.diagnostics)
    }

    /// `Content/authors/jane-doe.md` -> `jane-doe`.
    static func key(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }

    /// One `@`, something before it, a dot after it, no spaces or brackets: enough to catch
    /// a slip, not a full RFC 5322 parser.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
              !parts[1].hasSuffix(".") else { return false }
        return !text.contains { $0.isWhitespace || "<>()[]\\,;:\"".contains($0) }
    }
}

extension FieldReader {
    /// `{name, url}`: a link of an author's, dropped with a warning when the address is unsafe.
    mutating func authorLink(_ item: YAMLNode, field: String) -> AuthorLink? {
        guard var f = mapping(item, field: field) else { return nil }
        let name = requiredString(&f, "name", parent: field)
        let urlNode = required(&f, "url", parent: field)
        let url = urlNode.flatMap { string($0, field + ".url") }
        warnUnknown(f, parent: field)
        guard let name, let url, let urlNode else { return nil }
        guard URLSafety.isSafeLink(url) else {
            warning(field + ".url", at: urlNode, "unsafe address \(quoted(url)) removed; use an http(s) address",
                    kind: .unsafeAddress)
            return nil
        }
        return AuthorLink(name: name, url: url)
    }
}
