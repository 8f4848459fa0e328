/// Converts coordinates from any CRS the registry accepts into storage coordinates
/// (CGCS2000 lon/lat, EPSG:4490), and between storage and the registry's metric CRS
/// (EPSG:4545 for Liucheng; another Gauss–Krüger zone for a registry elsewhere).
///
/// WGS84 (EPSG:4326) is taken as CGCS2000 without change: the two agree to a few
/// centimetres, far below the accuracy of any outfall survey. GCJ-02 and BD-09 are removed
/// with ``ChinaOffset`` and then treated as WGS84.
///
/// Caches one PROJ transformer per source EPSG code; like its context, use it from one task.
/// Given the pipelines an earlier process resolved (``takeResolvedPipelines()``), it builds those
/// transformations from their strings instead of asking PROJ's database again.
public final class GeodeticConverter {
    public let context: PROJContext
    private var toStorage: [Int: CoordinateTransformer] = [:]
    private var toMetricTransformer: CoordinateTransformer?
    private var fromMetricTransformer: CoordinateTransformer?
    private let known: [Pair: TransformPipeline]
    /// Where stored pipelines are built: a context that never opens proj.db.
    private lazy var pipelineContext = PROJContext.withoutDatabase()
    private var resolved: [Pair: TransformPipeline] = [:]

    private struct Pair: Hashable {
        var source: Int
        var target: Int
    }

    /// EPSG code of the projected CRS used for distances and lengths.
    public let metricEPSG: Int

    public init(context: PROJContext = PROJContext(), metricEPSG: Int = 4545, pipelines: [TransformPipeline] = []) {
        self.context = context
        self.metricEPSG = metricEPSG
        known = Dictionary(pipelines.map { (Pair(source: $0.source, target: $0.target), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The pipelines this converter had to ask PROJ's database for since the last call and
    /// that can be written down: what to store for the next process.
    public func takeResolvedPipelines() -> [TransformPipeline] {
        defer { resolved = [:] }
        return resolved.values.sorted { ($0.source, $0.target) < ($1.source, $1.target) }
    }

    private func makeTransformer(from source: Int, to target: Int) throws(CRSError) -> CoordinateTransformer {
        let pair = Pair(source: source, target: target)
        if let stored = known[pair], let made = CoordinateTransformer(pipeline: stored, context: pipelineContext) {
            return made
        }
        let made = try CoordinateTransformer(fromEPSG: source, toEPSG: target, context: context)
        if let pipeline = made.pipeline { resolved[pair] = pipeline }
        return made
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
        let made = try makeTransformer(from: code, to: 4490)
        toStorage[code] = made
        return made
    }

    /// CGCS2000 lon/lat → metric easting/northing (EPSG:``metricEPSG``).
    public func toMetric(_ coordinates: [Coordinate]) throws(CRSError) -> [Coordinate] {
        if let cached = toMetricTransformer { return try cached.transform(coordinates) }
        let made = try makeTransformer(from: 4490, to: metricEPSG)
        toMetricTransformer = made
        return try made.transform(coordinates)
    }

    /// Metric easting/northing (EPSG:``metricEPSG``) → CGCS2000 lon/lat.
    public func fromMetric(_ coordinates: [Coordinate]) throws(CRSError) -> [Coordinate] {
        if let cached = fromMetricTransformer { return try cached.transform(coordinates) }
        let made = try makeTransformer(from: metricEPSG, to: 4490)
        fromMetricTransformer = made
        return try made.transform(coordinates)
    }
}
