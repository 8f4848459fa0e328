import Foundation
import GeoKit
import Hummingbird
import JSON
import OutfallModel
import Registry
import RegistryStore
import Rivers
import Siting

/// The JSON API under `/api`: check, snap, navigate, outfalls and layers, the same data as
/// the CLI's `--format json`, described by `/api/openapi.json`.
struct JSONAPI: Sendable {
    let service: RegistryService
    /// The viewer's role, for what the outfall endpoints may show.
    let role: @Sendable (Request) async throws -> Role
    let publicBase: PublicBase

    func register(on router: Router<OutfallRequestContext>) {
        let api = self
        router.get("/api/openapi.json") { request, _ in
            Responses.json(OpenAPIDocument.make(base: api.publicBase.url(for: request)), contentType: "application/vnd.oai.openapi+json;version=3.0")
        }
        router.get("/api/check") { request, _ in try await api.check(Query(request)) }
        router.get("/api/snap") { request, _ in try await api.snap(Query(request)) }
        router.get("/api/navigate") { request, _ in try await api.navigate(Query(request)) }
        router.get("/api/layers") { request, _ in try await api.layers(request) }
        router.get("/api/outfalls") { request, _ in try await api.outfalls(request) }
        router.get("/api/outfalls/:id") { request, context in try await api.outfall(request, id: context.parameters.get("id") ?? "") }
    }

    /// The longest free-text filter value (names, rivers, townships): a name is ≤ 200 characters.
    static let maximumTextLength = 200
    static let maximumListLimit = 100_000

    func check(_ query: Query) async throws -> Response {
        let point = try Self.point(query)
        let type = try Self.outfallType(query["type"])
        let report = try await service.check(point, type: type)
        return Responses.json(report.json)
    }

    func snap(_ query: Query) async throws -> Response {
        let point = try Self.point(query)
        let maxDistance = try query.double("max_distance")
        if let maxDistance, !(1...100_000).contains(maxDistance) {
            throw ClientError.badRequest("max_distance 应在 1 到 100000 米之间 (max_distance out of range)")
        }
        let snap = try await service.run { registry in
            var options = registry.defaultSnapOptions
            if let maxDistance { options.maxDistance = maxDistance }
            return try registry.snap(point, options: options)
        }
        return Responses.json(snap.json)
    }

    func navigate(_ query: Query) async throws -> Response {
        let start: NavigationStart
        // Every start parameter is checked, the ones not used too: a malformed one is an error.
        let maxID = Int(Int32.max)
        let (outfall, intake, section) = (try query.int("outfall", in: 1...maxID), try query.int("intake", in: 1...maxID), try query.int("section", in: 1...maxID))
        // lon/lat, when given at all, must be a valid point even where an id is the start.
        let point = query.has("lon") || query.has("lat") || outfall == nil && intake == nil && section == nil ? try Self.point(query) : nil
        if let id = outfall {
            start = .outfall(Int64(id))
        } else if let id = intake {
            start = .intake(Int64(id))
        } else if let id = section {
            start = .section(Int64(id))
        } else if let point {
            start = .point(point)
        } else {
            throw ClientError.badRequest("缺少起点：outfall、intake、section 或 lon/lat (missing start)")
        }
        guard let direction = FlowDirection(rawValue: query["direction"] ?? "down") else {
            throw ClientError.badRequest("direction 应为 up 或 down (direction must be up or down)")
        }
        let kilometres = try query.double("distance_km") ?? 10
        guard (0.001...1_000).contains(kilometres) else {
            throw ClientError.badRequest("distance_km 应在 0.001 到 1000 之间 (distance_km out of range)")
        }
        guard ["true", "false", nil].contains(query["mainstem"]) else {
            throw ClientError.badRequest("mainstem 应为 true 或 false (mainstem must be true or false)")
        }
        let mainstem = query["mainstem"] == "true"
        let report = try await service.run { registry in
            try registry.navigate(from: start, direction: direction, distance: kilometres * 1000, mainstemOnly: mainstem)
        }
        return Responses.json(report.json)
    }

