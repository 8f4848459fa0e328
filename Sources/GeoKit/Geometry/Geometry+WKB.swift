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
        case .multiPoint(let cs):
            Self.header(4, &out)
            Self.append(UInt32(cs.count), &out)
            for c in cs {
                Self.header(1, &out)
                Self.append(c, &out)
            }
        case .multiLineString(let lines):
            Self.header(5, &out)
            Self.append(UInt32(lines.count), &out)
            for line in lines {
                Self.header(2, &out)
                Self.append(line, &out)
            }
        case .multiPolygon(let ps):
            Self.header(6, &out)
            Self.append(UInt32(ps.count), &out)
            for p in ps {
                Self.header(3, &out)
                Self.append(p, &out)
            }
        }
    }

    public var wkb: [UInt8] {
        var out: [UInt8] = []
        appendWKB(to: &out)
        return out
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
