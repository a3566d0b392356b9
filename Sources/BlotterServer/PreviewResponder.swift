internal import Foundation
internal import Hummingbird
internal import NIOCore
internal import ServiceLifecycle

/// Answers the preview's requests: site files (clean URLs, the site's 404
/// page, validators and 304), the live-reload script and its event stream.
struct PreviewResponder: Sendable {
    let files: SiteFiles
    let hub: ReloadHub
    let reload: Bool
    let hosts: AllowedHosts

    func respond(to request: Request, context: PreviewContext) async -> Response {
        if let refusal = refusal(request, context) { return refusal }
        guard request.method == .get || request.method == .head else {
            return plain(.methodNotAllowed, "Only GET and HEAD are served.\n", extra: [.allow: "GET, HEAD"])
        }
        let target = request.head.path ?? "/"
        if target.hasPrefix(ReloadHub.prefix) { return reserved(target, request) }
        let path: RequestPath
        do {
            path = try RequestPath(target: target)
        } catch .invalid {
            return plain(.badRequest, "This address is not valid.\n")
        } catch {
            return notFound(request)
        }
        switch files.lookup(path) {
        case .file(let found): return serve(found, status: .ok, request: request)
        case .redirect(let location):
            return Response(status: .movedPermanently, headers: [.location: location, .contentLength: "0"])
        case .notFound: return notFound(request)
        }
    }
}

private extension PreviewResponder {
    func reserved(_ target: String, _ request: Request) -> Response {
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        switch path {
        case ReloadHub.scriptPath:
            var response = bytes(.ok, Array(ReloadHub.script.utf8), type: "text/javascript; charset=utf-8",
                                 request: request)
            response.headers[.cacheControl] = "no-store"
            return response
        case ReloadHub.eventsPath:
            guard let subscription = hub.subscribe() else {
                return refuse(.serviceUnavailable, """
                    Too many live-reload connections are open (\(hub.maxStreams), one per open preview page): \
                    close some preview tabs; this page then reloads by itself.

                    """, request, extra: [.retryAfter: "5"])
            }
            // A page closed ends its stream at once (not at the next rebuild), which frees its place.
            let body = ResponseBody { writer in
                try await request.body.consumeWithInboundCloseHandler { _ in
                    for await message in subscription.messages.cancelOnGracefulShutdown() {
                        try await writer.write(ByteBuffer(string: message))
                    }
                } onInboundClosed: {
                    subscription.end()
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                            body: body)
        default:
            return notFound(request)
        }
    }

    func notFound(_ request: Request) -> Response {
        if let page = files.notFoundPage { return serve(page, status: .notFound, request: request) }
        // No site yet (the first build failed): a bare page, so that the errors and the reload still show.
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not found</title></head>\n"
            + "<body>\n<h1>Not found</h1>\n<p>Nothing has been built at this address.</p>\n</body>\n</html>\n"
        var body = Array(page.utf8)
        let injection = hub.injection(reload: reload)
        if !injection.isEmpty { body = Self.inject(injection, into: body) }
        var response = bytes(.notFound, body, type: "text/html; charset=utf-8", request: request)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A file with validators; HTML gets the overlay and the reload script. Other files
    /// (and HTML above `injectionLimit`) are streamed as they are, never read whole.
    func serve(_ found: SiteFiles.Found, status: HTTPResponse.Status, request: Request) -> Response {
        guard let file = OpenedFile(found.path) else { return plain(.notFound, "Not found.\n") }
        let type = MediaTypes.of(found.path)
        let isHTML = type.hasPrefix("text/html") && file.size <= Self.injectionLimit
        let injection = isHTML ? hub.injection(reload: reload) : ""
        var tag = "\"\(String(file.inode, radix: 36))-\(String(file.size, radix: 36))-\(String(file.modified, radix: 36))"
        if !injection.isEmpty { tag += "-" + String(UInt(bitPattern: injection.hashValue), radix: 36) }
        tag += "\""
        let modified = Date(timeIntervalSince1970: Double(file.modified / 1_000_000_000))
        var headers: HTTPFields = [.eTag: tag, .lastModified: HTTPDate.format(modified), .cacheControl: "no-cache"]
        if status == .ok, isNotModified(request, tag: tag, modified: modified) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = type
        guard !injection.isEmpty else {
            headers[.contentLength] = String(file.size)
            return Response(status: status, headers: headers, body: request.method == .head ? ResponseBody() : file.body)
        }
        guard let page = file.readAll() else { return plain(.notFound, "Not found.\n") }
        return bytes(status, Self.inject(injection, into: page), headers: headers, request: request)
    }

    /// The largest HTML page that gets the reload script (read whole to insert it); a
    /// bigger one is sent as it is.
    static let injectionLimit = 16 * 1024 * 1024

    func isNotModified(_ request: Request, tag: String, modified: Date) -> Bool {
        if let match = request.headers[.ifNoneMatch] {
            return match.split(separator: ",").contains { candidate in
                let value = candidate.trimmingCharacters(in: .whitespaces)
                return value == "*" || value == tag || value == "W/" + tag
            }
        }
        if let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse) { return modified <= since }
        return false
    }

    /// Puts `html` before the last `</body>`, or at the end.
    static func inject(_ html: String, into page: [UInt8]) -> [UInt8] {
        page.inserting(html, beforeTag: "</body>", last: true) ?? page + Array(html.utf8)
    }
}

/// Responses of bytes in memory.
extension PreviewResponder {
    func plain(_ status: HTTPResponse.Status, _ text: String, extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentLength] = String(text.utf8.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    func bytes(_ status: HTTPResponse.Status, _ body: [UInt8], type: String? = nil, headers: HTTPFields = [:],
               request: Request) -> Response {
        var headers = headers
        if let type { headers[.contentType] = type }
        headers[.contentLength] = String(body.count)
        let buffer = request.method == .head ? ByteBuffer() : ByteBuffer(bytes: body)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }
}

/// HTTP dates (RFC 9110 IMF-fixdate).
enum HTTPDate {
    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()

    static func format(_ date: Date) -> String { formatter.string(from: date) }
    static func parse(_ text: String) -> Date? { formatter.date(from: text) }
}
