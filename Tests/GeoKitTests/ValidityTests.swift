import Testing
@testable import GeoKit

struct ValidityTests {
    let geos = GEOSContext()

    /// A bow-tie: edges (0,0)-(2,2) and (2,0)-(0,2) cross at (1,1).
    let bowTie = Geometry.polygon(Polygon(exterior: [
        Coordinate(x: 0, y: 0), Coordinate(x: 2, y: 2), Coordinate(x: 2, y: 0), Coordinate(x: 0, y: 2), Coordinate(x: 0, y: 0),
    ]))

    @Test func bowTieIsInvalidWithASelfIntersectionAtTheCrossing() throws {
        let g = try geos.geometry(bowTie)
        #expect(!g.isValid)
        #expect(g.validityReason.contains("Self-intersection"))
        #expect(g.validityReason.contains("1 1"))
    }

    @Test func makeValidSplitsABowTieIntoTwoTrianglesKeepingBothLobes() throws {
        let repaired = try geos.geometry(bowTie).makeValid()
        #expect(repaired.isValid)
        let value = try repaired.value()
        #expect(value.polygons.count == 2)
        // Lobes left and right of the crossing, each a triangle of base 2 and height 1:
        // area 1 each. buffer(0) would keep only one.
        #expect(repaired.area == 2)
        #expect(try repaired.covers(geos.point(Coordinate(x: 0.5, y: 1))))
        #expect(try repaired.covers(geos.point(Coordinate(x: 1.5, y: 1))))
        #expect(try !repaired.covers(geos.point(Coordinate(x: 1, y: 0.5))))
    }

    @Test func structuralChecksNameTheProblem() {
        let open = Geometry.polygon(Polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 1)]))
        #expect(open.structuralProblem() == .ringNotClosed(ring: 0))
        let short = Geometry.polygon(Polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 0, y: 0)]))
        #expect(short.structuralProblem() == .ringTooShort(ring: 0, pointCount: 3))
        let nan = Geometry.point(Coordinate(x: .nan, y: 1))
        if case .nonFiniteCoordinate = nan.structuralProblem() {} else { Issue.record("NaN not caught") }
        #expect(Geometry.lineString([Coordinate(x: 1, y: 1), Coordinate(x: 1, y: 1)]).structuralProblem() == .degenerateLine(pointCount: 2))
        #expect(Geometry.multiPolygon([]).structuralProblem() == .empty("MultiPolygon"))
    }

    @Test func orientationForRFC7946() {
        let clockwise = Polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 0, y: 1), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 0)])
        #expect(Polygon.signedDoubleArea(clockwise.exterior) < 0)
        #expect(Polygon.signedDoubleArea(clockwise.orientedRightHand().exterior) > 0)
    }
}
