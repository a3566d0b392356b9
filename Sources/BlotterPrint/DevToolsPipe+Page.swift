internal import BlotterCore
internal import Foundation

/// The page Chromium prints: opened once per session, its requests answered as `access`
/// decides, and printed to a PDF read back as a stream.
extension DevToolsPipe {
    /// The page's session: a new tab, attached, its page events on and its requests paused
    /// (`Fetch`) to be answered as `access` decides.
    mutating func openPage() throws(BlotterError) -> String {
        if let pageSession { return pageSession }
        guard let target = try call("Target.createTarget", ["url": "about:blank"])["targetId"] as? String,
              let session = try call("Target.attachToTarget", ["targetId": target, "flatten": true])["sessionId"] as? String
        else { throw failure("it opened no page") }
        _ = try call("Page.enable", [:], session: session)
        _ = try call("Fetch.enable", ["patterns": [["urlPattern": "*"]]], session: session)
        pageSession = session
        return session
    }

    /// See `ChromiumSession.print`.
    mutating func print(_ page: URL, to pdf: URL, loadSeconds: Int, scripts: Bool) throws(BlotterError) {
        let session = try openPage()
        _ = try call("Emulation.setScriptExecutionDisabled", ["value": !scripts], session: session)
        events = []
        let navigation = try call("Page.navigate", ["url": page.absoluteString], session: session)
        if let error = navigation["errorText"] as? String { throw failure("it could not load the briefing: \(error)") }
        if try !waitFor("Page.loadEventFired", seconds: loadSeconds) {
            _ = try call("Page.stopLoading", [:], session: session)
        }
        let printed = try call("Page.printToPDF", [
            "transferMode": "ReturnAsStream", "printBackground": true, "preferCSSPageSize": true,
            "displayHeaderFooter": false, "generateTaggedPDF": true,
        ], session: session)
        guard let stream = printed["stream"] as? String else { throw failure("it returned no PDF") }
        guard FileManager.default.createFile(atPath: pdf.path, contents: nil),
              let file = FileHandle(forWritingAtPath: pdf.path) else {
            throw BlotterError(path: pdf.path, reason: .cannotWrite(String(cString: strerror(errno))))
        }
        defer { try? file.close() }
        while true {
            let chunk = try call("IO.read", ["handle": stream, "size": 1 << 22], session: session)
            let text = chunk["data"] as? String ?? ""
            let data = chunk["base64Encoded"] as? Bool == true ? Data(base64Encoded: text) : Data(text.utf8)
            guard let data else { throw failure("it sent a PDF that is not base64") }
            do {
                try file.write(contentsOf: data)
            } catch {
                throw BlotterError(path: pdf.path, reason: .cannotWrite(error.localizedDescription))
            }
            if chunk["eof"] as? Bool == true { break }
        }
        _ = try call("IO.close", ["handle": stream], session: session)
    }

    /// Lets a paused request go on, answers it with the site's file, or refuses it.
    mutating func answer(_ paused: [String: Any], session: String?) throws(BlotterError) {
        guard let id = paused["requestId"] as? String else { return }
        let address = (paused["request"] as? [String: Any])?["url"] as? String ?? ""
        let deadline = ContinuousClock.now + commandLimit
        let decision = access.decide(address)
        let served: (body: Data, type: String)? = switch decision {
        case .serve(let file, let type): FileManager.default.contents(atPath: file).map { ($0, type) }
        case .serveTheme(let path, let type): Theme.assets.first { $0.path == path }.map { (Data($0.bytes), type) }
        case .load, .refuse: nil
        }
        if decision == .load {
            try send("Fetch.continueRequest", ["requestId": id], session: session, until: deadline)
        } else if let served {
            try send("Fetch.fulfillRequest", [
                "requestId": id, "responseCode": 200, "body": served.body.base64EncodedString(),
                "responseHeaders": [["name": "Content-Type", "value": served.type]],
            ], session: session, until: deadline)
        } else {
            if !refused.contains(address) { refused.append(address) }
            try send("Fetch.failRequest", ["requestId": id, "errorReason": "BlockedByClient"], session: session, until: deadline)
        }
    }
}
