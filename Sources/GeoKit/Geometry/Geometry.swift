/// A simple-features geometry held as plain Swift values (no C handles), so that domain
/// records stay `Sendable` value types. Convert to ``GEOSGeometry`` for spatial operations.
///
/// Rings are stored closed (first coordinate repeated last), as in WKB and GeoJSON.
///
/// ## Topics
/// - Structure checks: ``structuralProblem()``
/// - GeoJSON: ``init(geoJSON:)``, ``geoJSON``
/// - Operations: ``GEOSContext``
public enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString([Coordinate])
    case multiLineString([[Coordinate]])
    case polygon(Polygon)
    case multiPolygon([Polygon])

    /// The OGC type name, as GeoJSON and WKT spell it.
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .multiPoint: "MultiPoint"
        case .lineString: "LineString"
        case .multiLineString: "MultiLineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        }
    }

    public var family: Family {
        switch self {
        case .point, .multiPoint: .puntal
        case .lineString, .multiLineString: .lineal
        case .polygon, .multiPolygon: .polygonal
        }
    }

    /// What kind of shape a geometry is, whatever the single/multi variant.
    public enum Family: String, Sendable {
        case puntal, lineal, polygonal
    }

    /// Every coordinate, rings and parts in order.
    public var coordinates: [Coordinate] {
        switch self {
        case .point(let c): [c]
        case .multiPoint(let cs), .lineString(let cs): cs
        case .multiLineString(let lines): lines.flatMap { $0 }
        case .polygon(let p): p.rings.flatMap { $0 }
        case .multiPolygon(let ps): ps.flatMap { $0.rings.flatMap { $0 } }
        }
    }

    public var envelope: Envelope? { Envelope(covering: coordinates) }

    /// The point, when this is a point.
    public var point: Coordinate? {
        if case .point(let c) = self { return c }
        return nil
    }

    /// Line parts, for lineal geometries (one part for a LineString).
    public var lineParts: [[Coordinate]] {
        switch self {
        case .lineString(let cs): [cs]
        case .multiLineString(let lines): lines
        default: []
        }
    }

    /// Polygon parts, for polygonal geometries.
    public var polygons: [Polygon] {
        switch self {
        case .polygon(let p): [p]
        case .multiPolygon(let ps): ps
        default: []
        }
    }

    /// The same geometry with every coordinate passed through `transform`.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Geometry {
        switch self {
        case .point(let c): .point(try transform(c))
        case .multiPoint(let cs): .multiPoint(try cs.map(transform))
        case .lineString(let cs): .lineString(try cs.map(transform))
        case .multiLineString(let lines): .multiLineString(try lines.map { try $0.map(transform) })
        case .polygon(let p): .polygon(try p.mapCoordinates(transform))
        case .multiPolygon(let ps): .multiPolygon(try ps.map { try $0.mapCoordinates(transform) })
        }
    }

    /// The same geometry with all coordinates converted in one batch (`convert` must return
    /// as many coordinates as it is given, in order) — one PROJ call instead of one per vertex.
    public func converted(by convert: ([Coordinate]) throws -> [Coordinate]) rethrows -> Geometry {
        let all = try convert(coordinates)
        var index = 0
        return mapCoordinates { _ in
            defer { index += 1 }
            return all[index]
        }
    }

    /// The first reason this geometry cannot be a valid simple-features geometry of its
    /// type, or nil. Self-intersections are not looked for here: GEOS finds and repairs those.
    public func structuralProblem() -> GeometryProblem? {
        if let bad = coordinates.first(where: { !$0.isFinite }) {
            return .nonFiniteCoordinate(bad)
        }
        switch self {
        case .point:
            return nil
        case .multiPoint(let cs):
            return cs.isEmpty ? .empty(typeName) : nil
        case .lineString(let cs):
            return Self.lineProblem(cs)
        case .multiLineString(let lines):
            if lines.isEmpty { return .empty(typeName) }
            return lines.lazy.compactMap(Self.lineProblem).first
        case .polygon(let p):
            return p.structuralProblem()
        case .multiPolygon(let ps):
            if ps.isEmpty { return .empty(typeName) }
            return ps.lazy.compactMap { $0.structuralProblem() }.first
        }
    }

    private static func lineProblem(_ cs: [Coordinate]) -> GeometryProblem? {
        if cs.isEmpty { return .empty("LineString") }
        if Set(cs).count < 2 { return .degenerateLine(pointCount: cs.count) }
        return nil
    }
}

/// A polygon: an exterior ring followed by zero or more holes, each ring closed.
public struct Polygon: Hashable, Sendable {
    public var rings: [[Coordinate]]

    public init(rings: [[Coordinate]]) {
        self.rings = rings
    }

    public init(exterior: [Coordinate], holes: [[Coordinate]] = []) {
        self.rings = [exterior] + holes
    }

    public var exterior: [Coordinate] { rings.first ?? [] }
    public var holes: ArraySlice<[Coordinate]> { rings.dropFirst() }

    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Polygon {
        Polygon(rings: try rings.map { try $0.map(transform) })
    }

    public func structuralProblem() -> GeometryProblem? {
        if rings.isEmpty || rings[0].isEmpty { return .empty("Polygon") }
        for (index, ring) in rings.enumerated() {
            if ring.count < 4 { return .ringTooShort(ring: index, pointCount: ring.count) }
            if ring.first != ring.last { return .ringNotClosed(ring: index) }
        }
        return nil
    }

    /// Twice the signed area by the shoelace formula: positive for counter-clockwise rings.
    public static func signedDoubleArea(_ ring: [Coordinate]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) {
            sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        return sum
    }

    /// The polygon with its exterior counter-clockwise and its holes clockwise, as
    /// RFC 7946 asks.
    public func orientedRightHand() -> Polygon {
        var oriented = rings
        for i in oriented.indices {
            let ccw = Self.signedDoubleArea(oriented[i]) > 0
            if (i == 0) != ccw { oriented[i].reverse() }
        }
        return Polygon(rings: oriented)
    }
}

/// Why a geometry's structure is unusable, worded for the person who sent the file.
public enum GeometryProblem: Error, Hashable, Sendable, CustomStringConvertible {
    case empty(String)
    case nonFiniteCoordinate(Coordinate)
    case degenerateLine(pointCount: Int)
    case ringTooShort(ring: Int, pointCount: Int)
    case ringNotClosed(ring: Int)
    case unsupportedType(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .empty(let type):
            "几何为空 (empty \(type))"
        case .nonFiniteCoordinate(let c):
            "坐标不是有限数值 (non-finite coordinate \(c))"
        case .degenerateLine(let n):
            "线至少需要两个不同的点 (line with \(n) point(s), fewer than 2 distinct)"
        case .ringTooShort(let ring, let n):
            "\(Self.ringName(ring))只有 \(n) 个点，至少需要 4 个且首尾相同 (ring of \(n) points, needs at least 4)"
        case .ringNotClosed(let ring):
            "\(Self.ringName(ring))未闭合：首点与末点不同 (ring not closed)"
        case .unsupportedType(let type):
            "不支持的几何类型 \(type) (unsupported geometry type)"
        case .malformed(let reason):
            "几何格式错误：\(reason) (malformed geometry)"
        }
    }

    private static func ringName(_ index: Int) -> String {
        index == 0 ? "外环" : "第 \(index) 个内环"
    }
}
