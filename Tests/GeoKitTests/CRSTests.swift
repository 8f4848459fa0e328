import Foundation
import Testing
import TestSupport
@testable import GeoKit

struct CRSTests {
    @Test func parsesTheWaysPeopleWriteACRS() throws {
        #expect(try CRS(parsing: "4490") == .cgcs2000)
        #expect(try CRS(parsing: "EPSG:4545") == .gaussKruger108)
        #expect(try CRS(parsing: "urn:ogc:def:crs:EPSG::4490") == .cgcs2000)
        #expect(try CRS(parsing: "urn:ogc:def:crs:OGC:1.3:CRS84") == .wgs84)
        #expect(try CRS(parsing: "GCJ-02") == .gcj02)
        #expect(try CRS(parsing: "bd09") == .bd09)
        #expect(throws: CRSError.self) { try CRS(parsing: "google") }
    }

    @Test func liuchengCountySeatIn4545MatchesTheKnownValue() throws {
        // From ../shared/NOTES-swift-geo.md, computed with PROJ: 109.24 E, 24.65 N.
        let t = try CoordinateTransformer(fromEPSG: 4490, toEPSG: 4545, context: PROJContext())
        let gk = try t.transform(Coordinate(lon: 109.24, lat: 24.65))
        #expect(abs(gk.x - 625536.82) < 0.01)
        #expect(abs(gk.y - 2727851.20) < 0.01)
    }

    /// Runs PROJ's own `cs2cs` (authority axis order: lat lon in, northing easting out) and
    /// compares with our normalised transform, to the millimetre.
    @Test func transformAgreesWithCs2cs() throws {
        let points = [Coordinate(lon: 108.85, lat: 24.45), Coordinate(lon: 109.2415, lat: 24.658),
                      Coordinate(lon: 109.6, lat: 24.83), Coordinate(lon: 109.5, lat: 24.43)]
        let input = points.map { "\($0.lat) \($0.lon)" }.joined(separator: "\n") + "\n"
        let output = try Shell.run("cs2cs", ["-f", "%.4f", "EPSG:4490", "EPSG:4545"], input: input).stdout
        let rows = output.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) } }
        let ours = try CoordinateTransformer(fromEPSG: 4490, toEPSG: 4545, context: PROJContext()).transform(points)
        #expect(rows.count == points.count)
        for (row, mine) in zip(rows, ours) {
            #expect(abs(row[0] - mine.y) < 0.001)  // northing
            #expect(abs(row[1] - mine.x) < 0.001)  // easting
        }
    }

    @Test func inverseTransformReturnsToTheStart() throws {
        let converter = GeodeticConverter()
        let start = [Coordinate(lon: 109.2415, lat: 24.658)]
        let back = try converter.fromMetric(converter.toMetric(start))
        #expect(abs(back[0].lon - start[0].lon) < 1e-9)
        #expect(abs(back[0].lat - start[0].lat) < 1e-9)
    }

    @Test func unknownEPSGCodeIsAClearError() throws {
        #expect(throws: CRSError.self) {
            try CoordinateTransformer(fromEPSG: 999_999, toEPSG: 4490, context: PROJContext())
        }
        #expect(try CoordinateTransformer.isGeographic(epsg: 4490, context: PROJContext()))
        #expect(try !CoordinateTransformer.isGeographic(epsg: 4545, context: PROJContext()))
    }
}

struct ChinaOffsetTests {
    let geodesic = Geodesic.wgs84

    /// Reference values from the independent Python package coord-convert 0.2.1 (PyPI):
    /// `wgs2gcj(109.2415, 24.6580)` and `gcj2bd(109.2415, 24.6580)`.
    @Test func forwardOffsetMatchesAnIndependentImplementation() {
        let gcj = ChinaOffset.wgs84ToGCJ02(Coordinate(lon: 109.2415, lat: 24.6580))
        #expect(abs(gcj.lon - 109.24584987349161) < 1e-9)
        #expect(abs(gcj.lat - 24.655077641121338) < 1e-9)
        let bd = ChinaOffset.gcj02ToBD09(Coordinate(lon: 109.2415, lat: 24.6580))
        #expect(abs(bd.lon - 109.24804393844286) < 1e-9)
        #expect(abs(bd.lat - 24.66381483506316) < 1e-9)
    }

    @Test func offsetNearLiuchengIsAboutHalfAKilometre() {
        let wgs = Coordinate(lon: 109.2415, lat: 24.6580)
        let shift = geodesic.distance(wgs, ChinaOffset.wgs84ToGCJ02(wgs))
        #expect(shift > 400 && shift < 700)
    }

    @Test(arguments: [(109.2415, 24.658), (108.85, 24.45), (109.6, 24.83), (109.26, 24.54)])
    func gcjRoundTripWithinAMetre(lon: Double, lat: Double) {
        let wgs = Coordinate(lon: lon, lat: lat)
        let back = ChinaOffset.gcj02ToWGS84(ChinaOffset.wgs84ToGCJ02(wgs))
        #expect(geodesic.distance(wgs, back) < 1.0)
        let bdBack = ChinaOffset.bd09ToGCJ02(ChinaOffset.gcj02ToBD09(wgs))
        #expect(geodesic.distance(wgs, bdBack) < 2.0)
    }

    @Test func noOffsetOutsideChina() {
        let tokyo = Coordinate(lon: 139.69, lat: 35.69)
        #expect(ChinaOffset.wgs84ToGCJ02(tokyo) == tokyo)
    }
}

struct GeodesicTests {
    /// On the equator the geodesic between nearby points is the equator itself, so one
    /// degree is a·π/180 = 6378137 × π / 180 m.
    @Test func oneDegreeAlongTheEquator() {
        let d = Geodesic.wgs84.distance(Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 0))
        #expect(abs(d - 6378137 * Double.pi / 180) < 1e-6)
    }

    /// The WGS84 meridian quadrant (equator to pole) is 10,001,965.729 m.
    @Test func meridianQuadrant() {
        let d = Geodesic.wgs84.distance(Coordinate(lon: 109, lat: 0), Coordinate(lon: 109, lat: 90))
        #expect(abs(d - 10_001_965.729) < 0.001)
    }

    @Test func directThenInverseComesBack() {
        let start = Coordinate(lon: 109.2415, lat: 24.658)
        let end = Geodesic.cgcs2000.direct(from: start, azimuth: 135, distance: 12_345)
        let back = Geodesic.cgcs2000.inverse(start, end)
        #expect(abs(back.distance - 12_345) < 1e-6)
        #expect(abs(back.azimuth1 - 135) < 1e-9)
    }
}
