import JSON
import Testing
@testable import GeoKit

struct EncodingTests {
    let geos = GEOSContext()

    let samples: [Geometry] = [
        .point(Coordinate(x: 109.2415, y: 24.658)),
        .multiPoint([Coordinate(x: 1, y: 2), Coordinate(x: 3, y: 4)]),
        .lineString([Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 2, y: 0)]),
        .multiLineString([[Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0)], [Coordinate(x: 5, y: 5), Coordinate(x: 6, y: 6)]]),
        .polygon(Polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 4, y: 0), Coordinate(x: 4, y: 4), Coordinate(x: 0, y: 0)],
                         holes: [[Coordinate(x: 1, y: 0.5), Coordinate(x: 2, y: 0.5), Coordinate(x: 2, y: 1), Coordinate(x: 1, y: 0.5)]])),
        .multiPolygon([Polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 0)])]),
    ]

    @Test(arguments: 0..<6)
    func wkbRoundTripKeepsTheValue(index: Int) throws {
        let value = samples[index]
        let wkb = try geos.geometry(value).wkb
        #expect(try geos.geometry(wkb: wkb).value() == value)
    }

    /// The WKB GeoPackage exports write without GEOS is byte for byte what GEOS writes.
    @Test(arguments: 0..<6)
    func ownWKBIsGEOSWKB(index: Int) throws {
        #expect(samples[index].wkb == (try geos.geometry(samples[index]).wkb))
    }

    @Test func wkbOfAPointIsTheISOLayout() throws {
        // 01 (little endian), 01000000 (Point), then x and y as IEEE doubles.
        let wkb = try geos.geometry(.point(Coordinate(x: 1, y: 2))).wkb
        #expect(wkb == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0x40])
    }

    @Test func wktReadAndWrite() throws {
        let g = try geos.geometry(wkt: "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (3 3, 7 3, 7 7, 3 7, 3 3))")
        #expect(g.area == 84)
        #expect(g.wkt() == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (3 3, 7 3, 7 7, 3 7, 3 3))")
        #expect(throws: GEOSError.self) { try geos.geometry(wkt: "POLYGON ((0 0, 1 1") }
    }

    @Test(arguments: 0..<6)
    func geoJSONRoundTrip(index: Int) throws {
        let value = samples[index]
        #expect(try Geometry(geoJSON: value.geoJSON) == value)
    }

    @Test func geoJSONErrorsSayWhatIsWrong() throws {
        let noCoordinates = try JSONParser().parse(#"{"type":"Point"}"#)
        #expect(throws: GeometryProblem.malformed("Point has no \"coordinates\"")) { try Geometry(geoJSON: noCoordinates) }
        let stringPosition = try JSONParser().parse(#"{"type":"Point","coordinates":["109","24"]}"#)
        #expect(throws: GeometryProblem.self) { try Geometry(geoJSON: stringPosition) }
        let collection = try JSONParser().parse(#"{"type":"GeometryCollection","geometries":[]}"#)
        #expect(throws: GeometryProblem.unsupportedType("GeometryCollection")) { try Geometry(geoJSON: collection) }
        let withElevation = try JSONParser().parse(#"{"type":"Point","coordinates":[109.1,24.2,88]}"#)
        #expect(try Geometry(geoJSON: withElevation) == .point(Coordinate(x: 109.1, y: 24.2)))
    }
}
