internal import Foundation

/// The host names the preview answers for. A page on the internet can point its own
/// name at 127.0.0.1 (DNS rebinding) and then read the preview, drafts included, as its
/// own site; the browser still sends that page's name in `Host`. So a request is
/// answered only when its `Host` is `localhost`, the `--host` given, or the address the
/// request came in on, and its port (when it names one) is the one it came in on.
struct AllowedHosts: Sendable {
    /// Canonical names (lower case, no trailing dot; addresses as `inet_ntop` writes them).
    let names: Set<String>

    /// Answers for `localhost` and `host` (the address or name the server was asked to listen on).
    init(listeningOn host: String) {
        var names: Set<String> = ["localhost"]
        let given = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if let name = Self.canonical(given) { names.insert(name) }
        self.names = names
    }

    enum Verdict: Equatable {
        case allowed
        /// A well-formed Host that names another server (the name shown is canonical).
        case misdirected(String)
        /// No Host, several, or one that is not a host name with an optional port.
        case malformed
    }

    /// Judges the request's Host header values (`values` holds every one sent) for a
    /// connection made to `localIP` (canonical or not) and `localPort`.
    func check(_ values: [String], localIP: String?, localPort: Int?) -> Verdict {
        guard values.count == 1, let host = Self.parse(values[0]) else { return .malformed }
        if let port = host.port, let localPort, port != localPort { return .misdirected(values[0]) }
        if names.contains(host.name) { return .allowed }
        if let localIP, Self.addresses(of: localIP).contains(host.name) { return .allowed }
        return .misdirected(values[0])
    }

    /// `name[:port]` or `[IPv6][:port]` (RFC 9110 §7.2), the name in canonical form; nil when malformed.
    static func parse(_ value: String) -> (name: String, port: Int?)? {
        var rest = Substring(value)
        let host: String
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            let literal = String(rest[rest.index(after: rest.startIndex)..<close])
            guard let address = address(literal, family: AF_INET6) else { return nil }
            host = address
            rest = rest[rest.index(after: close)...]
        } else {
            let name = rest.prefix { $0 != ":" }
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }),
                  let canonical = canonical(String(name)) else { return nil }
            host = canonical
            rest = rest[name.endIndex...]
        }
        guard !rest.isEmpty else { return (host, nil) }
        let digits = rest.dropFirst()
        guard rest.first == ":", (1...5).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = Int(digits), port <= 65535 else { return nil }
        return (host, port)
    }

    /// A name in lower case without its trailing dot, or an address as `inet_ntop` writes it.
    static func canonical(_ name: String) -> String? {
        if let address = address(name, family: AF_INET6) ?? address(name, family: AF_INET) { return address }
        let lowered = name.lowercased()
        let trimmed = lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The forms a local address is written in: an IPv4 address reached over IPv6
    /// (`::ffff:127.0.0.1`) is also its IPv4 self.
    static func addresses(of ip: String) -> [String] {
        guard let address = canonical(ip) else { return [] }
        if address.hasPrefix("::ffff:"), let v4 = Self.address(String(address.dropFirst(7)), family: AF_INET) {
            return [address, v4]
        }
        return [address]
    }

    /// `text` as an address of `family`, written by `inet_ntop`; nil when it is not one.
    static func address(_ text: String, family: Int32) -> String? {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(family, text, &bytes) == 1 else { return nil }
        var written = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(family, bytes, &written, socklen_t(written.count)) != nil else { return nil }
        return String(decoding: written.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
