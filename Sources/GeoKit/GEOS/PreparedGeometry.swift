import CGEOS

/// A geometry with GEOS's indexes built for repeated predicate tests (PostGIS and Shapely
/// "prepare" the same way). Keeps its base geometry alive; the prepared handle is freed
/// exactly once, before the base.
///
/// GEOS builds the internal index on first use, so prepare and use it on one thread.
public final class PreparedGeometry {
    public let base: GEOSGeometry
    private let handle: OpaquePointer
    private var h: OpaquePointer { base.context.handle }

    init(_ base: GEOSGeometry) throws(GEOSError) {
        guard let prepared = GEOSPrepare_r(base.context.handle, base.handle) else { throw base.context.error("prepare") }
        self.base = base
        self.handle = prepared
    }

    deinit {
        GEOSPreparedGeom_destroy_r(h, handle)
    }

    private func predicate(_ result: CChar, _ name: String) throws(GEOSError) -> Bool {
        if result == 2 { throw base.context.error(name) }
        return result == 1
    }

    public func covers(_ other: GEOSGeometry) throws(GEOSError) -> Bool {
        try predicate(GEOSPreparedCovers_r(h, handle, other.handle), "prepared covers")
    }

    public func contains(_ other: GEOSGeometry) throws(GEOSError) -> Bool {
        try predicate(GEOSPreparedContains_r(h, handle, other.handle), "prepared contains")
    }

    public func intersects(_ other: GEOSGeometry) throws(GEOSError) -> Bool {
        try predicate(GEOSPreparedIntersects_r(h, handle, other.handle), "prepared intersects")
    }

    /// True when the point lies inside or on the boundary.
    public func covers(_ point: Coordinate) throws(GEOSError) -> Bool {
        try covers(try base.context.point(point))
    }

    public func distance(to other: GEOSGeometry) throws(GEOSError) -> Double {
        var d = 0.0
        guard GEOSPreparedDistance_r(h, handle, other.handle, &d) == 1 else { throw base.context.error("prepared distance") }
        return d
    }

    public func isWithinDistance(_ other: GEOSGeometry, _ distance: Double) throws(GEOSError) -> Bool {
        try predicate(GEOSPreparedDistanceWithin_r(h, handle, other.handle, distance), "prepared distance within")
    }
}
