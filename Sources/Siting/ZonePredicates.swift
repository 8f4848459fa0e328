import GeoKit

/// The geometric questions the siting check asks of a zone, in the metric CRS. GEOS answers
/// them (``GEOSZonePredicates``); the seam exists so that a test can put in one that fails and
/// prove that a failure never reads as "outside the zone".
///
/// One instance per worker: implementations may cache per-thread state (GEOS prepared
/// geometries), so they are not shared between threads.
public protocol ZonePredicates: AnyObject {
    /// Whether zone `zone` of `model` covers `point`, a point within `tolerance` metres of
    /// its boundary counting as on it.
    func covers(zone: Int, of model: SitingModel, point: Coordinate, tolerance: Double) throws(GEOSError) -> Bool

    /// The distance in metres from zone `zone` of `model` to `point` (0 inside).
    func distance(zone: Int, of model: SitingModel, to point: Coordinate) throws(GEOSError) -> Double
}

/// ``ZonePredicates`` answered by GEOS on a context of its own, with each zone prepared on
/// first use (GEOS builds a prepared geometry's index lazily, so prepared geometries stay on
/// the thread that made them).
public final class GEOSZonePredicates: ZonePredicates {
    private let geos = GEOSContext()
    private var prepared: [Int: PreparedGeometry] = [:]
    /// The last points built: a check asks about the same one or two points zone after zone.
    private var points: [(Coordinate, GEOSGeometry)] = []

    public init() {}

    private func zone(_ i: Int, of model: SitingModel) throws(GEOSError) -> PreparedGeometry {
        if let p = prepared[i] { return p }
        // A failure is not cached: it is thrown to every check that needs the zone.
        let made = try geos.geometry(model.zoneMetric[i]).prepared()
        prepared[i] = made
        return made
    }

    private func point(_ c: Coordinate) throws(GEOSError) -> GEOSGeometry {
        if let known = points.first(where: { $0.0 == c }) { return known.1 }
        let made = try geos.point(c)
        if points.count >= 2 { points.removeFirst() }
        points.append((c, made))
        return made
    }

    public func covers(zone i: Int, of model: SitingModel, point c: Coordinate, tolerance: Double) throws(GEOSError) -> Bool {
        let p = try zone(i, of: model)
        let point = try point(c)
        if try p.covers(point) { return true }
        return try p.isWithinDistance(point, tolerance)
    }

    public func distance(zone i: Int, of model: SitingModel, to c: Coordinate) throws(GEOSError) -> Double {
        try zone(i, of: model).distance(to: try point(c))
    }
}
