import Foundation
import GeoKit
import JSON
import OutfallModel
@testable import Registry
import RegistryStore
import Rivers
import Siting
import Testing

/// One `outfalls check` or `snap` reads only the river edges near its place (issue 12): the
/// answers must be the whole network's, and what is read must not grow with the network.
struct LocalNetworkTests {
    let dir = TemporaryDirectory()

    /// Points near, beside and away from every sample reach, and around the sample intake.
    static func places(in registry: Registry) throws -> [Coordinate] {
        var anchors: [Coordinate] = []
        for reach in try registry.store.fetchAll(RiverReach.self) {
            let vertices = reach.geometry.lineParts.flatMap { $0 }
            anchors += stride(from: 0, to: vertices.count, by: max(1, vertices.count / 3)).map { vertices[$0] }
        }
        anchors += try registry.store.fetchAll(Intake.self).map(\.location)
        let offsets = [(0.0, 0.0), (0.0008, 0.0003), (-0.003, 0.002), (0.02, -0.01), (-0.06, 0.04)]
        return anchors.flatMap { a in offsets.map { Coordinate(lon: a.lon + $0.0, lat: a.lat + $0.1) } }
            .filter { registry.settings.region.problem(with: $0) == nil }
    }

    @Test func checksAndSnapsOnTheNetworkNearThePlaceAnswerAsTheWholeNetwork() throws {
        let registry = try dir.sampleRegistry()
        let whole = try registry.riverNetwork()
        let full = try Checker(registry: registry, zones: .all)
        let places = try Self.places(in: registry)
        #expect(places.count > 60)
        var statuses = Set<String>()
        var upstreamFindings = 0
        for (n, place) in places.enumerated() {
            let point = GivenPoint(place)
            let type: OutfallType? = n % 2 == 0 ? .industrialEnterprise : nil
            let local = try registry.check(point, type: type)
            let reference = try full.check(point, type: type)
            #expect(JSONWriter.compact(local.json) == JSONWriter.compact(reference.json), "check at \(place)")
            upstreamFindings += local.verdict.findings.filter { $0.rule.id.hasPrefix("UPSTREAM-") }.count

            let snap = try registry.snap(point)
            let wholeSnap = try registry.snap(point, network: whole)
            #expect(JSONWriter.compact(snap.json) == JSONWriter.compact(wholeSnap.json), "snap at \(place)")
            statuses.insert(snap.result.status.rawValue)
        }
        // The places cover what matters: clean, too-far and upstream-of-intake answers.
        #expect(statuses.isSuperset(of: ["ok", "too_far"]), "\(statuses)")
        #expect(upstreamFindings > 0)

        // The first of them stored the edge records; the rest read them.
        let version = try registry.store.version(of: .rivers)
        let all = try registry.store.networkEdges(
            riversVersion: version, metricEPSG: registry.settings.metricEPSG, format: RiverNetwork.edgeRecordFormat,
            meeting: Envelope(minX: -1e9, minY: -1e9, maxX: 1e9, maxY: 1e9), decode: { NetworkEdgeRecord(encoded: $0) })
        #expect(all?.count == whole.edges.count)
        #expect(all.map { RiverNetwork(records: $0, metricEPSG: whole.metricEPSG).edges } == whole.edges)

        // The comparison can fail: too small a piece of network does not answer as the whole.
        let converter = GeodeticConverter(metricEPSG: registry.settings.metricEPSG)
        var differing = 0
        for place in places {
            let metric = try converter.toMetric([place])[0]
            let tiny = try registry.riverNetwork(near: metric, within: 10).snap(metric: metric, options: registry.defaultSnapOptions)
            let reference = whole.snap(metric: metric, options: registry.defaultSnapOptions)
            if tiny.status != reference.status || tiny.best?.reach.key != reference.best?.reach.key { differing += 1 }
        }
        #expect(differing > 0)
    }

    /// A river grid around the place, and `far` reaches over 40 km west of it.
    func registry(far: Int) throws -> Registry {
        let registry = try Registry.create(path: dir.file("far\(far).sqlite"), settings: .liucheng)
        try SampleData().loadRules(into: registry, actor: "tester")
        var features: [JSONValue] = []
        for i in 0..<8 {
            // A main river flowing south with tributaries joining it from the east.
            let lat = 24.70 - Double(i) * 0.02
            features.append(GeoJSON.feature(
                id: "M\(i)", .lineString([Coordinate(lon: 109.40, lat: lat), Coordinate(lon: 109.40, lat: lat - 0.02)]), ["name": "主河"]))
            features.append(GeoJSON.feature(
                id: "T\(i)", .lineString([Coordinate(lon: 109.45, lat: lat - 0.01), Coordinate(lon: 109.40, lat: lat - 0.02)]),
                ["name": .string("支流\(i)")]))
        }
        for i in 0..<far {
            let lon = 108.85 + Double(i % 25) * 0.004
            let lat = 24.45 + Double(i / 25) * 0.01
            features.append(GeoJSON.feature(
                id: "F\(i)", .lineString([Coordinate(lon: lon, lat: lat), Coordinate(lon: lon + 0.003, lat: lat - 0.008)]),
                ["name": .string("远河\(i)")]))
        }
        _ = try registry.importFile(.rivers, dir.write("rivers\(far).geojson", json: GeoJSON.collection(features)), scope: "test")
        return registry
    }

    @Test func theNetworkReadForACheckIsTheSameWithNoneOrAThousandReachesFarAway() throws {
        var reads: [(edges: Int, report: String)] = []
        for far in [0, 1_000] {
            let registry = try registry(far: far)
            let place = Coordinate(lon: 109.401, lat: 24.63)
            _ = try registry.check(GivenPoint(place), type: .industrialEnterprise)  // stores the edge records
            let metric = try GeodeticConverter(metricEPSG: registry.settings.metricEPSG).toMetric([place])[0]
            let radius = SitingModel.networkRadius(of: try registry.rules(), snap: registry.defaultSnapOptions) + 1
            let local = try registry.riverNetwork(near: metric, within: radius)
            #expect(try registry.riverNetwork().edges.count == 16 + far)
            let report = try registry.check(GivenPoint(place), type: .industrialEnterprise)
            #expect(report.snap.status == .ok)
            reads.append((local.edges.count, JSONWriter.compact(report.json)))
        }
        #expect(reads[0].edges == 16 && reads[1].edges == 16, "\(reads.map(\.edges))")
        #expect(reads[0].report == reads[1].report)
    }

    @Test func recordsOfAnOlderRiversVersionAreNotRead() throws {
        let registry = try registry(far: 0)
        let place = GivenPoint(Coordinate(lon: 109.401, lat: 24.63))
        #expect(try registry.snap(place).result.best?.reach.key.hasSuffix("M3") == true)
        // The main river moved 0.05° east by an edit: the stored records are of the old version.
        let reaches = try registry.store.fetchAll(RiverReach.self)
        for reach in reaches where reach.key.contains("M") {
            _ = try registry.store.edit(RiverReach.self, id: try #require(reach.id), actor: "tester", note: "moved") { r in
                r.geometry = .lineString(r.geometry.lineParts.flatMap { $0 }.map { Coordinate(lon: $0.lon + 0.05, lat: $0.lat) })
            }
        }
        let after = try registry.snap(place).result
        #expect(after.best?.reach.key.hasSuffix("M3") != true, "\(String(describing: after.best?.reach.key))")
        #expect(JSONWriter.compact(try registry.snap(place).json) == JSONWriter.compact(try registry.snap(place, network: try registry.riverNetwork()).json))
    }
}
