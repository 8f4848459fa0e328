import Foundation
import GeoKit
import OutfallModel
import Rivers
@testable import Siting

/// Hand-built siting cases in EPSG:4545 metres around a local origin near Liucheng, with the
/// bundled rules file.
enum SitingFixtures {
    static let origin = Coordinate(x: 625_000, y: 2_727_000)
    static var converter: GeodeticConverter { GeodeticConverter() }

    static func metric(_ x: Double, _ y: Double) -> Coordinate { Coordinate(x: origin.x + x, y: origin.y + y) }

    static func lonLat(_ xy: [(Double, Double)]) -> [Coordinate] {
        (try? converter.fromMetric(xy.map { metric($0.0, $0.1) })) ?? []
    }

    /// A square zone from (x, y) with side `size` metres.
    static func square(
        _ name: String, _ kind: ZoneKind, level: ZoneLevel? = nil, target: WaterClass? = nil, attains: Bool? = nil,
        x: Double = 0, y: Double = 0, size: Double = 1000
    ) -> Zone {
        let ring = lonLat([(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)])
        return Zone(key: "z:" + name, name: name, kind: kind, level: level, targetClass: target, attains: attains, geometry: .polygon(Polygon(exterior: ring)))
    }

    static var bundledRules: SitingRuleSet {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let data = try Data(contentsOf: root.appendingPathComponent("GeoData/siting-rules.json"))
            return try SitingRuleSet(json: [UInt8](data))
        }
    }

    static func model(zones: [Zone], intakes: [Intake] = [], sections: [MonitoringSection] = [], network: RiverNetwork? = nil) throws -> SitingModel {
        try SitingModel(rules: try bundledRules, zones: zones, intakes: intakes, sections: sections, network: network, converter: converter)
    }

    static func check(
        _ model: SitingModel, _ x: Double, _ y: Double, receiving: (Double, Double)? = nil, type: OutfallType = .industrialEnterprise,
        isNew: Bool = true, location: NetworkLocation? = nil, predicates: ZonePredicates = GEOSZonePredicates()
    ) throws(SitingError) -> SitingVerdict {
        let subject = SitingSubject(
            metric: metric(x, y), receiving: receiving.map { metric($0.0, $0.1) }, networkLocation: location, type: type, isNew: isNew)
        return try model.check(subject, engine: SitingEngine(model: model, predicates: predicates))
    }
}

extension SitingVerdict {
    func finding(_ rule: String) -> Finding? { findings.first { $0.rule.id == rule } }
    var ruleIDs: Set<String> { Set(findings.map(\.rule.id)) }
}
