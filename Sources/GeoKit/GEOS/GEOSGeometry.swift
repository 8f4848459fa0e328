import CGEOS

/// A geometry owned by GEOS. The handle is destroyed exactly once, when this object goes
/// away; sub-geometries are never handed out as handles, only as Swift values.
///
/// Predicates follow the OGC/Shapely vocabulary. Remember the boundary rule the registry
/// uses: a point on a zone's boundary is inside, which is `covers`, not `contains`.
///
/// ## Topics
/// - Conversion: ``value``, ``wkb``, ``wkt(precision:)``
/// - Validity: ``isValid``, ``validityReason``, ``makeValid()``
/// - Predicates: ``covers(_:)``, ``intersects(_:)``, ``contains(_:)``
/// - Measurement: ``distance(to:)``, ``area``, ``length``
/// - Linear referencing: ``project(_:)``, ``interpolate(_:)``
public final class GEOSGeometry {
    public let context: GEOSContext
    let handle: OpaquePointer

    init(owning handle: OpaquePointer, context: GEOSContext) {
        self.handle = handle
        self.context = context
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, handle)
    }

    private var h: OpaquePointer { context.handle }

    private func predicate(_ result: CChar, _ name: String) throws(GEOSError) -> Bool {
        if result == 2 { throw context.error(name) }
        return result == 1
    }

    // MARK: Conversion

    /// The geometry as a Swift value (see ``GEOSContext`` for how collections are reduced).
    public func value() throws(GEOSError) -> Geometry { try context.value(of: handle) }

    /// ISO WKB, little-endian, 2D.
    public var wkb: [UInt8] { context.writeWKB(handle) }

    /// WKT with trailing zeros trimmed; `precision` rounds to that many decimals.
    public func wkt(precision: Int? = nil) -> String {
        guard let writer = GEOSWKTWriter_create_r(h) else { return "" }
        defer { GEOSWKTWriter_destroy_r(h, writer) }
        GEOSWKTWriter_setTrim_r(h, writer, 1)
        GEOSWKTWriter_setOutputDimension_r(h, writer, 2)
        if let precision { GEOSWKTWriter_setRoundingPrecision_r(h, writer, Int32(precision)) }
        return context.takeString(GEOSWKTWriter_write_r(h, writer, handle)) ?? ""
    }

    public var typeName: String { context.takeString(GEOSGeomType_r(h, handle)) ?? "" }
    public var isEmpty: Bool { GEOSisEmpty_r(h, handle) == 1 }

    // MARK: Validity

    public var isValid: Bool { GEOSisValid_r(h, handle) == 1 }

    /// GEOS's explanation, e.g. "Self-intersection[109.2 24.6]"; "Valid Geometry" when valid.
    public var validityReason: String { context.takeString(GEOSisValidReason_r(h, handle)) ?? "" }

    /// A valid geometry covering the same points (GEOS MakeValid: a bow-tie becomes two
    /// triangles, not one lobe as `buffer(0)` would give).
    public func makeValid() throws(GEOSError) -> GEOSGeometry {
        try context.wrap(GEOSMakeValid_r(h, handle), "MakeValid")
    }

    // MARK: Predicates

    /// No point of `other` lies outside this geometry (boundary included).
    public func covers(_ other: GEOSGeometry) throws(GEOSError) -> Bool {
        try predicate(GEOSCovers_r(h, handle, other.handle), "covers")
    }

    public func contains(_ other: GEOSGeometry) throws(GEOSError) -> Bool {
        try predicate(GEOSContains_r(h, handle, other.handle), "contains")
    }

    public func intersects(_ other: GEOSGeometry) throws(GEOSError) -> Bool {
        try predicate(GEOSIntersects_r(h, handle, other.handle), "intersects")
    }

    public func equalsExact(_ other: GEOSGeometry, tolerance: Double = 0) -> Bool {
        GEOSEqualsExact_r(h, handle, other.handle, tolerance) == 1
    }

    // MARK: Measurement (in the units of the geometry's CRS)

    public func distance(to other: GEOSGeometry) throws(GEOSError) -> Double {
        var d = 0.0
        guard GEOSDistance_r(h, handle, other.handle, &d) == 1 else { throw context.error("distance") }
        return d
    }

    public var area: Double {
        var a = 0.0
        GEOSArea_r(h, handle, &a)
        return a
    }

    public var length: Double {
        var l = 0.0
        GEOSLength_r(h, handle, &l)
        return l
    }

    public var envelope: Envelope? {
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        guard !isEmpty, GEOSGeom_getExtent_r(h, handle, &minX, &minY, &maxX, &maxY) == 1 else { return nil }
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    // MARK: Linear referencing (lines only)

    /// Distance along this line to the point on it nearest to `point` (Shapely's `project`).
    public func project(_ point: GEOSGeometry) throws(GEOSError) -> Double {
        let d = GEOSProject_r(h, handle, point.handle)
        if d < 0 { throw context.error("project") }
        return d
    }

    /// The point at `distance` along this line (Shapely's `interpolate`).
    public func interpolate(_ distance: Double) throws(GEOSError) -> Coordinate {
        let point = try context.wrap(GEOSInterpolate_r(h, handle, distance), "interpolate")
        guard case .point(let c) = try point.value() else {
            throw GEOSError(operation: "interpolate", message: "result is not a point")
        }
        return c
    }

    // MARK: Constructive operations

    public func buffer(_ width: Double, quadrantSegments: Int = 8) throws(GEOSError) -> GEOSGeometry {
        try context.wrap(GEOSBuffer_r(h, handle, width, Int32(quadrantSegments)), "buffer")
    }

    public func union(_ other: GEOSGeometry) throws(GEOSError) -> GEOSGeometry {
        try context.wrap(GEOSUnion_r(h, handle, other.handle), "union")
    }

    public func intersection(_ other: GEOSGeometry) throws(GEOSError) -> GEOSGeometry {
        try context.wrap(GEOSIntersection_r(h, handle, other.handle), "intersection")
    }

    public func difference(_ other: GEOSGeometry) throws(GEOSError) -> GEOSGeometry {
        try context.wrap(GEOSDifference_r(h, handle, other.handle), "difference")
    }

    /// Sews lines that meet end-to-start into longer lines, never reversing one
    /// (GEOS LineMergeDirected): digitising direction is flow direction and must survive.
    public func lineMergeDirected() throws(GEOSError) -> GEOSGeometry {
        try context.wrap(GEOSLineMergeDirected_r(h, handle), "LineMergeDirected")
    }

    /// Prepares this geometry for many predicate tests against other geometries.
    public func prepared() throws(GEOSError) -> PreparedGeometry {
        try PreparedGeometry(self)
    }
}