    func layers(_ request: Request) async throws -> Response {
        let summaries = try await service.run { registry in try registry.layerSummaries() }
        let signedIn = try await role(request) != .public
        return Responses.json(.array(summaries.map { summary in
            // Who imported what is internal; the public sees counts and provenance of the data.
            guard !signedIn, case .object(var object) = summary.json else { return summary.json }
            object["sources"] = .array((object["sources"]?.arrayValue ?? []).map { source in
                guard case .object(var s) = source else { return source }
                s.removeValue(forKey: "imported_by")
                s.removeValue(forKey: "sha256")
                return .object(s)
            })
            return .object(object)
        }))
    }

    func outfalls(_ request: Request) async throws -> Response {
        let filter = try Self.filter(Query(request))
        let publicOnly = try await role(request) == .public
        let listings = try await service.run { registry in try registry.outfalls(matching: filter) }
        return Responses.json(.array(listings.map { Self.listingJSON($0, publicOnly: publicOnly) }))
    }

    func outfall(_ request: Request, id text: String) async throws -> Response {
        guard let id = Int64(text) else { throw ClientError.notFound("没有排污口 \(text) (no such outfall)") }
        let publicOnly = try await role(request) == .public
        let detail = try await service.run { registry in try registry.outfallDetail(id: id) }
        guard let detail else { throw ClientError.notFound("没有排污口 \(id) (no such outfall)") }
        guard case .object(var object) = Self.listingJSON(detail.listing, publicOnly: publicOnly) else { return Responses.json(.null) }
        object["findings"] = .array(detail.findings.map(\.json))
        if !publicOnly {
            object["history"] = .array(detail.history.map { entry in
                .object(JSONObject([
                    ("at", .string(entry.at)), ("actor", .string(entry.actor)), ("action", .string(entry.action)),
                    ("note", entry.note.map(JSONValue.string) ?? .null),
                ]))
            })
        }
        return Responses.json(.object(object))
    }

    // MARK: Parameters

    static func point(_ query: Query) throws(ClientError) -> GivenPoint {
        let lon = try query.requiredDouble("lon")
        let lat = try query.requiredDouble("lat")
        let crs: CRS
        if let given = query["crs"], !OpenAPIDocument.pointCRSValues.contains(given) {
            throw .badRequest("不支持的坐标系“\(given.prefix(60))”：可用 \(OpenAPIDocument.pointCRSValues.joined(separator: "、")) (unsupported crs)")
        }
        do { crs = try query["crs"].map { text throws(CRSError) in try CRS(parsing: text) } ?? .cgcs2000 } catch {
            throw .badRequest("\(error)")
        }
        return GivenPoint(Coordinate(x: lon, y: lat), crs: crs)
    }

    static func outfallType(_ text: String?) throws(ClientError) -> OutfallType? {
        guard let text else { return nil }
        guard let type = OutfallType(parsing: text) else {
            throw .badRequest("未知排污口类型“\(text)”：应为 \(OutfallType.acceptedValues) (unknown type)")
        }
        return type
    }

    static func filter(_ query: Query) throws(ClientError) -> OutfallFilter {
        var filter = OutfallFilter()
        for text in query.all("type") {
            guard let type = OutfallType(parsing: text) else { throw .badRequest("未知排污口类型“\(text)” (unknown type)") }
            filter.types.append(type)
        }
        for text in query.all("status") {
            guard let status = OutfallStatus(parsing: text) else { throw .badRequest("未知状态“\(text)” (unknown status)") }
            filter.statuses.append(status)
        }
        for text in query.all("verdict") {
            guard let verdict = Severity(rawValue: text) else { throw .badRequest("未知核查结论“\(text)” (unknown verdict)") }
            filter.verdicts.append(verdict)
        }
        for name in ["township", "river", "name"] {
            if let value = query[name], value.count > maximumTextLength {
                throw .badRequest("参数 \(name) 过长（≤ \(maximumTextLength) 字符）(\(name) too long)")
            }
        }
        filter.township = query["township"]
        filter.river = query["river"]
        filter.nameContains = query["name"]
        if let limit = try query.int("limit", in: 1...maximumListLimit) {
            filter.limit = limit
        }
        return filter
    }

    /// A listing, cut to the public fields for visitors.
    static func listingJSON(_ listing: OutfallListing, publicOnly: Bool) -> JSONValue {
        guard publicOnly, case .object(let object) = listing.json else { return listing.json }
        let allowed = Disclosure.publicFields(.outfalls).union(["id", "key", "lon", "lat", "snap", "verdict"])
        return .object(JSONObject(distinct: object.members.filter { allowed.contains($0.key) }.map { ($0.key, $0.value) }))
    }
}
