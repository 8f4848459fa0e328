/// Converts coordinates from any CRS the registry accepts into storage coordinates
/// (CGCS2000 lon/lat, EPSG:4490), and between storage and the registry's metric CRS
/// (EPSG:4545 for Liucheng; another Gauss–Krüger zone for a registry elsewhere).
///
/// WGS84 (EPSG:4326) is taken as CGCS2000 without change: the two agree to a few
/// centimetres, far below the accuracy of any outfall survey. GCJ-02 and BD-09 are removed
/// with ``ChinaOffset`` and then treated as WGS84.
///
/// Caches one PROJ transformer per source EPSG code; like its context, use it from one task.
public final class GeodeticConverter {
    public let context: PROJContext
    private var toStorage: [Int: CoordinateTransformer] = [:]
    private var toMetricTransformer: CoordinateTransformer?
    private var fromMetricTransformer: CoordinateTransformer?

    /// EPSG code of the projected CRS used for distances and lengths.
    public let metricEPSG: Int

    public init(context: PROJContext = PROJContext(), metricEPSG: Int = 4545) {
        self.context = context
        self.metricEPSG = metricEPSG
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
        do {
            return try geometry.converted { try toCGCS2000($0, from: crs) }
        } catch let error as CRSError {
            throw error
        } catch {
            throw .transformFailed(crs, .cgcs2000, "\(error)")
        }
    }

    private func transformer(from code: Int) throws(CRSError) -> CoordinateTransformer {
        if let cached = toStorage[code] { return cached }
        let made = try CoordinateTransformer(fromEPSG: code, toEPSG: 4490, context: context)
        toStorage[code] = made
        return made
    }

    /// CGCS2000 lon/lat → metric easting/northing (EPSG:``metricEPSG``).
    public func toMetric(_ coordinates: [Coordinate]) throws(CRSError) -> [Coordinate] {
        if let cached = toMetricTransformer { return try cached.transform(coordinates) }
        let made = try CoordinateTransformer(fromEPSG: 4490, toEPSG: metricEPSG, context: context)
        toMetricTransformer = made
        return try made.transform(coordinates)
    }

    /// Metric easting/northing (EPSG:``metricEPSG``) → CGCS2000 lon/lat.
    public func fromMetric(_ coordinates: [Coordinate]) throws(CRSError) -> [Coordinate] {
        if let cached = fromMetricTransformer { return try cached.transform(coordinates) }
        let made = try CoordinateTransformer(fromEPSG: metricEPSG, toEPSG: 4490, context: context)
        fromMetricTransformer = made
        return try made.transform(coordinates)
    }
}
