import Foundation
import GeoKit
import Hummingbird
import JSON
import LayerFormats
import OutfallModel
import Registry

/// What the slippy map (`/static/slippy-map.js`, Leaflet) draws, as JSON the script fetches:
/// the CSP allows no inline script, so nothing is baked into the page but data- attributes.
///
/// - `GET /api/map/styles`: Styles/styles.json as the map uses it (every class with its fill,
///   fill opacity, line and width; label style and the zoom from which labels show), and the
///   palette for colouring outfalls by remediation case state.
/// - `GET /api/map/layers/{layer}`: the layer as GeoJSON in lon/lat (CGCS2000), each feature
///   with its `style_class` and `label`, cut to the public fields for visitors.
/// - `GET /api/map/density?cell_km=2`: outfalls per km² on a square grid in EPSG:4545 metres
///   (cells without outfalls left out), for the density view.
/// - `GET /api/map/reaches`: outfalls per river-km of each reach, for the per-reach view.
struct MapAPI: Sendable {
    let collections: FeatureCollections
    let styles: StyleSheet
    let isSignedIn: @Sendable (Request) async throws -> Bool

    func register(on router: Router<OutfallRequestContext>) {
        let api = self
        router.get("/api/map/styles") { _, _ in Responses.json(api.styleJSON()) }
        router.get("/api/map/layers/:layer") { request, context in
            let id = context.parameters.get("layer") ?? ""
            guard let layer = LayerKind(rawValue: id) else { throw ClientError.notFound("没有图层 \(id.prefix(40)) (no such layer)") }
            return try await api.layer(request, layer)
        }
        router.get("/api/map/density") { request, _ in try await api.density(Query(request)) }
        router.get("/api/map/reaches") { _, _ in try await api.reaches() }
    }

    /// Labels appear from this zoom on, so that the county view is not a wall of names.
    static func labelZoom(_ layer: LayerKind) -> Int {
        switch layer {
        case .areas: 10
        case .rivers: 11
        case .zones: 12
        case .intakes, .sections: 12
        case .outfalls: 13
        }
    }

    /// Drawing order, bottom to top, with each layer's Chinese title for the layer switcher.
    static let order: [LayerKind] = [.areas, .zones, .rivers, .sections, .intakes, .outfalls]

    func styleJSON() -> JSONValue {
        var layers: [(String, JSONValue)] = []
        for kind in Self.order {
            let style = styles.style(kind)
            layers.append((kind.rawValue, .object(JSONObject([
                ("title", .string(kind.chineseName)),
                ("geometry", .string(kind.geometryFamily == .puntal ? "point" : kind.geometryFamily == .lineal ? "line" : "polygon")),
                ("size", .number(style.size)),
                ("label", .object(JSONObject([
                    ("field", .string(style.label.field)), ("size", .number(style.label.size)), ("color", .string(style.label.color)),
                    ("italic", .bool(style.label.italic)), ("min_zoom", .number(Double(Self.labelZoom(kind)))),
                ]))),
                ("classes", .array(style.classes.map { c in
                    .object(JSONObject([
                        ("value", .string(c.value)), ("label", .string(c.label)), ("color", .string(c.color)),
                        ("fill_opacity", .number(c.fillOpacity)), ("line", .string(c.line)), ("width", .number(c.width)),
                    ]))
                })),
            ]))))
        }
        return .object(JSONObject([
            ("order", .array(Self.order.map { .string($0.rawValue) })),
            ("layers", .object(JSONObject(layers))),
            ("case_states", .array(CasePalette.entries.map { e in
                .object(JSONObject([("value", .string(e.value)), ("label", .string(e.label)), ("color", .string(e.color))]))
            })),
        ]))
    }

    func layer(_ request: Request, _ layer: LayerKind) async throws -> Response {
        let exported = try await collections.features(layer, publicOnly: !(try await isSignedIn(request)))
        let field = styles.style(layer).label.field
        let features: [JSONValue] = exported.features.map { f in
            var properties = f.properties
            properties["style_class"] = .string(f.styleClass)
            properties["label"] = .string(f.properties[field]?.displayText ?? f.properties["name"]?.displayText ?? "")
            return .object(JSONObject([
                ("type", "Feature"), ("id", .number(Double(f.id))), ("properties", .object(properties)), ("geometry", f.geometry.geoJSON),
            ]))
        }
        return Responses.geoJSON(.object(JSONObject([
            ("type", "FeatureCollection"), ("name", .string(layer.rawValue)), ("title", .string(layer.chineseName)),
            ("schematic", .bool(exported.schematic)), ("features", .array(features)),
        ])))
    }

    static let cellRange = 0.2...20.0

    func density(_ query: Query) async throws -> Response {
        let cellKm = try query.double("cell_km") ?? 2
        guard Self.cellRange.contains(cellKm) else {
            throw ClientError.badRequest("cell_km 应在 0.2 到 20 之间，收到 \(cellKm) (cell size out of range)")
        }
        let outfalls = try await collections.features(.outfalls, publicOnly: true)
        let grid = try DensityGrid(cellMetres: cellKm * 1000, points: outfalls.features.compactMap { f in
            if case .point(let p) = f.geometry { return p }
            return nil
        })
        return Responses.geoJSON(try grid.geoJSON())
    }
}

extension MapAPI {
    /// Outfalls per river-km of each reach (the registry's distribution by reach), for
    /// colouring the rivers layer: reaches without outfalls are listed with 0.
    func reaches() async throws -> Response {
        let rows = try await collections.service.run { registry in try registry.distribution(by: .reach) }
        return Responses.json(.array(rows.map { row in
            .object(JSONObject([
                ("reach_id", .string(row.group)), ("count", .number(Double(row.count))),
                ("length_km", row.lengthKm.map { .number(($0 * 1000).rounded() / 1000) } ?? .null),
                ("per_km", row.perKm.map { .number(($0 * 1000).rounded() / 1000) } ?? .null),
            ]))
        }))
    }
}

/// The colours of remediation case states on the map: open work warm, closed-out cool.
enum CasePalette {
    static let entries: [(value: String, label: String, color: String)] = [
        ("pending", "待整治", "#d7191c"),
        ("in_progress", "整治中", "#f07c1a"),
        ("returned", "退回", "#9e0142"),
        ("awaiting_check", "待核查", "#f2c500"),
        ("county_closed", "县级预销号", "#66c2a5"),
        ("closed", "已销号", "#1a9641"),
        ("none", "无整治案件", "#bdbdbd"),
    ]
}
