internal import Hummingbird
internal import NIOCore

/// What the preview knows of a request besides the request itself: the address and port
/// of the connection it came in on, which its `Host` must name.
struct PreviewContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The server's end of the connection.
    let localAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        localAddress = source.channel.localAddress
    }
}
