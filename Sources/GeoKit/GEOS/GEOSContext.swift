import CGEOS

/// One GEOS context handle (the reentrant `_r` API). Everything GEOS does goes through a
/// context, and a context must not be used by two threads at once: give each thread or
/// task its own. It may be handed from one task to another, hence `@unchecked Sendable`.
///
/// Geometries made through a context keep it alive and are destroyed through it.
///
/// ## Topics
/// - Making geometries: ``geometry(_:)``, ``geometry(wkb:)``, ``geometry(wkt:)``, ``point(_:)``
/// - Indexes: ``STRtree``, ``PreparedGeometry``
public final class GEOSContext: @unchecked Sendable {
    let handle: OpaquePointer
    private let messages: MessageBox
    private var wkbReader: OpaquePointer?
    private var wkbWriter: OpaquePointer?
    private var wktReader: OpaquePointer?

    /// Holds the last error GEOS reported; passed to the C handler as `userdata`.
    private final class MessageBox {
        var lastError = ""
    }

    public init() {
        // GEOS_init_r only fails when out of memory.
        guard let handle = GEOS_init_r() else { fatalError("GEOS_init_r: out of memory") }
        self.handle = handle
        self.messages = MessageBox()
        GEOSContext_setErrorMessageHandler_r(
            handle,
            { message, userdata in
                guard let message, let userdata else { return }
                Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
            },
            Unmanaged.passUnretained(messages).toOpaque()
        )
    }

    deinit {
        if let wkbReader { GEOSWKBReader_destroy_r(handle, wkbReader) }
        if let wkbWriter { GEOSWKBWriter_destroy_r(handle, wkbWriter) }
        if let wktReader { GEOSWKTReader_destroy_r(handle, wktReader) }
        GEOS_finish_r(handle)
    }

    /// The GEOS library version, e.g. "3.11.1-CAPI-1.17.1".
    public var version: String { String(cString: GEOSversion()) }

    func error(_ operation: String) -> GEOSError {
        let message = messages.lastError.isEmpty ? "unknown error" : messages.lastError
        messages.lastError = ""
        return GEOSError(operation: operation, message: message)
    }

    func wrap(_ pointer: OpaquePointer?, _ operation: String) throws(GEOSError) -> GEOSGeometry {
        guard let pointer else { throw error(operation) }
        return GEOSGeometry(owning: pointer, context: self)
    }

    // MARK: Making geometries

    /// A GEOS geometry from a Swift value. Check ``Geometry/structuralProblem()`` first:
    /// GEOS refuses unclosed or too-short rings.
    public func geometry(_ value: Geometry) throws(GEOSError) -> GEOSGeometry {
        try wrap(try make(value), "create \(value.typeName)")
    }

    public func point(_ c: Coordinate) throws(GEOSError) -> GEOSGeometry {
        try wrap(GEOSGeom_createPointFromXY_r(handle, c.x, c.y), "create Point")
    }

    /// A rectangle polygon covering `envelope`.
    public func rectangle(_ envelope: Envelope) throws(GEOSError) -> GEOSGeometry {
        try wrap(
            GEOSGeom_createRectangle_r(handle, envelope.minX, envelope.minY, envelope.maxX, envelope.maxY),
            "create rectangle")
    }

    public func geometry(wkb: [UInt8]) throws(GEOSError) -> GEOSGeometry {
        if wkbReader == nil { wkbReader = GEOSWKBReader_create_r(handle) }
        let pointer = wkb.withUnsafeBufferPointer { buffer in
            GEOSWKBReader_read_r(handle, wkbReader, buffer.baseAddress, buffer.count)
        }
        return try wrap(pointer, "read WKB")
    }

    public func geometry(wkt: String) throws(GEOSError) -> GEOSGeometry {
        if wktReader == nil { wktReader = GEOSWKTReader_create_r(handle) }
        return try wrap(GEOSWKTReader_read_r(handle, wktReader, wkt), "read WKT")
    }

