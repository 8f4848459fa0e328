import Foundation
import GeoKit
import HTTPTypes
import Hummingbird
import JSON
import LayerFormats
import OutfallModel
import Registry

/// OGC API – Features, Part 1 (Core, GeoJSON, OpenAPI 3.0) and Part 2 (CRS by reference),
/// under `/ogc`, so that QGIS and GDAL's OAPIF driver can read every layer:
/// `ogrinfo OAPIF:http://HOST:PORT/ogc`.
struct FeaturesAPI: Sendable {
    let collections: FeatureCollections
    /// Whether the request comes from a signed-in user (who sees every field).
    let isSignedIn: @Sendable (Request) async throws -> Bool
    let publicBase: PublicBase

    static let conformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    ]
    static let defaultLimit = 100
    static let maximumLimit = 10_000

    func register(on router: Router<OutfallRequestContext>) {
        let api = self
        router.get("/ogc") { request, _ in api.landing(api.publicBase.url(for: request)) }
        router.get("/ogc/conformance") { _, _ in
            Responses.json(.object(JSONObject([("conformsTo", .array(Self.conformance.map(JSONValue.string)))])))
        }
        router.get("/ogc/collections") { request, _ in try await api.collectionList(request) }
        router.get("/ogc/collections/:collection") { request, context in
            try await api.collection(request, try layer(context))
        }
        router.get("/ogc/collections/:collection/queryables") { request, context in
            try await api.queryables(request, try layer(context))
        }
        router.get("/ogc/collections/:collection/items") { request, context in
            try await api.items(request, try layer(context))
        }
        router.get("/ogc/collections/:collection/items/:feature") { request, context in
            try await api.item(request, try layer(context), id: context.parameters.get("feature") ?? "")
        }
    }

    private func landing(_ base: String) -> Response {
        Responses.json(.object(JSONObject([
            ("title", "入河排污口登记 Outfall Registry — OGC API – Features"),
            ("description", "柳城县入河排污口、河流、保护区等图层 (layers of the outfall registry)"),
            ("links", .array([
                link(base + "/ogc", rel: "self", type: "application/json", title: "本页 this document"),
                link(base + "/api/openapi.json", rel: "service-desc", type: "application/vnd.oai.openapi+json;version=3.0", title: "OpenAPI"),
                link(base + "/ogc/conformance", rel: "conformance", type: "application/json", title: "符合的标准 conformance"),
                link(base + "/ogc/collections", rel: "data", type: "application/json", title: "图层 collections"),
            ])),
        ])))
    }

    private func collectionList(_ request: Request) async throws -> Response {
        let base = publicBase.url(for: request)
        let publicOnly = !(try await isSignedIn(request))
        var list: [JSONValue] = []
        for layer in LayerKind.allCases {
            list.append(try await describe(layer, base: base, publicOnly: publicOnly))
        }
        return Responses.json(.object(JSONObject([
            ("links", .array([link(base + "/ogc/collections", rel: "self", type: "application/json", title: "图层 collections")])),
            ("collections", .array(list)),
            ("crs", .array(ServedCRS.allCases.map { .string($0.rawValue) })),
        ])))
    }

    private func collection(_ request: Request, _ layer: LayerKind) async throws -> Response {
        Responses.json(try await describe(layer, base: publicBase.url(for: request), publicOnly: !(try await isSignedIn(request))))
    }

    private func describe(_ layer: LayerKind, base: String, publicOnly: Bool) async throws -> JSONValue {
        let exported = try await collections.features(layer, publicOnly: publicOnly)
        let envelope = Self.extent(of: exported.features.flatMap(\.geometry.coordinates))
        let path = base + "/ogc/collections/" + layer.rawValue
        var description = layer.chineseName
        if exported.schematic { description += "【示意数据 SCHEMATIC，非官方、非实测】" }
        return .object(JSONObject([
            ("id", .string(layer.rawValue)),
            ("title", .string(layer.chineseName)),
            ("description", .string(description)),
            ("itemType", "feature"),
            ("extent", .object(JSONObject([
                ("spatial", .object(JSONObject([
                    ("bbox", .array([.array(envelope.map { [$0.minX, $0.minY, $0.maxX, $0.maxY].map(JSONValue.number) } ?? [])])),
                    ("crs", .string(ServedCRS.crs84.rawValue)),
                ]))),
            ]))),
            ("crs", .array(ServedCRS.allCases.map { .string($0.rawValue) })),
            ("storageCrs", .string(ServedCRS.epsg4490.rawValue)),
            ("links", .array([
                link(path, rel: "self", type: "application/json", title: layer.chineseName),
                link(path + "/items", rel: "items", type: "application/geo+json", title: "要素 items"),
                link(path + "/queryables", rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", type: "application/schema+json", title: "可筛选属性 queryables"),
            ])),
        ]))
    }

    /// The layer's extent; a single point (one intake) is widened by ~10 m each way, since
    /// GIS clients read a zero-area bbox as "no extent" and cannot zoom to the layer.
    static func extent(of coordinates: [Coordinate]) -> Envelope? {
        guard var e = Envelope(covering: coordinates) else { return nil }
        let pad = 0.0001
        if e.maxX - e.minX < pad { e.minX -= pad; e.maxX += pad }
        if e.maxY - e.minY < pad { e.minY -= pad; e.maxY += pad }
        return e
    }

    /// The properties a client may filter the layer's items by (`?name=value`), as JSON
    /// Schema (OGC API – Features Part 3 `queryables`), with the geometry.
    private func queryables(_ request: Request, _ layer: LayerKind) async throws -> Response {
        let exported = try await collections.features(layer, publicOnly: !(try await isSignedIn(request)))
        let kinds = exported.fieldKinds()
        var properties: [(String, JSONValue)] = []
        for (name, kind) in zip(exported.fieldNames, kinds) where !Self.reserved.contains(name) {
            let type = kind.isBool ? "boolean" : kind.isInteger ? "integer" : kind.isNumeric ? "number" : "string"
            properties.append((name, .object(JSONObject([("title", .string(FieldCatalog.label(name))), ("type", .string(type))]))))
        }
        let geometry: String = switch layer.geometryFamily {
            case .puntal: "https://geojson.org/schema/Point.json"
            case .lineal: "https://geojson.org/schema/LineString.json"
            case .polygonal: "https://geojson.org/schema/Polygon.json"
        }
        properties.insert(("geometry", .object(JSONObject([("title", "几何 geometry"), ("$ref", .string(geometry))]))), at: 0)
        let id = publicBase.url(for: request) + "/ogc/collections/" + layer.rawValue + "/queryables"
        return Responses.json(.object(JSONObject([
            ("$schema", "https://json-schema.org/draft/2019-09/schema"),
            ("$id", .string(id)),
            ("type", "object"),
            ("title", .string(layer.chineseName + " 可筛选属性 (queryables)")),
            ("properties", .object(JSONObject(properties))),
            ("additionalProperties", false),
        ])), contentType: "application/schema+json")
    }

    /// Parameters the API itself uses; any other is a filter on a property.
    static let reserved: Set<String> = ["f", "limit", "offset", "bbox", "bbox-crs", "crs", "datetime"]

    private func items(_ request: Request, _ layer: LayerKind) async throws -> Response {
        let query = Query(request)
        if let f = query["f"], !["json", "geojson"].contains(f) { throw ClientError.badRequest("不支持的格式 f=\(f)，仅 json (unsupported f)") }
        // Part 1: a limit above the maximum is not an error, it is the maximum; below 1, an
        // empty value, a negative offset or a number that is not one are.
        let limit = min(try query.int("limit", in: 1...Int(Int32.max)) ?? Self.defaultLimit, Self.maximumLimit)
        let offset = try query.int("offset", in: 0...Int(Int32.max)) ?? 0
        let crs = try ServedCRS(uri: query["crs"])
        _ = try ServedCRS(uri: query["bbox-crs"])  // refused even without a bbox: a typo must not pass unnoticed
        let bbox = try bbox(query)
        let exported = try await collections.features(layer, publicOnly: !(try await isSignedIn(request)))
        let filters = query.names.filter { !Self.reserved.contains($0) }.compactMap { name in query[name].map { (name, $0) } }
        for (name, _) in filters where !exported.fieldNames.contains(name) {
            throw ClientError.badRequest("图层 \(layer.rawValue) 没有属性 \(name)，无法按其筛选 (unknown property \(name))")
        }
        let matched = exported.features.filter { feature in
            if let bbox, let e = feature.geometry.envelope, !(e.maxX >= bbox.minX && e.minX <= bbox.maxX && e.maxY >= bbox.minY && e.minY <= bbox.maxY) {
                return false
            }
            return filters.allSatisfy { name, value in feature.properties[name]?.displayText == value }
        }
        let page = Array(matched.dropFirst(offset).prefix(limit))
        let convert = try crs.fromStorage()
        let features = try page.map { try json($0, convert: convert) }
        let base = publicBase.url(for: request)
        let path = base + "/ogc/collections/" + layer.rawValue + "/items"
        var links = [link(path + pageQuery(query, offset: offset, limit: limit), rel: "self", type: "application/geo+json", title: "本页 this page")]
        if offset + page.count < matched.count {
            links.append(link(path + pageQuery(query, offset: offset + page.count, limit: limit), rel: "next", type: "application/geo+json", title: "下一页 next page"))
        }
        return Responses.geoJSON(.object(JSONObject([
            ("type", "FeatureCollection"),
            ("numberMatched", .number(Double(matched.count))),
            ("numberReturned", .number(Double(page.count))),
            ("timeStamp", .string(ISO8601DateFormatter().string(from: Date()))),
            ("links", .array(links)),
            ("features", .array(features)),
        ])), headers: crs.headers)
    }

    private func item(_ request: Request, _ layer: LayerKind, id: String) async throws -> Response {
        let crs = try ServedCRS(uri: Query(request)["crs"])
        let exported = try await collections.features(layer, publicOnly: !(try await isSignedIn(request)))
        guard let wanted = Int64(id), let feature = exported.features.first(where: { $0.id == wanted }) else {
            throw ClientError.notFound("图层 \(layer.rawValue) 中没有要素 \(id) (no such feature)")
        }
        guard case .object(var object) = try json(feature, convert: try crs.fromStorage()) else { return Responses.json(.null) }
        let path = publicBase.url(for: request) + "/ogc/collections/" + layer.rawValue
        object["links"] = .array([
            link(path + "/items/\(id)", rel: "self", type: "application/geo+json", title: feature.properties["name"]?.displayText ?? id),
            link(path, rel: "collection", type: "application/json", title: layer.chineseName),
        ])
        return Responses.geoJSON(.object(object), headers: crs.headers)
    }

    private func bbox(_ query: Query) throws(ClientError) -> Envelope? {
        guard let text = query["bbox"] else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, numbers.count == 4, numbers.allSatisfy(\.isFinite) else {
            throw .badRequest("bbox 应为 4 个数：minx,miny,maxx,maxy (bbox needs 4 numbers)")
        }
        guard numbers[0] <= numbers[2], numbers[1] <= numbers[3] else {
            throw .badRequest("bbox 的最小值大于最大值：\(text.prefix(80))，应为 minx,miny,maxx,maxy (bbox min > max)")
        }
        let crs = try ServedCRS(uri: query["bbox-crs"])
        do {
            let corners = try crs.toStorage([Coordinate(x: numbers[0], y: numbers[1]), Coordinate(x: numbers[2], y: numbers[3])], context: PROJContext())
            return Envelope(covering: corners)
        } catch {
            throw .badRequest("bbox 无法换算：\(error)")
        }
    }

    private func json(_ feature: ExportFeature, convert: ([Coordinate]) throws -> [Coordinate]) throws -> JSONValue {
        .object(JSONObject([
            ("type", "Feature"), ("id", .number(Double(feature.id))), ("properties", .object(feature.properties)),
            ("geometry", try feature.geometry.converted(by: convert).geoJSON),
        ]))
    }

    private func pageQuery(_ query: Query, offset: Int, limit: Int) -> String {
        var parts = ["limit=\(limit)", "offset=\(offset)"]
        for name in query.names where !["limit", "offset"].contains(name) {
            for value in query.all(name) { parts.append("\(percent(name))=\(percent(value))") }
        }
        return "?" + parts.joined(separator: "&")
    }
}

private func layer(_ context: OutfallRequestContext) throws(ClientError) -> LayerKind {
    let id = context.parameters.get("collection") ?? ""
    guard let layer = LayerKind(rawValue: id) else { throw .notFound("没有图层 \(id) (no such collection)") }
    return layer
}

func link(_ href: String, rel: String, type: String, title: String) -> JSONValue {
    .object(JSONObject([("href", .string(href)), ("rel", .string(rel)), ("type", .string(type)), ("title", .string(title))]))
}

func percent(_ text: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+?#")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}
