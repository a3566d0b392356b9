internal import Hummingbird
internal import NIOCore

/// The requests the preview refuses before it looks at their path.
extension PreviewResponder {
    /// A request whose Host is not this server's: 421 Misdirected Request (RFC 9110
    /// §15.5.20: this server will not answer for that name), which a browser shows as
    /// an error instead of a page another site could read. No Host, several or a
    /// malformed one: 400, as RFC 9112 §3.2 requires.
    func refusal(_ request: Request, _ context: PreviewContext) -> Response? {
        // The first Host is the request's authority; the fields keep any other.
        let values = (request.head.authority.map { [$0] } ?? [])
            + request.headers.filter { $0.name.canonicalName == "host" }.map(\.value)
        let local = context.localAddress
        switch hosts.check(values, localIP: local?.ipAddress, localPort: local?.port) {
        case .allowed:
            return nil
        case .malformed:
            return refuse(.badRequest, values.isEmpty
                ? "This request has no Host header; the preview answers only requests that name it.\n"
                : "This request's Host header is not one host name and port; the preview answers only requests that name it.\n",
                request)
        case .misdirected(let name):
            let shown = String(name.unicodeScalars.prefix(100).filter { $0.value >= 0x20 && $0.value < 0x7f })
            return refuse(.misdirectedRequest, """
                The preview is not answered for the host name "\(shown)": open it at \(address(local)), \
                or at localhost. (Another site's name pointed at this machine could otherwise read \
                the preview, drafts included; `blotter serve --host NAME` answers for NAME too.)

                """, request)
        }
    }

    /// The address the preview was reached at, for a refusal's message.
    func address(_ local: SocketAddress?) -> String {
        guard let ip = local?.ipAddress, let port = local?.port else { return "the address `blotter serve` printed" }
        return "http://\(ip.contains(":") ? "[\(ip)]" : ip):\(port)/"
    }

    /// A refusal in plain text, never cached (no body for HEAD).
    func refuse(_ status: HTTPResponse.Status, _ text: String, _ request: Request, extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        return bytes(status, Array(text.utf8), type: "text/plain; charset=utf-8", headers: headers, request: request)
    }
}
