/// Little-endian 2D WKB (ISO/OGC simple features), written directly: GeoPackage blobs for
/// 100,000 outfalls do not need a trip through GEOS.
extension Geometry {
    public func appendWKB(to out: inout [UInt8]) {
        switch self {
        case .point(let c):
            Self.header(1, &out)
            Self.append(c, &out)
        case .lineString(let cs):
            Self.header(2, &out)
            Self.append(cs, &out)
        case .polygon(let p):
            Self.header(3, &out)
            Self.append(p, &out)
        case .multiPoint(let cs): Self.append(multi: 4, cs.map(Geometry.point), &out)
        case .multiLineString(let lines): Self.append(multi: 5, lines.map(Geometry.lineString), &out)
        case .multiPolygon(let ps): Self.append(multi: 6, ps.map(Geometry.polygon), &out)
        }
    }

    public var wkb: [UInt8] {
        var out: [UInt8] = []
        appendWKB(to: &out)
        return out
    }

    /// A multi-geometry: its header and count, then each part as a whole WKB geometry.
    private static func append(multi type: UInt32, _ parts: [Geometry], _ out: inout [UInt8]) {
        header(type, &out)
        append(UInt32(parts.count), &out)
        for part in parts { part.appendWKB(to: &out) }
    }

    private static func header(_ type: UInt32, _ out: inout [UInt8]) {
        out.append(1)  // little endian
        append(type, &out)
    }

    private static func append(_ p: Polygon, _ out: inout [UInt8]) {
        append(UInt32(p.rings.count), &out)
        for ring in p.rings { append(ring, &out) }
    }

    private static func append(_ cs: [Coordinate], _ out: inout [UInt8]) {
        append(UInt32(cs.count), &out)
        for c in cs { append(c, &out) }
    }

    private static func append(_ c: Coordinate, _ out: inout [UInt8]) {
        append(c.x, &out)
        append(c.y, &out)
    }

    static func append(_ value: UInt32, _ out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    static func append(_ value: Double, _ out: inout [UInt8]) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }
}