    func writeWKB(_ geometry: OpaquePointer) -> [UInt8] {
        if wkbWriter == nil {
            wkbWriter = GEOSWKBWriter_create_r(handle)
            GEOSWKBWriter_setOutputDimension_r(handle, wkbWriter, 2)
        }
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(handle, wkbWriter, geometry, &size) else { return [] }
        defer { GEOSFree_r(handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// Takes ownership of a GEOS string and returns it as a Swift string.
    func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { GEOSFree_r(handle, pointer) }
        return String(cString: pointer)
    }

    // MARK: Swift value → GEOS

    private func sequence(_ cs: [Coordinate]) -> OpaquePointer? {
        // Interleaved x,y doubles: Swift does not promise Coordinate's memory layout.
        var doubles = [Double](repeating: 0, count: cs.count * 2)
        for (i, c) in cs.enumerated() {
            doubles[2 * i] = c.x
            doubles[2 * i + 1] = c.y
        }
        return doubles.withUnsafeBufferPointer { buffer in
            GEOSCoordSeq_copyFromBuffer_r(handle, buffer.baseAddress, UInt32(cs.count), 0, 0)
        }
    }

    private func lineString(_ cs: [Coordinate]) throws(GEOSError) -> OpaquePointer {
        guard let seq = sequence(cs), let line = GEOSGeom_createLineString_r(handle, seq) else {
            throw error("create LineString")
        }
        return line
    }

    private func polygon(_ p: Polygon) throws(GEOSError) -> OpaquePointer {
        var rings: [OpaquePointer] = []
        for ring in p.rings {
            guard let seq = sequence(ring), let made = GEOSGeom_createLinearRing_r(handle, seq) else {
                rings.forEach { GEOSGeom_destroy_r(handle, $0) }
                throw error("create LinearRing")
            }
            rings.append(made)
        }
        var holes: [OpaquePointer?] = rings.dropFirst().map { $0 }
        let made = holes.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(handle, rings[0], buffer.baseAddress, UInt32(buffer.count))
        }
        guard let made else { throw error("create Polygon") }
        return made
    }

    private func collection(_ type: GEOSGeomTypes, _ parts: [OpaquePointer]) throws(GEOSError) -> OpaquePointer {
        var members: [OpaquePointer?] = parts
        let made = members.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, Int32(type.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        guard let made else {
            parts.forEach { GEOSGeom_destroy_r(handle, $0) }
            throw error("create collection")
        }
        return made
    }

    private func make(_ value: Geometry) throws(GEOSError) -> OpaquePointer {
        switch value {
        case .point(let c):
            guard let p = GEOSGeom_createPointFromXY_r(handle, c.x, c.y) else { throw error("create Point") }
            return p
        case .multiPoint(let cs):
            var parts: [OpaquePointer] = []
            for c in cs {
                guard let p = GEOSGeom_createPointFromXY_r(handle, c.x, c.y) else {
                    parts.forEach { GEOSGeom_destroy_r(handle, $0) }
                    throw error("create Point")
                }
                parts.append(p)
            }
            return try collection(GEOS_MULTIPOINT, parts)
        case .lineString(let cs):
            return try lineString(cs)
        case .multiLineString(let lines):
            var parts: [OpaquePointer] = []
            for line in lines {
                do { parts.append(try lineString(line)) } catch {
                    parts.forEach { GEOSGeom_destroy_r(handle, $0) }
                    throw error
                }
            }
            return try collection(GEOS_MULTILINESTRING, parts)
        case .polygon(let p):
            return try polygon(p)
        case .multiPolygon(let ps):
            var parts: [OpaquePointer] = []
            for p in ps {
                do { parts.append(try polygon(p)) } catch {
                    parts.forEach { GEOSGeom_destroy_r(handle, $0) }
                    throw error
                }
            }
            return try collection(GEOS_MULTIPOLYGON, parts)
        }
    }

    // MARK: GEOS → Swift value

    func coordinates(ofSequenceIn geometry: OpaquePointer) -> [Coordinate] {
        guard let seq = GEOSGeom_getCoordSeq_r(handle, geometry) else { return [] }  // borrowed
        var size: UInt32 = 0
        GEOSCoordSeq_getSize_r(handle, seq, &size)
        guard size > 0 else { return [] }
        var doubles = [Double](repeating: 0, count: Int(size) * 2)
        doubles.withUnsafeMutableBufferPointer { buffer in
            _ = GEOSCoordSeq_copyToBuffer_r(handle, seq, buffer.baseAddress, 0, 0)
        }
        return (0..<Int(size)).map { Coordinate(x: doubles[2 * $0], y: doubles[2 * $0 + 1]) }
    }

    private func polygonValue(_ geometry: OpaquePointer) -> Polygon {
        // Rings from GEOSGetExteriorRing_r / GEOSGetInteriorRingN_r are borrowed: never destroyed here.
        guard let shell = GEOSGetExteriorRing_r(handle, geometry) else { return Polygon(rings: []) }
        var rings = [coordinates(ofSequenceIn: shell)]
        let holeCount = GEOSGetNumInteriorRings_r(handle, geometry)
        if holeCount > 0 {
            for i in 0..<holeCount {
                if let hole = GEOSGetInteriorRingN_r(handle, geometry, i) { rings.append(coordinates(ofSequenceIn: hole)) }
            }
        }
        return Polygon(rings: rings)
    }

    /// Borrowed sub-geometries of a collection, in order.
    func parts(of geometry: OpaquePointer) -> [OpaquePointer] {
        let n = GEOSGetNumGeometries_r(handle, geometry)
        guard n > 0 else { return [] }
        return (0..<n).compactMap { GEOSGetGeometryN_r(handle, geometry, $0) }
    }

    /// The Swift value of a GEOS geometry. Geometry collections keep only their polygonal
    /// parts when there are any, else their lineal, else their puntal ones (what MakeValid
    /// can produce); an empty geometry has no value.
    func value(of geometry: OpaquePointer) throws(GEOSError) -> Geometry {
        if GEOSisEmpty_r(handle, geometry) == 1 {
            throw GEOSError(operation: "read geometry", message: "geometry is empty")
        }
        let type = GEOSGeomTypeId_r(handle, geometry)
        switch type {
        case Int32(GEOS_POINT.rawValue):
            var x = 0.0
            var y = 0.0
            GEOSGeomGetX_r(handle, geometry, &x)
            GEOSGeomGetY_r(handle, geometry, &y)
            return .point(Coordinate(x: x, y: y))
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            return .lineString(coordinates(ofSequenceIn: geometry))
        case Int32(GEOS_POLYGON.rawValue):
            return .polygon(polygonValue(geometry))
        case Int32(GEOS_MULTIPOINT.rawValue), Int32(GEOS_MULTILINESTRING.rawValue),
            Int32(GEOS_MULTIPOLYGON.rawValue), Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            var points: [Coordinate] = []
            var lines: [[Coordinate]] = []
            var polygons: [Polygon] = []
            for part in parts(of: geometry) where GEOSisEmpty_r(handle, part) == 0 {
                switch try value(of: part) {
                case .point(let c): points.append(c)
                case .multiPoint(let cs): points += cs
                case .lineString(let cs): lines.append(cs)
                case .multiLineString(let ls): lines += ls
                case .polygon(let p): polygons.append(p)
                case .multiPolygon(let ps): polygons += ps
                }
            }
            if !polygons.isEmpty {
                return polygons.count == 1 && type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue)
                    ? .polygon(polygons[0]) : .multiPolygon(polygons)
            }
            if !lines.isEmpty { return .multiLineString(lines) }
            return .multiPoint(points)
        default:
            throw GEOSError(operation: "read geometry", message: "unknown GEOS type id \(type)")
        }
    }
}
