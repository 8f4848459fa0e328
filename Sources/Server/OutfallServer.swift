import Foundation
import Hummingbird
import Registry

/// `outfalls serve`: the web app, the JSON API and OGC API – Features on one registry file,
/// with the same library code as the CLI.
///
/// ## Topics
/// - Routes: ``Pages`` (HTML, Chinese), ``JSONAPI`` (`/api`), ``FeaturesAPI`` (`/ogc`)
/// - Access: ``Sessions``, ``Passwords``, roles in `RegistryStore.Role`
public struct OutfallServer: Sendable {
    let configuration: ServerConfiguration

    public init(configuration: ServerConfiguration) {
        self.configuration = configuration
    }

    /// Serves until the process is stopped; `onRunning` gets the port actually bound (the
    /// configured one, or the one the system chose for port 0).
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let registry = try Registry.open(path: configuration.databasePath)
        let service = RegistryService(registry: registry)
        var cookieSessions = Sessions(service: service, secureCookies: configuration.secureCookies)
        cookieSessions.basic = BasicAuth(
            secureDeployment: configuration.secureCookies,
            limits: .init(failuresPerAccount: configuration.signInFailuresPerAccount, failuresPerAddress: configuration.signInFailuresPerAddress, window: configuration.signInWindow))
        let sessions = cookieSessions
        let pages = try await Pages(service: service, sessions: sessions, configuration: configuration)
        let router = Router(context: OutfallRequestContext.self)
        // Outermost, so that error pages carry the headers too.
        router.add(middleware: SecurityHeadersMiddleware(basemapURL: configuration.basemapURL, tianditu: configuration.tiandituKey != nil))
        router.add(middleware: MethodMiddleware())
        router.add(middleware: ErrorMiddleware(page: pages.errorPage))
        router.add(middleware: EmptyParameterGuard())
        let publicBase = PublicBase(configured: configuration.publicURL)
        JSONAPI(service: service, role: { try await sessions.role($0) }, publicBase: publicBase).register(on: router)
        LedgerAPI(service: service, role: { try await sessions.role($0) }).register(on: router)
        FeaturesAPI(collections: FeatureCollections(service: service), isSignedIn: { try await sessions.current($0) != nil }, publicBase: publicBase).register(on: router)
        MonitoringAPI(service: service, role: { try await sessions.role($0) }).register(on: router)
        MapAPI(collections: FeatureCollections(service: service), styles: pages.styles, isSignedIn: { try await sessions.current($0) != nil }).register(on: router)
        pages.register(on: router)
        LedgerPages(pages: pages, service: service).register(on: router)
        RemediationPages(pages: pages, service: service).register(on: router)
        MonitoringPages(pages: pages, service: service).register(on: router)
        ApplicationPages(pages: pages, service: service).register(on: router)
        DossierRoutes(service: service, role: { try await sessions.role($0) }).register(on: router)
        let publicSite = PublicPages(pages: pages, service: service)
        publicSite.register(on: router)
        TipPages(pages: pages, site: publicSite, service: service).register(on: router)
        InspectionPages(pages: pages, service: service).register(on: router)
        let app = Application(
            responder: HeadAsGetResponder(inner: router.buildResponder()),
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "outfalls"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) })
        try await app.runService()
    }
}
