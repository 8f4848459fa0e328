import Foundation
import GeoKit
import JSON

/// Outfalls per km² on a square grid laid in EPSG:4545 (Gauss–Krüger CM 108°E) metres, so
/// that every cell has the same true area; cells are returned in lon/lat for the map.
/// Only cells holding at least one outfall are kept: the rest of the county is zero.
struct DensityGrid {
    struct Cell: Hashable {
        var column: Int
        var row: Int
    }

    let cellMetres: Double
    private(set) var counts: [Cell: Int] = [:]

    init(cellMetres: Double, points: [Coordinate]) throws {
        self.cellMetres = cellMetres
        let forward = try CoordinateTransformer(fromEPSG: 4490, toEPSG: 4545, context: PROJContext())
        for p in try forward.transform(points) {
            let cell = Cell(column: Int((p.x / cellMetres).rounded(.down)), row: Int((p.y / cellMetres).rounded(.down)))
            counts[cell, default: 0] += 1
        }
    }

    var areaKm2: Double { cellMetres * cellMetres / 1_000_000 }

    func geoJSON() throws -> JSONValue {
        let back = try CoordinateTransformer(fromEPSG: 4545, toEPSG: 4490, context: PROJContext())
        let cells = counts.sorted { ($0.key.row, $0.key.column) < ($1.key.row, $1.key.column) }
        let maximum = counts.values.max() ?? 0
        var features: [JSONValue] = []
        for (cell, count) in cells {
            let x0 = Double(cell.column) * cellMetres, y0 = Double(cell.row) * cellMetres
            let corners = [
                Coordinate(x: x0, y: y0), Coordinate(x: x0 + cellMetres, y: y0), Coordinate(x: x0 + cellMetres, y: y0 + cellMetres),
                Coordinate(x: x0, y: y0 + cellMetres), Coordinate(x: x0, y: y0),
            ]
            let ring = try back.transform(corners).map { Coordinate(x: ($0.x * 1e7).rounded() / 1e7, y: ($0.y * 1e7).rounded() / 1e7) }
            features.append(.object(JSONObject([
                ("type", "Feature"),
                ("properties", .object(JSONObject([
                    ("count", .number(Double(count))),
                    ("per_km2", .number((Double(count) / areaKm2 * 1000).rounded() / 1000)),
                ]))),
                ("geometry", Geometry.polygon(Polygon(exterior: ring)).geoJSON),
            ])))
        }
        return .object(JSONObject([
            ("type", "FeatureCollection"),
            ("cell_km", .number(cellMetres / 1000)), ("cell_area_km2", .number(areaKm2)),
            ("max_count", .number(Double(maximum))),
            ("total", .number(Double(counts.values.reduce(0, +)))),
            ("features", .array(features)),
        ]))
    }
}
