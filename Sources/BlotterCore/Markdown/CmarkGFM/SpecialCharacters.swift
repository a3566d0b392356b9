internal import CCmarkGFM
internal import Foundation
internal import Synchronization

/// The process-wide special-character table of cmark-gfm, set up once, with `w` switched
/// on only while it is needed.
///
/// At every special character cmark-gfm's inline parser stops, asks the extensions for a
/// match and starts a new text node (the nodes are merged again at the end). The autolink
/// extension makes `w` special for its `www.` links: every `w` of every text, which cost
/// a tenth of a build's time. So `w` is out of the table, and a text that may hold a `www.`
/// link (`WWWLinks.mayHold`) is parsed with it switched on: texts count themselves in and
/// out under a lock, the first in switches it on and the last out off. A text parsed
/// meanwhile reads the same either way, since it holds no `www.` link and its split text
/// nodes are merged.
enum SpecialCharacters {
    typealias Manage = @convention(c) (OpaquePointer?, Int32) -> Void

    /// Set by the replacement below whenever cmark-gfm calls it.
    static let replacementCalled = Atomic<Bool>(false)

    /// cmark-gfm's own table function (RTLD_NEXT: the library's definition, behind ours).
    static let manage: Manage? = dlsym(UnsafeMutableRawPointer(bitPattern: -1),
                                       "cmark_manage_extensions_special_characters").map {
        unsafeBitCast($0, to: Manage.self)
    }

    /// A parser holding one extension whose only special character is `w` (it never
    /// matches): given to `manage` to switch `w` alone on or off.
    nonisolated(unsafe) static let wParser: OpaquePointer? = {
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT), let ext = cmark_syntax_extension_new("blotter-w") else {
            return nil
        }
        cmark_syntax_extension_set_match_inline_func(ext) { _, _, _, _, _ in nil }
        let chars = cmark_llist_append(cmark_get_default_mem_allocator(), nil, UnsafeMutableRawPointer(bitPattern: 0x77))
        cmark_syntax_extension_set_special_inline_chars(ext, chars)
        cmark_parser_attach_syntax_extension(parser, ext)
        return parser
    }()

    /// Texts being parsed with `w` on.
    static let wUsers = Mutex<Int>(0)

    /// Registers the extensions, fills the table, and tells whether parsers may run at once.
    static let parallelParsing: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        guard let manage, let wParser, let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return false }
        defer { cmark_parser_free(parser) }
        for name in Markdown.siteExtensions {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        manage(parser, 1)
        manage(wParser, 0)
        // A parse shows whether cmark-gfm's own calls now reach the replacement.
        cmark_parser_feed(parser, "~~a~~", 5)
        if let document = cmark_parser_finish(parser) { cmark_node_free(document) }
        return replacementCalled.load(ordering: .relaxed)
    }()

    /// `parse()` with `w` special (only when `parallelParsing`).
    static func withW<T>(_ parse: () -> T) -> T {
        wUsers.withLock { users in
            if users == 0 { manage?(wParser, 1) }
            users += 1
        }
        defer {
            wUsers.withLock { users in
                users -= 1
                if users == 0 { manage?(wParser, 0) }
            }
        }
        return parse()
    }
}

/// Where the autolink extension may find a `www.` link.
package enum WWWLinks {
    /// Whether `markdown` has a `www.` that the extension could take for a link: one at the
    /// start or after anything but a letter, digit, `/`, `.` or `-`. (It takes `www.` only at
    /// the start of a text or after a space or one of `* _ ~ ( [`, so a `www.` inside an
    /// address such as `https://www.` never needs `w`, and link targets stay on the fast path.)
    package static func mayHold(_ markdown: String) -> Bool {
        return markdown.withBytes { bytes -> Bool in
            guard bytes.count >= 4, let base = bytes.baseAddress else { return false }
            let end = bytes.count - 3
            var from = 0
            while from < end, let hit = memchr(base + from, 0x77, end - from) {
                let at = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
                if bytes[at + 1] == 0x77, bytes[at + 2] == 0x77, bytes[at + 3] == 0x2E {
                    guard at > 0 else { return true }
                    let before = bytes[at - 1]
                    if !(before.isASCIIAlphanumeric || before == 47 || before == 46 || before == 45) { return true }
                }
                from = at + 1
            }
            return false
        }
    }
}

/// Replaces cmark-gfm's `cmark_manage_extensions_special_characters`: the
/// table is filled once by `SpecialCharacters` and never cleared.
@_cdecl("cmark_manage_extensions_special_characters")
package func blotterManageExtensionsSpecialCharacters(_ parser: OpaquePointer?, _ add: Int32) {
    SpecialCharacters.replacementCalled.store(true, ordering: .relaxed)
}
