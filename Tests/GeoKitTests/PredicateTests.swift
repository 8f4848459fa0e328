import Testing
@testable import GeoKit

/// Point-in-polygon cases worked out by hand on unit squares.
struct PredicateTests {
    let geos = GEOSContext()

    func square(_ x0: Double, _ y0: Double, _ size: Double) -> [Coordinate] {
        [Coordinate(x: x0, y: y0), Coordinate(x: x0 + size, y: y0), Coordinate(x: x0 + size, y: y0 + size),
         Coordinate(x: x0, y: y0 + size), Coordinate(x: x0, y: y0)]
    }

    /// 10×10 square with a 4×4 hole from (3,3) to (7,7).
    var squareWithHole: Geometry { .polygon(Polygon(exterior: square(0, 0, 10), holes: [square(3, 3, 4)])) }

    @Test func pointInsideRingButInHoleIsOutside() throws {
        let polygon = try geos.geometry(squareWithHole).prepared()
        #expect(try polygon.covers(Coordinate(x: 1, y: 1)))
        #expect(try !polygon.covers(Coordinate(x: 5, y: 5)))
        #expect(try !polygon.covers(Coordinate(x: 11, y: 5)))
    }

    @Test func pointOnOuterBoundaryIsInside() throws {
        let polygon = try geos.geometry(squareWithHole).prepared()
        #expect(try polygon.covers(Coordinate(x: 0, y: 5)))
        #expect(try polygon.covers(Coordinate(x: 10, y: 10)))  // a vertex
    }

    @Test func pointOnHoleBoundaryIsInside() throws {
        let polygon = try geos.geometry(squareWithHole).prepared()
        #expect(try polygon.covers(Coordinate(x: 3, y: 5)))
        #expect(try polygon.covers(Coordinate(x: 7, y: 7)))
    }

    @Test func containsExcludesTheBoundaryButCoversIncludesIt() throws {
        let polygon = try geos.geometry(squareWithHole)
        let onEdge = try geos.point(Coordinate(x: 0, y: 5))
        #expect(try !polygon.contains(onEdge))
        #expect(try polygon.covers(onEdge))
    }

    @Test func multiPolygonCoversPointsInEitherPart() throws {
        let multi = Geometry.multiPolygon([Polygon(exterior: square(0, 0, 1)), Polygon(exterior: square(5, 5, 1))])
        let prepared = try geos.geometry(multi).prepared()
        #expect(try prepared.covers(Coordinate(x: 0.5, y: 0.5)))
        #expect(try prepared.covers(Coordinate(x: 5.5, y: 5.5)))
        #expect(try !prepared.covers(Coordinate(x: 3, y: 3)))
        #expect(try prepared.covers(Coordinate(x: 6, y: 5.5)))  // on the second part's edge
    }

    @Test func distanceFromPointToPolygonEdge() throws {
        let polygon = try geos.geometry(.polygon(Polygon(exterior: square(0, 0, 10))))
        // (13, 14) is 3 right and 4 above the corner (10, 10): 5 by Pythagoras.
        #expect(try polygon.distance(to: geos.point(Coordinate(x: 13, y: 14))) == 5)
        #expect(try polygon.distance(to: geos.point(Coordinate(x: 5, y: 5))) == 0)
    }

    @Test func projectAndInterpolateAlongALine() throws {
        let line = try geos.geometry(.lineString([Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 10)]))
        #expect(try line.project(geos.point(Coordinate(x: 12, y: 4))) == 14)
        #expect(try line.interpolate(15) == Coordinate(x: 10, y: 5))
        #expect(line.length == 20)
    }
}
