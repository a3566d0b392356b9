internal import Foundation

/// Where and how nginx serves a site (`blotter deploy nginx`), every value checked: each
/// lands in nginx's configuration language, where a `;`, `{`, quote or `$` would change
/// what the block means.
public struct NginxServer: Sendable, Equatable {
    /// The site's title and address, named in the block's opening comment.
    public var title: String
    public var baseURL: String
    /// The output folder on the server: an absolute path.
    public var root: String
    /// `server_name`: one or more host names.
    public var serverName: String
    /// `listen` values.
    public var listen: [String]
    /// The path the site is at: `/`, or `/news/` for a base_url of `https://example.org/news/`.
    public var basePath: String
    /// Whether `brotli_static on;` is written (it needs Debian's libnginx-mod-http-brotli-static
    /// loaded, or `nginx -t` fails); otherwise it is a comment.
    public var brotli: Bool

    /// A server for the site `config` describes, its files in `root` (an absolute path).
    /// `serverName` defaults to base_url's host; `listen` (a port, `ADDRESS:PORT` or
    /// `[IPv6]:PORT`) to port 80 on every IPv4 and IPv6 address.
    public init(config: SiteConfig, root: String, serverName: String? = nil, listen: String? = nil,
                brotli: Bool = false) throws(BlotterError) {
        title = String(config.title.map { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true ? " " : $0 })
        baseURL = config.baseURL
        basePath = config.basePath
        guard !config.baseURL.contains("%") else {
            throw BlotterError(path: "base_url", reason: .invalidOption(
                "a path with %-escapes cannot be written for nginx, which matches decoded addresses; found \(quoted(config.baseURL))"))
        }
        self.root = try Self.checkedRoot(root)
        self.serverName = try Self.checkedServerName(serverName, baseURL: config.baseURL)
        self.listen = try Self.checkedListen(listen ?? "80")
        self.brotli = brotli
    }

    /// `path` as an nginx value: as it is when it holds only letters, digits and `/._+,@=~-`,
    /// else in double quotes (`checkedRoot` refused what quotes cannot hold).
    static func quotedIfNeeded(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._+,@=~-".unicodeScalars.contains($0))
        }
        return plain ? path : "\"\(path)\""
    }
}

private extension NginxServer {
    static func checkedRoot(_ root: String) throws(BlotterError) -> String {
        let path = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        guard path.hasPrefix("/") else {
            throw BlotterError(path: "--root", reason: .invalidOption("expected an absolute path, found \(quoted(root))"))
        }
        let refused = path.unicodeScalars.contains { "$\"\\".unicodeScalars.contains($0) || $0.value < 0x20 || $0.value == 0x7F }
        guard !refused else {
            throw BlotterError(path: "--root", reason: .invalidOption(
                "nginx cannot be given a folder whose name holds $, a double quote, a backslash or a control character; found \(quoted(root))"))
        }
        return path
    }

    static func checkedServerName(_ given: String?, baseURL: String) throws(BlotterError) -> String {
        guard let given else {
            guard let host = URL(string: baseURL)?.host, !host.isEmpty else {
                throw BlotterError(path: "--server-name", reason: .invalidOption(
                    "base_url \(quoted(baseURL)) names no host; give the host name the site is served at"))
            }
            return host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
        let names = given.split(separator: " ", omittingEmptySubsequences: true)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_*[]:"))
        guard !names.isEmpty, names.allSatisfy({ $0.unicodeScalars.allSatisfy { $0.isASCII && allowed.contains($0) } }) else {
            throw BlotterError(path: "--server-name", reason: .invalidOption(
                "expected host names like example.org (letters, digits, '.', '-', '*'), found \(quoted(given))"))
        }
        return names.joined(separator: " ")
    }

    /// A bare port listens on IPv4 and IPv6, as Debian's default site does.
    static func checkedListen(_ text: String) throws(BlotterError) -> [String] {
        let refusal = BlotterError(path: "--listen", reason: .invalidOption(
            "expected a port (80) or an address and port (127.0.0.1:8080, [::1]:8080), found \(quoted(text))"))
        let colon = text.lastIndex(of: ":")
        let port = colon.map { String(text[text.index(after: $0)...]) } ?? text
        guard port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port), (1...65_535).contains(number) else {
            throw refusal
        }
        guard let colon else { return [port, "[::]:\(port)"] }
        let host = text[..<colon]
        let v6 = host.hasPrefix("[") && host.hasSuffix("]") && host.count > 2
            && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        let name = !host.isEmpty && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
        guard v6 || name || host == "*" else { throw refusal }
        return ["\(host):\(port)"]
    }
}
