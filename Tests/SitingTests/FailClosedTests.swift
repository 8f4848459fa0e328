import GeoKit
import OutfallModel
import Testing
@testable import Siting

/// Zone predicates that fail the way GEOS does (an error from the C API) for chosen
/// operations, and otherwise ask GEOS.
final class FailingPredicates: ZonePredicates {
    let failCovers: Bool
    let failDistance: Bool
    private let real = GEOSZonePredicates()

    init(covers: Bool = false, distance: Bool = false) {
        failCovers = covers
        failDistance = distance
    }

    func covers(zone: Int, of model: SitingModel, point: Coordinate, tolerance: Double) throws(GEOSError) -> Bool {
        if failCovers { throw GEOSError(operation: "prepared covers", message: "TopologyException: forced by the test") }
        return try real.covers(zone: zone, of: model, point: point, tolerance: tolerance)
    }

    func distance(zone: Int, of model: SitingModel, to point: Coordinate) throws(GEOSError) -> Double {
        if failDistance { throw GEOSError(operation: "prepared distance", message: "forced by the test") }
        return try real.distance(zone: zone, of: model, to: point)
    }
}

/// A zone test that GEOS cannot answer must never read as "outside the zone".
struct FailClosedTests {
    typealias F = SitingFixtures

    @Test func aFailedCoversInsideALevel1ZoneIsAnErrorNamingTheZoneNotClear() throws {
        let model = try F.model(zones: [F.square("水源一级", .drinkingWater, level: .level1)])
        #expect(try F.check(model, 500, 500).verdict == .prohibited)  // with GEOS answering
        do {
            let verdict = try F.check(model, 500, 500, predicates: FailingPredicates(covers: true))
            Issue.record("a failed predicate gave a verdict: \(verdict.verdict)")
        } catch {
            #expect(error.zone?.key == "z:水源一级")
            #expect(error.description.contains("水源一级"))
            #expect(error.description.contains("核查未完成"))
            #expect(error.description.contains("covers"))
        }
    }

    @Test func aFailedDistanceForANearRuleIsAnError() throws {
        let model = try F.model(zones: [F.square("风景", .scenicWater)])
        #expect(throws: SitingError.self) { try F.check(model, 1600, 500, predicates: FailingPredicates(distance: true)) }
    }

    @Test func screeningWithOneFailingZoneThrowsRatherThanReturningClear() throws {
        let model = try F.model(zones: [F.square("水源二级", .drinkingWater, level: .level2)])
        let subjects = (0..<200).map { k in
            SitingSubject(metric: F.metric(Double(k), 500), receiving: nil, networkLocation: nil, type: .industrialEnterprise, isNew: true)
        }
        #expect(try model.screen(subjects).allSatisfy { $0.verdict == .prohibited })
        #expect(throws: SitingError.self) { try model.screen(subjects, predicates: { FailingPredicates(covers: true) }) }
    }

    @Test func aZoneFarAwayIsNotAskedAndCannotFailTheCheck() throws {
        // The envelope prefilter decides without GEOS: a far-off zone cannot be inside.
        let model = try F.model(zones: [F.square("水源一级", .drinkingWater, level: .level1)])
        #expect(try F.check(model, 50_000, 50_000, predicates: FailingPredicates(covers: true)).verdict == .clear)
    }

    @Test func aZoneWithNonFiniteCoordinatesIsRefusedNotSkipped() throws {
        let nan = Coordinate(x: .nan, y: .nan)
        let zone = Zone(
            key: "z:坏区", name: "坏区", kind: .drinkingWater, level: .level1, targetClass: nil, attains: nil,
            geometry: .polygon(Polygon(exterior: [nan, nan, nan, nan])))
        #expect(throws: SitingError.self) { try F.model(zones: [zone]) }
    }

    @Test func aPlaceWithNonFiniteCoordinatesIsAnErrorNotClear() throws {
        let model = try F.model(zones: [F.square("水源一级", .drinkingWater, level: .level1)])
        let subject = SitingSubject(metric: Coordinate(x: .nan, y: 0), receiving: nil, networkLocation: nil, type: .other, isNew: true)
        #expect(throws: SitingError.self) { try model.check(subject, engine: SitingEngine(model: model)) }
    }
}
