import Foundation
import GeoKit
import HTTPTypes
import JSON
import LayerFormats
import OutfallModel
import Registry

/// The registry's layers as OGC API – Features collections: the same features and fields as
/// the exports, cut to the public fields for visitors who are not signed in.
struct FeatureCollections: Sendable {
    let service: RegistryService

    /// The layer's features, with the properties the viewer may see.
    func features(_ layer: LayerKind, publicOnly: Bool) async throws -> ExportLayer {
        guard let exported = try await service.exportLayers().first(where: { $0.kind == layer }) else {
            throw ClientError.notFound("没有图层 \(layer.rawValue) (no such collection)")
        }
        return publicOnly ? Disclosure.publicView(exported) : exported
    }
}
/// The CRSs the API serves (Part 2): CRS84 (lon/lat, the default), EPSG:4490 (CGCS2000,
/// latitude first as EPSG defines it) and EPSG:4545 (Gauss–Krüger CM 108°E, northing first).
enum ServedCRS: String, CaseIterable, Sendable {
    case crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    case epsg4490 = "http://www.opengis.net/def/crs/EPSG/0/4490"
    case epsg4545 = "http://www.opengis.net/def/crs/EPSG/0/4545"

    init(uri: String?) throws(ClientError) {
        guard let uri else {
            self = .crs84
            return
        }
        let trimmed = uri.trimmingCharacters(in: CharacterSet(charactersIn: "<>[] "))
        guard let crs = ServedCRS(rawValue: trimmed) ?? Self.shortForms[trimmed.uppercased()] else {
            throw ClientError(status: .badRequest, message: "不支持的坐标系 \(uri)；可用：\(ServedCRS.allCases.map(\.rawValue).joined(separator: "、")) (unsupported crs)")
        }
        self = crs
    }

    /// The short forms OGC and GIS clients also send: `EPSG:4490`, the safe CURIE
    /// `[EPSG:4490]`, the URN, `OGC:CRS84`.
    static let shortForms: [String: ServedCRS] = [
        "CRS84": .crs84, "OGC:CRS84": .crs84, "URN:OGC:DEF:CRS:OGC:1.3:CRS84": .crs84,
        "EPSG:4490": .epsg4490, "URN:OGC:DEF:CRS:EPSG::4490": .epsg4490,
        "EPSG:4545": .epsg4545, "URN:OGC:DEF:CRS:EPSG::4545": .epsg4545,
    ]

    var epsg: Int { self == .epsg4545 ? 4545 : 4490 }

    /// `Content-Crs`, which Part 2 requires on every features response.
    var headers: [(HTTPField.Name, String)] {
        HTTPField.Name("Content-Crs").map { [($0, "<\(rawValue)>")] } ?? []
    }
    /// Whether the CRS's first axis is north (EPSG's latitude-first and northing-first).
    var northFirst: Bool { self != .crs84 }
    var decimals: Int { self == .epsg4545 ? 3 : 7 }

    /// Storage lon/lat → this CRS, in its axis order, rounded to the CRS's decimals. Made once
    /// per request: only the Gauss–Krüger output needs PROJ.
    func fromStorage() throws -> ([Coordinate]) throws -> [Coordinate] {
        let transformer = epsg == 4490 ? nil : try CoordinateTransformer(fromEPSG: 4490, toEPSG: epsg, context: PROJContext())
        let factor = pow(10.0, Double(decimals))
        let northFirst = northFirst
        return { cs in
            let out = try transformer?.transform(cs) ?? cs
            return out.map { c in
                let (a, b) = northFirst ? (c.y, c.x) : (c.x, c.y)
                return Coordinate(x: (a * factor).rounded() / factor, y: (b * factor).rounded() / factor)
            }
        }
    }

    /// This CRS, in its axis order → storage lon/lat.
    func toStorage(_ cs: [Coordinate], context: PROJContext) throws -> [Coordinate] {
        let ordered = northFirst ? cs.map { Coordinate(x: $0.y, y: $0.x) } : cs
        if epsg == 4490 { return ordered }
        return try CoordinateTransformer(fromEPSG: epsg, toEPSG: 4490, context: context).transform(ordered)
    }
}
