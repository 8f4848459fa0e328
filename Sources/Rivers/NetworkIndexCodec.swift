import GeoKit

/// The built network as bytes, so that a process can read it back instead of rebuilding it
/// (the registry stores it once per version of the rivers layer, as NHDPlus stores its
/// path lengths and measures). Only the facts are stored — reaches, edges with their
/// measures and outlet distances, vertices, nodes, diagnostics; adjacency and the spatial
/// index are derived on reading, which costs milliseconds.
///
/// Little-endian, length-prefixed. Reading checks every count against the bytes left and
/// every reference against what it refers to: a damaged index is refused (and rebuilt by
/// the caller), never half-read.
extension RiverNetwork {
    /// Changes whenever the layout or anything the build computes changes; a stored index of
    /// another format is rebuilt.
    public static let indexFormat = 1
    private static let magic: [UInt8] = Array("ORNI".utf8)

    public func encodedIndex() -> [UInt8] {
        var w = ByteWriter()
        w.bytes(Self.magic)
        w.int(Self.indexFormat)
        w.int(metricEPSG)
        w.double(tolerance)
        w.int(reaches.count)
        for r in reaches {
            w.int(r.id.map(Int.init) ?? Int.min)
            w.string(r.key)
            w.optionalString(r.code)
            w.string(r.river)
            w.int(r.partCount)
        }
        w.int(nodes.count)
        for n in nodes { w.coordinate(n) }
        w.int(edges.count)
        for (e, edge) in edges.enumerated() {
            w.int(edge.reach)
            w.int(edge.part)
            w.double(edge.partOffset)
            w.double(edge.length)
            w.int(edge.startNode)
            w.int(edge.endNode)
            w.double(edge.fromMeasure)
            w.double(edge.toMeasure)
            w.double(edge.outletDistance)
            let line = lines[e]
            w.int(line.points.count)
            for p in line.points { w.coordinate(p) }
            for c in line.cumulative { w.double(c) }
        }
        w.int(diagnostics.count)
        for d in diagnostics {
            w.string(d.kind.rawValue)
            w.int(d.reaches.count)
            for r in d.reaches { w.string(r) }
            w.coordinate(d.location)
        }
        return w.data
    }

    /// The network stored by ``encodedIndex()``, or nil if the bytes are not a complete index
    /// of this format.
    public init?(index bytes: [UInt8]) {
        var r = ByteReader(bytes)
        guard r.bytes(Self.magic.count) == Self.magic, r.int() == Self.indexFormat,
            let epsg = r.int(), let tolerance = r.double(), let reachCount = r.count(minimumBytesEach: 33)
        else { return nil }
        var reaches: [ReachInfo] = []
        reaches.reserveCapacity(reachCount)
        for _ in 0..<reachCount {
            guard let id = r.int(), let key = r.string(), let code = r.optionalString(), let river = r.string(),
                let parts = r.int()
            else { return nil }
            reaches.append(ReachInfo(id: id == Int.min ? nil : Int64(id), key: key, code: code, river: river, partCount: parts))
        }
        guard let nodeCount = r.count(minimumBytesEach: 16) else { return nil }
        var nodes: [Coordinate] = []
        nodes.reserveCapacity(nodeCount)
        for _ in 0..<nodeCount {
            guard let c = r.coordinate() else { return nil }
            nodes.append(c)
        }
        guard let edgeCount = r.count(minimumBytesEach: 80) else { return nil }
        var edges: [NetworkEdge] = []
        var lines: [Polyline] = []
        edges.reserveCapacity(edgeCount)
        lines.reserveCapacity(edgeCount)
        for _ in 0..<edgeCount {
            guard let reach = r.int(), reaches.indices.contains(reach), let part = r.int(), let offset = r.double(),
                let length = r.double(), let start = r.int(), nodes.indices.contains(start), let end = r.int(),
                nodes.indices.contains(end), let from = r.double(), let to = r.double(), let outlet = r.double(),
                let vertexCount = r.count(minimumBytesEach: 24), vertexCount >= 2
            else { return nil }
            var points: [Coordinate] = []
            points.reserveCapacity(vertexCount)
            for _ in 0..<vertexCount {
                guard let c = r.coordinate() else { return nil }
                points.append(c)
            }
            var cumulative: [Double] = []
            cumulative.reserveCapacity(vertexCount)
            for _ in 0..<vertexCount {
                guard let c = r.double() else { return nil }
                cumulative.append(c)
            }
            edges.append(NetworkEdge(
                reach: reach, part: part, partOffset: offset, length: length, startNode: start, endNode: end,
                fromMeasure: from, toMeasure: to, outletDistance: outlet))
            lines.append(Polyline(points: points, cumulative: cumulative))
        }
        guard let diagnosticCount = r.count(minimumBytesEach: 32) else { return nil }
        var diagnostics: [NetworkDiagnostic] = []
        for _ in 0..<diagnosticCount {
            guard let kindName = r.string(), let kind = NetworkDiagnostic.Kind(rawValue: kindName),
                let names = r.count(minimumBytesEach: 8)
            else { return nil }
            var list: [String] = []
            for _ in 0..<names {
                guard let name = r.string() else { return nil }
                list.append(name)
            }
            guard let location = r.coordinate() else { return nil }
            diagnostics.append(NetworkDiagnostic(kind: kind, reaches: list, location: location))
        }
        guard r.isAtEnd else { return nil }
        self.init(
            reaches: reaches, edges: edges, lines: lines, nodes: nodes, diagnostics: diagnostics, metricEPSG: epsg,
            tolerance: tolerance)
    }
}

