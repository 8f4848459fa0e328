import Foundation
import GeoKit
import JSON
import OutfallModel
@testable import Registry
import RegistryStore
import Siting
import Testing

/// What one `outfalls check` costs must not depend on how many zones the registry holds
/// (issue 12): with 50 or 2,000 zones far away, the check converts and prepares the same few
/// zones near its place — counted, not timed — and still finds every zone that matters.
struct CheckScaleTests {
    /// What the zone predicates were asked, across the engines of one check.
    final class WorkLog: @unchecked Sendable {
        // The predicates closure is @Sendable; the log is only written by the checking thread.
        private let lock = NSLock()
        private var tested = Set<String>()
        private var largestModel = 0

        func record(_ zone: Int, of model: SitingModel) {
            lock.lock()
            defer { lock.unlock() }
            tested.insert(model.zones[zone].key)
            largestModel = max(largestModel, model.zones.count)
        }

        var zonesTested: Set<String> { lock.lock(); defer { lock.unlock() }; return tested }
        var zonesConverted: Int { lock.lock(); defer { lock.unlock() }; return largestModel }
    }

    /// GEOS, with every zone asked about logged: a zone is prepared only when first asked.
    final class CountingPredicates: ZonePredicates {
        let geos = GEOSZonePredicates()
        let log: WorkLog
        init(log: WorkLog) { self.log = log }

        func covers(zone: Int, of model: SitingModel, point: Coordinate, tolerance: Double) throws(GEOSError) -> Bool {
            log.record(zone, of: model)
            return try geos.covers(zone: zone, of: model, point: point, tolerance: tolerance)
        }

        func distance(zone: Int, of model: SitingModel, to point: Coordinate) throws(GEOSError) -> Double {
            log.record(zone, of: model)
            return try geos.distance(zone: zone, of: model, to: point)
        }
    }

    let dir = TemporaryDirectory()
    /// The checked place, in the Liucheng region, far from the far-away zones.
    static let place = Coordinate(lon: 109.40, lat: 24.60)
    /// About 100 m in longitude at this latitude.
    static let lon100m = 100 / (111_320 * cos(24.6 * Double.pi / 180))

    static func zone(_ key: String, _ geometry: Geometry, kind: String, level: String? = nil) -> JSONValue {
        var properties = JSONObject([("name", .string("测试区域\(key)")), ("kind", .string(kind))])
        if let level { properties["level"] = .string(level) }
        return GeoJSON.feature(id: key, geometry, properties)
    }

    /// A level-1 drinking-water zone around the place, a scenic water 500 m east of it (within
    /// the 1 km near-zone distance) and one 1.5 km east (beyond it), and `far` small zones of
    /// both kinds on a grid at least 10 km away.
    func registry(far: Int) throws -> Registry {
        let registry = try Registry.create(path: dir.file("far\(far).sqlite"), settings: .liucheng)
        try SampleData().loadRules(into: registry, actor: "tester")
        let p = Self.place
        var features = [
            Self.zone("inside", GeoJSON.square(p.x - 0.002, p.y - 0.002, 0.004), kind: "drinking_water", level: "1"),
            Self.zone("near", GeoJSON.square(p.x + 5 * Self.lon100m, p.y - 0.001, 0.002), kind: "scenic_water"),
            Self.zone("beyond", GeoJSON.square(p.x + 15 * Self.lon100m, p.y - 0.001, 0.002), kind: "scenic_water"),
        ]
        for i in 0..<far {
            // 50 columns west of 109.30 E (over 10 km from the place), 0.002° squares.
            let lon = 108.80 + Double(i % 50) * 0.01
            let lat = 24.40 + Double(i / 50) * 0.0112
            features.append(Self.zone("far\(i)", GeoJSON.square(lon, lat, 0.002), kind: i % 2 == 0 ? "scenic_water" : "drinking_water", level: i % 2 == 0 ? nil : "1"))
        }
        let file = dir.write("zones\(far).geojson", json: GeoJSON.collection(features))
        // One scope for both sizes, so that the zones' keys are the same.
        _ = try registry.importFile(.zones, file, scope: "test")
        return registry
    }

