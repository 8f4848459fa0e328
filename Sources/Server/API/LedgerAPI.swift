import Foundation
import Hummingbird
import JSON
import Registry
import RegistryStore
import Supervision
import Workflows

/// The tracing part of the JSON API: discharging units, drainage channels, an outfall's
/// chain (受纳水体 → 排污口 → 排污通道 → 排污单位) and its responsible party. Internal
/// supervision data: every route needs a signed-in viewer or above, checked once by the
/// group's ``ViewerGuard``, never by the handlers.
///
/// - `GET /api/units` (`?format=geojson` for the map layer), `GET /api/units/{id}`
/// - `GET /api/channels` (GeoJSON lines)
/// - `GET /api/outfalls/{id}/chain`, `GET /api/outfalls/{id}/responsible`
struct LedgerAPI: Sendable {
    let service: RegistryService
    let role: @Sendable (Request) async throws -> Role

    func register(on router: Router<OutfallRequestContext>) {
        let api = self
        let group = router.group("api").add(middleware: ViewerGuard(role: role))
        group.get("units") { request, _ in try await api.units(Query(request)) }
        group.get("units/:id") { _, context in try await api.unit(context.parameters.get("id") ?? "") }
        group.get("channels") { _, _ in try await api.channels() }
        group.get("outfalls/:id/chain") { _, context in try await api.chain(context.parameters.get("id") ?? "") }
        group.get("outfalls/:id/responsible") { _, context in try await api.responsible(context.parameters.get("id") ?? "") }
    }

    func units(_ query: Query) async throws -> Response {
        let units = try await ledger { try $0.units() }
        switch query["format"] {
        case nil, "json": return Responses.json(.array(units.map(TracingJSON.unit)))
        case "geojson": return Responses.json(TracingJSON.unitsGeoJSON(units), contentType: "application/geo+json; charset=utf-8")
        case let other?: throw ClientError.badRequest("format 应为 json 或 geojson，实为“\(other)” (format must be json or geojson)")
        }
    }

    func unit(_ id: String) async throws -> Response {
        // Only ids here: names and codes in a URL path are for people, ids for programs.
        guard Int64(id) != nil else { throw ClientError.notFound("没有排污单位 \(id) (no such unit)") }
        let unit = try await ledger { try $0.unit(matching: "#" + id) }
        return Responses.json(TracingJSON.unit(unit))
    }

    func channels() async throws -> Response {
        let channels = try await ledger { try $0.channels() }
        return Responses.json(TracingJSON.channelsGeoJSON(channels), contentType: "application/geo+json; charset=utf-8")
    }

    func chain(_ id: String) async throws -> Response {
        guard Int64(id) != nil else { throw ClientError.notFound("没有排污口 \(id) (no such outfall)") }
        let chain = try await ledger { try $0.chain(outfall: id) }
        return Responses.json(TracingJSON.chain(chain))
    }

    func responsible(_ id: String) async throws -> Response {
        guard Int64(id) != nil else { throw ClientError.notFound("没有排污口 \(id) (no such outfall)") }
        let report = try await ledger { try $0.responsibleParty(of: id) }
        return Responses.json(TracingJSON.responsible(report))
    }

    /// Runs a ledger use case off the event loops; its refusals are the client's (404 for
    /// what does not exist, 400 for the rest), storage faults the server's.
    private func ledger<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        do {
            return try await service.run { registry in try body(Ledger(registry: registry)) }
        } catch let error as LedgerError {
            switch error {
            case .notFound: throw ClientError.notFound("\(error)")
            case .forbidden: throw ClientError(status: .forbidden, message: "\(error)")
            case .refused, .illegalTransition: throw ClientError.badRequest("\(error)")
            case .corrupt, .storage: throw error
            }
        }
    }
}

extension LedgerAPI {
    /// The routes above in the OpenAPI description (`/api/openapi.json`).
    static let openAPIPaths: [(String, JSONValue)] = {
        let note = " Viewers and above (401 otherwise)."
        return [
            ("/api/units", OpenAPIDocument.get(
                "排污单位 Discharging units", "Every unit; `format=geojson` gives those with a location as points." + note, id: "ledgerUnits",
                parameters: [OpenAPIDocument.enumQuery("format", "json | geojson", ["json", "geojson"])], response: OpenAPIDocument.array, restricted: [401],
                alsoAs: [("application/geo+json", OpenAPIDocument.object)])),
            ("/api/units/{id}", OpenAPIDocument.get(
                "排污单位详情 One unit", "Name, credit code, permit, industry, address, location." + note, id: "ledgerUnit",
                parameters: [OpenAPIDocument.pathInteger("id", "排污单位 id")], response: OpenAPIDocument.object, restricted: [401])),
            ("/api/channels", OpenAPIDocument.get(
                "排污通道 Drainage channels", "Every channel as a GeoJSON LineString, downstream end last." + note, id: "ledgerChannels",
                parameters: [], response: OpenAPIDocument.object, mediaType: "application/geo+json", restricted: [401])),
            ("/api/outfalls/{id}/chain", OpenAPIDocument.get(
                "受纳水体→排污口→排污通道→排污单位 An outfall's chain", "Receiving water from the snap, channels, units, responsible party." + note,
                id: "ledgerChain", parameters: [OpenAPIDocument.pathInteger("id", "排污口 id")], response: OpenAPIDocument.object, restricted: [401])),
            ("/api/outfalls/{id}/responsible", OpenAPIDocument.get(
                "责任主体 Responsible party by rule", "kind (unit | shared_main | government | undetermined), party, reason, basis, flagged entries." + note,
                id: "ledgerResponsible", parameters: [OpenAPIDocument.pathInteger("id", "排污口 id")], response: OpenAPIDocument.object, restricted: [401])),
        ]
    }()
}

/// Lets through signed-in users of role viewer or above; the public gets 401 and JSON.
struct ViewerGuard<Context: RequestContext>: RouterMiddleware {
    let role: @Sendable (Request) async throws -> Role

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard try await role(request) >= .viewer else {
            throw ClientError(status: .unauthorized, message: "请先登录（查看及以上权限）(sign in as a viewer or above)")
        }
        return try await next(request, context)
    }
}
