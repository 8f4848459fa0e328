/// Converts coordinates from any CRS the registry accepts into storage coordinates
/// (CGCS2000 lon/lat, EPSG:4490), and from storage into the metric CRS (EPSG:4545).
///
/// WGS84 (EPSG:4326) is taken as CGCS2000 without change: the two agree to a few
/// centimetres, far below the accuracy of any outfall survey. GCJ-02 and BD-09 are removed
/// with ``ChinaOffset`` and then treated as WGS84.
///
/// Caches one PROJ transformer per source EPSG code; like its context, use it from one task.
public final class GeodeticConverter {
    public let context: PROJContext
    private var toStorage: [Int: CoordinateTransformer] = [:]
    private var toMetric: CoordinateTransformer?
    private var fromMetric: CoordinateTransformer?

    public init(context: PROJContext = PROJContext()) {
        self.context = context
    }

    /// `coordinates` in `crs` → CGCS2000 lon/lat.
    public func toCGCS2000(_ coordinates: [Coordinate], from crs: CRS) throws(CRSError) -> [Coordinate] {
        switch crs {
        case .gcj02:
            return coordinates.map(ChinaOffset.gcj02ToWGS84)
        case .bd09:
            return coordinates.map { ChinaOffset.gcj02ToWGS84(ChinaOffset.bd09ToGCJ02($0)) }
        case .epsg(4490), .epsg(4326):
            return coordinates
        case .epsg(let code):
            return try transformer(from: code).transform(coordinates)
        }
    }

    public func toCGCS2000(_ geometry: Geometry, from crs: CRS) throws(CRSError) -> Geometry {
        if case .epsg(4490) = crs { return geometry }
        let converted = try toCGCS2000(geometry.coordinates, from: crs)
        var index = 0
        return geometry.mapCoordinates { _ in
            defer { index += 1 }
            return converted[index]
        }
    }

    private func transformer(from code: Int) throws(CRSError) -> CoordinateTransformer {
        if let cached = toStorage[code] { return cached }
        let made = try CoordinateTransformer(fromEPSG: code, toEPSG: 4490, context: context)
        toStorage[code] = made
        return made
    }

    /// CGCS2000 lon/lat → EPSG:4545 easting/northing in metres.
    public func toGaussKruger(_ coordinates: [Coordinate]) throws(CRSError) -> [Coordinate] {
        if let cached = toMetric { return try cached.transform(coordinates) }
        let made = try CoordinateTransformer(fromEPSG: 4490, toEPSG: 4545, context: context)
        toMetric = made
        return try made.transform(coordinates)
    }

    /// EPSG:4545 easting/northing → CGCS2000 lon/lat.
    public func fromGaussKruger(_ coordinates: [Coordinate]) throws(CRSError) -> [Coordinate] {
        if let cached = fromMetric { return try cached.transform(coordinates) }
        let made = try CoordinateTransformer(fromEPSG: 4545, toEPSG: 4490, context: context)
        fromMetric = made
        return try made.transform(coordinates)
    }
}
