import CPROJ

/// Geodesics on an ellipsoid, by GeographicLib's C routines that ship with PROJ
/// (Karney 2013: accurate to nanometres). Coordinates are lon/lat degrees.
public struct Geodesic: Sendable {
    private let model: geod_geodesic

    public init(semiMajorAxis a: Double, flattening f: Double) {
        var g = geod_geodesic()
        geod_init(&g, a, f)
        model = g
    }

    /// The CGCS2000 ellipsoid (GRS 80 flattening; differs from WGS84 by 0.1 mm in b).
    public static let cgcs2000 = Geodesic(semiMajorAxis: 6378137, flattening: 1 / 298.257222101)
    public static let wgs84 = Geodesic(semiMajorAxis: 6378137, flattening: 1 / 298.257223563)

    /// Shortest distance in metres and forward azimuths (degrees from north) at each end.
    public func inverse(_ from: Coordinate, _ to: Coordinate) -> (distance: Double, azimuth1: Double, azimuth2: Double) {
        var s12 = 0.0
        var azi1 = 0.0
        var azi2 = 0.0
        withUnsafePointer(to: model) { g in
            geod_inverse(g, from.lat, from.lon, to.lat, to.lon, &s12, &azi1, &azi2)
        }
        return (s12, azi1, azi2)
    }

    public func distance(_ from: Coordinate, _ to: Coordinate) -> Double {
        inverse(from, to).distance
    }

    /// The point reached by going `distance` metres from `from` at `azimuth` degrees.
    public func direct(from: Coordinate, azimuth: Double, distance: Double) -> Coordinate {
        var lat = 0.0
        var lon = 0.0
        var azi2 = 0.0
        withUnsafePointer(to: model) { g in
            geod_direct(g, from.lat, from.lon, azimuth, distance, &lat, &lon, &azi2)
        }
        return Coordinate(lon: lon, lat: lat)
    }

    /// Length in metres of a lon/lat polyline.
    public func length(_ line: [Coordinate]) -> Double {
        zip(line, line.dropFirst()).reduce(0) { $0 + distance($1.0, $1.1) }
    }
}
