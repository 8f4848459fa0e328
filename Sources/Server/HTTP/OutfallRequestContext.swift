import Hummingbird

/// The request context of every route: Hummingbird's core storage plus the client's address,
/// which the sign-in throttle counts by. (Behind a reverse proxy this is the proxy's address;
/// forwarded-for headers are the client's to forge, so they are not trusted here.)
struct OutfallRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's IP address as text ("127.0.0.1"), or "unknown".
    let clientAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