    @Test func aCheckConvertsTheSameFewZonesWithFiftyOrTwoThousandFarAway() throws {
        var results: [(converted: Int, tested: Set<String>, findings: [String])] = []
        for far in [50, 2_000] {
            let registry = try registry(far: far)
            #expect(try registry.store.count(.zones) == far + 3)
            let log = WorkLog()
            var counted = registry
            counted.sitingPredicates = { CountingPredicates(log: log) }
            let report = try counted.check(GivenPoint(Self.place), type: .industrialEnterprise)
            let findings = report.verdict.findings.map { "\($0.rule.id):\($0.feature.key)" }
            results.append((log.zonesConverted, log.zonesTested, findings))

            // The model of every zone (the server's) converts them all and finds the same.
            let all = WorkLog()
            counted.sitingPredicates = { CountingPredicates(log: all) }
            let full = try Checker(registry: counted, zones: .all).check(GivenPoint(Self.place), type: .industrialEnterprise)
            #expect(all.zonesConverted == far + 3)
            #expect(full.verdict == report.verdict)
        }
        let (small, large) = (results[0], results[1])
        #expect(small.converted == large.converted && small.tested == large.tested, "\(small) vs \(large)")
        // Only the zones within reach of the place: the one it is in and the two east of it.
        #expect(small.converted <= 3, "\(small.converted) zones converted")
        #expect(!small.tested.contains { $0.contains(":far") }, "\(small.tested)")
        // Fail closed: the zone it is in and the one within 1 km are found, the one beyond is not.
        #expect(small.findings == large.findings)
        #expect(small.findings.contains { $0.hasPrefix("DW-PROTECTED:") && $0.hasSuffix("inside") }, "\(small.findings)")
        #expect(small.findings.contains { $0.hasPrefix("SPECIAL-WATER-NEAR:") && $0.hasSuffix("near") }, "\(small.findings)")
        #expect(!small.findings.contains { $0.hasSuffix("beyond") }, "\(small.findings)")
    }

    @Test func aZoneImportedOrEditedAfterTheIndexWasStoredIsSeen() throws {
        let registry = try registry(far: 50)
        let epsg = registry.settings.metricEPSG
        let before = try registry.store.version(of: .zones)
        // The import stored the zones' envelopes.
        #expect(try registry.store.zoneIndex(zonesVersion: before, metricEPSG: epsg, format: ZoneEnvelopeIndex.format) != nil)
        let away = Coordinate(lon: 109.50, lat: 24.70)
        #expect(try registry.check(GivenPoint(away), type: .industrialEnterprise).verdict.verdict == .clear)

        // A zone imported around the place afterwards is found by the next check.
        let file = dir.write("later.geojson", json: GeoJSON.collection([
            Self.zone("later", GeoJSON.square(away.x - 0.001, away.y - 0.001, 0.002), kind: "drinking_water", level: "1")
        ]))
        _ = try registry.importFile(.zones, file)
        #expect(try registry.check(GivenPoint(away), type: .industrialEnterprise).verdict.findings.map(\.feature.key).contains { $0.hasSuffix("later") })

        // Moved away by an edit (no import: the index is rebuilt by the check), it is no longer found.
        let id = try #require(try registry.store.fetchAll(Zone.self).first { $0.key.hasSuffix("later") }?.id)
        _ = try registry.store.edit(Zone.self, id: id, actor: "tester", note: "moved") { zone in
            zone.geometry = GeoJSON.square(109.60, 24.85, 0.002)
        }
        #expect(try registry.check(GivenPoint(away), type: .industrialEnterprise).verdict.verdict == .clear)
        // A damaged stored index is rebuilt, not trusted.
        let version = try registry.store.version(of: .zones)
        try registry.store.saveZoneIndex([1, 2, 3], zonesVersion: version, metricEPSG: epsg, format: ZoneEnvelopeIndex.format)
        #expect(try registry.check(GivenPoint(Self.place), type: .industrialEnterprise).verdict.verdict == .prohibited)
    }

    @Test func aLongerNearZoneDistanceInTheRulesWidensTheSearch() throws {
        let registry = try registry(far: 50)
        // The scenic water "beyond" is 1.5 km away: outside the bundled 1 km, inside 2 km.
        let rules = try String(contentsOfFile: try #require(SampleData().rulesFile), encoding: .utf8)
            .replacingOccurrences(of: "\"within_m\": 1000}", with: "\"within_m\": 2000}")
        let path = dir.write("rules-2km.json", rules)
        try registry.loadRules(path: path, actor: "tester")
        let keys = try registry.check(GivenPoint(Self.place), type: .industrialEnterprise).verdict.findings.map(\.feature.key)
        #expect(keys.contains { $0.hasSuffix("beyond") }, "\(keys)")
    }
}