private struct ByteWriter {
    var data: [UInt8] = []

    mutating func bytes(_ b: [UInt8]) { data += b }
    mutating func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { data += $0 } }
    mutating func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { data += $0 } }
    mutating func coordinate(_ c: Coordinate) {
        double(c.x)
        double(c.y)
    }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        int(utf8.count)
        data += utf8
    }
    mutating func optionalString(_ s: String?) {
        if let s {
            data.append(1)
            string(s)
        } else {
            data.append(0)
        }
    }
}

private struct ByteReader {
    let data: [UInt8]
    var offset = 0

    init(_ data: [UInt8]) { self.data = data }

    var isAtEnd: Bool { offset == data.count }

    mutating func bytes(_ n: Int) -> [UInt8]? {
        guard n >= 0, data.count - offset >= n else { return nil }
        defer { offset += n }
        return Array(data[offset..<(offset + n)])
    }

    mutating func word() -> UInt64? {
        guard data.count - offset >= 8 else { return nil }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(data[offset + k]) << (8 * k) }
        offset += 8
        return v
    }

    mutating func int() -> Int? { word().map { Int(Int64(bitPattern: $0)) } }
    mutating func double() -> Double? { word().map(Double.init(bitPattern:)) }

    mutating func coordinate() -> Coordinate? {
        guard let x = double(), let y = double() else { return nil }
        return Coordinate(x: x, y: y)
    }

    /// A count of items each taking at least `minimumBytesEach` bytes: refused if the bytes
    /// left could not hold them (so a damaged count never reserves gigabytes).
    mutating func count(minimumBytesEach: Int) -> Int? {
        guard let n = int(), n >= 0, n <= (data.count - offset) / max(1, minimumBytesEach) + 1 else { return nil }
        return n
    }

    mutating func string() -> String? {
        guard let n = count(minimumBytesEach: 1), let b = bytes(n) else { return nil }
        return String(validating: b, as: UTF8.self)
    }

    mutating func optionalString() -> String?? {
        guard offset < data.count else { return nil }
        let flag = data[offset]
        offset += 1
        switch flag {
        case 0: return .some(nil)
        case 1: return string().map { .some($0) }
        default: return nil
        }
    }
}
