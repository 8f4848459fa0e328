import CPROJ

/// A PROJ transformation between two EPSG coordinate reference systems, with axis order
/// normalised so that geographic coordinates are always lon/lat and projected ones x/y
/// (EPSG:4490 officially puts latitude first).
///
/// For GCJ-02 and BD-09 input see ``GeodeticConverter``.
public final class CoordinateTransformer {
    public let source: Int
    public let target: Int
    public let context: PROJContext
    private let handle: OpaquePointer
    /// This transformation as a pipeline a later process can build without proj.db; nil when
    /// PROJ chose among several operations at run time (by area of use) or needs grid files,
    /// which a string would not reproduce faithfully.
    public let pipeline: TransformPipeline?

    public init(fromEPSG source: Int, toEPSG target: Int, context: PROJContext) throws(CRSError) {
        self.source = source
        self.target = target
        self.context = context
        for code in [source, target] {
            guard let crs = proj_create(context.handle, "EPSG:\(code)") else {
                throw .unknownEPSG(code, context.lastError())
            }
            proj_destroy(crs)
        }
        guard let raw = proj_create_crs_to_crs(context.handle, "EPSG:\(source)", "EPSG:\(target)", nil) else {
            throw .transformFailed(.epsg(source), .epsg(target), context.lastError())
        }
        defer { proj_destroy(raw) }
        guard let normalised = proj_normalize_for_visualization(context.handle, raw) else {
            throw .transformFailed(.epsg(source), .epsg(target), context.lastError())
        }
        self.handle = normalised
        pipeline = Self.singlePipeline(normalised, source: source, target: target, context: context)
    }

    /// Builds the transformation `pipeline` describes, without reading PROJ's database.
    /// Nil if it is not a pipeline of this PROJ version or PROJ does not accept it as an
    /// operation: the caller then asks the database, as for a pair never seen before.
    public init?(pipeline: TransformPipeline, context: PROJContext) {
        guard pipeline.projVersion == context.version,
            pipeline.definition.hasPrefix("+proj=pipeline ") || pipeline.definition == "+proj=noop",
            let raw = proj_create(context.handle, pipeline.definition)
        else { return nil }
        guard proj_is_crs(raw) == 0, proj_coordoperation_get_grid_used_count(context.handle, raw) == 0 else {
            proj_destroy(raw)
            return nil
        }
        source = pipeline.source
        target = pipeline.target
        self.context = context
        handle = raw
        self.pipeline = pipeline
    }

    private static func singlePipeline(
        _ operation: OpaquePointer, source: Int, target: Int, context: PROJContext
    ) -> TransformPipeline? {
        // Several candidate operations make an object of no single type that PROJ will not
        // write as a string; an operation on grids is written but depends on files.
        guard proj_get_type(operation) != PJ_TYPE_UNKNOWN,
            proj_coordoperation_get_grid_used_count(context.handle, operation) == 0,
            let text = proj_as_proj_string(context.handle, operation, PJ_PROJ_5, nil)
        else {
            _ = context.lastError()
            return nil
        }
        return TransformPipeline(source: source, target: target, projVersion: context.version, definition: String(cString: text))
    }

    deinit {
        proj_destroy(handle)
    }

    /// Whether EPSG `code` is a geographic (degrees) CRS, as PROJ's database says.
    public static func isGeographic(epsg code: Int, context: PROJContext) throws(CRSError) -> Bool {
        guard let crs = proj_create(context.handle, "EPSG:\(code)") else {
            throw .unknownEPSG(code, context.lastError())
        }
        defer { proj_destroy(crs) }
        let type = proj_get_type(crs)
        return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
    }

    public func transform(_ c: Coordinate) throws(CRSError) -> Coordinate {
        var result = Coordinate(x: 0, y: 0)
        try transform([c]) { _, out in result = out }
        return result
    }

    public func transform(_ cs: [Coordinate]) throws(CRSError) -> [Coordinate] {
        var result = [Coordinate]()
        result.reserveCapacity(cs.count)
        try transform(cs) { _, out in result.append(out) }
        return result
    }

    /// Transforms in one batch through `proj_trans_generic`, calling `emit` per coordinate.
    private func transform(_ cs: [Coordinate], emit: (Int, Coordinate) -> Void) throws(CRSError) {
        guard !cs.isEmpty else { return }
        var xs = cs.map(\.x)
        var ys = cs.map(\.y)
        let stride = MemoryLayout<Double>.stride
        let done = xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                proj_trans_generic(
                    handle, PJ_FWD,
                    x.baseAddress, stride, cs.count,
                    y.baseAddress, stride, cs.count,
                    nil, 0, 0, nil, 0, 0)
            }
        }
        guard done == cs.count else {
            throw .transformFailed(.epsg(source), .epsg(target), context.lastError())
        }
        for i in cs.indices {
            guard xs[i].isFinite, ys[i].isFinite else {
                throw .transformFailed(.epsg(source), .epsg(target), "coordinate \(cs[i]) is outside the area of use")
            }
            emit(i, Coordinate(x: xs[i], y: ys[i]))
        }
    }
}
