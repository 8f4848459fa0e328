import GeoKit
import OutfallModel
@testable import Rivers

/// Small networks drawn in EPSG:4545 metres around a local origin near Liucheng, so that
/// every expected answer can be worked out by hand. They are converted to lon/lat for the
/// network, which converts back; the round trip is exact to well under a millimetre.
enum Fixtures {
    static let origin = Coordinate(x: 625_000, y: 2_727_000)
    static var converter: GeodeticConverter { GeodeticConverter() }

    static func lonLat(_ xy: [(Double, Double)]) -> [Coordinate] {
        (try? converter.fromMetric(xy.map { Coordinate(x: origin.x + $0.0, y: origin.y + $0.1) })) ?? []
    }

    static func metric(_ x: Double, _ y: Double) -> Coordinate {
        Coordinate(x: origin.x + x, y: origin.y + y)
    }

    static func reach(_ code: String, _ river: String, _ xy: [(Double, Double)]) -> RiverReach {
        RiverReach(key: "t:" + code, name: river, reachCode: code, geometry: .lineString(lonLat(xy)))
    }

    static func multiReach(_ code: String, _ river: String, _ parts: [[(Double, Double)]]) -> RiverReach {
        RiverReach(key: "t:" + code, name: river, reachCode: code, geometry: .multiLineString(parts.map(lonLat)))
    }

    static func network(_ reaches: [RiverReach]) throws -> RiverNetwork {
        try RiverNetwork.build(reaches: reaches)
    }

    /// Main flows south from (0,2000) to (0,0); Trib flows east from (-1000,1000) into it.
    static func yConfluence() throws -> RiverNetwork {
        try network([
            reach("A", "Main", [(0, 2000), (0, 1000)]),
            reach("B", "Trib", [(-1000, 1000), (0, 1000)]),
            reach("C", "Main", [(0, 1000), (0, 0)]),
        ])
    }

    /// One river: U (0,3000)→(0,2000), then two channels to (0,1000) — P1 straight (1000 m),
    /// P2 by way of (-500,1500) (2 × 707.107 = 1414.214 m) — then D to (0,0).
    static func braided() throws -> RiverNetwork {
        try network([
            reach("U", "Braid", [(0, 3000), (0, 2000)]),
            reach("P1", "Braid", [(0, 2000), (0, 1000)]),
            reach("P2", "Braid", [(0, 2000), (-500, 1500), (0, 1000)]),
            reach("D", "Braid", [(0, 1000), (0, 0)]),
        ])
    }
}

extension RiverNetwork {
    func edge(code: String) -> Int? {
        edges.indices.first { reaches[edges[$0].reach].code == code }
    }
}
